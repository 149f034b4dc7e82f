"""Bar charts drawn on the server as SVG: no script, no library from outside, readable at any
width: bars are sized in percent of the box and text keeps its size (no viewBox scaling); labels
sit above the bars so long Vietnamese names fit on a phone."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown (with its unit or percent)
    y: int = 0
    percent: float = 0.0  # of the chart's width (bars use at most 80%, the rest is the value)


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    height: int


BAR_HEIGHT = 14
ROW_HEIGHT = 38  # label line + bar + gap
LONGEST = 80.0  # percent of the width for the longest bar


def bar_chart(title: str, items: list[tuple[str, float, str]], *, limit: int = 20) -> BarChart:
    """Horizontal bars, longest first, at most `limit` of them."""
    items = sorted(items, key=lambda item: -item[1])[:limit]
    top = max((value for _label, value, _text in items), default=0) or 1
    bars = [
        Bar(label, value, text, y=index * ROW_HEIGHT, percent=round(LONGEST * value / top, 1))
        for index, (label, value, text) in enumerate(items)
    ]
    return BarChart(title, bars, height=max(len(bars) * ROW_HEIGHT, ROW_HEIGHT))
