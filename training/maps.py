"""A map of the province's communes drawn as SVG on the server: one point per commune at its
centre (coordinates from the administrative-units data the registry uses), coloured by a share,
with a legend; each point links to the commune's figures. No tiles, no script."""

import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

WIDTH, HEIGHT, MARGIN = 560, 480, 16

# (upper bound of the share, css class, legend text): shares of cadres below target.
BANDS = [
    (0.25, "band-1", "< 25%"),
    (0.5, "band-2", "25–50%"),
    (0.75, "band-3", "50–75%"),
    (1.01, "band-4", "≥ 75%"),
]


@dataclass(frozen=True)
class Point:
    code: str
    name: str
    x: float
    y: float
    css: str
    text: str  # what the point's tooltip and accessible name say
    url: str


@dataclass(frozen=True)
class CommuneMap:
    title: str
    points: list[Point]
    legend: list[tuple[str, str]]
    width: int = WIDTH
    height: int = HEIGHT


NO_FIGURES = ("band-none", _("no figures"))


def band(share: float | None) -> str:
    if share is None:
        return NO_FIGURES[0]
    return next(css for bound, css, _text in BANDS if share < bound)


def commune_map(title: str, items, places: dict, url_for) -> CommuneMap:
    """items: (code, share or None, text); places: code -> (name, lat, lon); url_for(code) ->
    a link ("" for none)."""
    located = [(code, share, text, *places[code]) for code, share, text in items if code in places]
    if not located:
        return CommuneMap(title, [], _legend())
    lats = [lat for *_rest, lat, _lon in located]
    lons = [lon for *_rest, lon in located]
    mid = math.cos(math.radians(sum(lats) / len(lats)))  # a degree of longitude is shorter
    # A few communes close together would fill the whole box: never zoom in closer than
    # about 0.3 degrees across (a province is 1–3 degrees), and centre what is drawn.
    span_x = max((max(lons) - min(lons)) * mid, 0.3)
    span_y = max(max(lats) - min(lats), 0.3)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)
    left = MARGIN + ((WIDTH - 2 * MARGIN) - (max(lons) - min(lons)) * mid * scale) / 2
    top = MARGIN + ((HEIGHT - 2 * MARGIN) - (max(lats) - min(lats)) * scale) / 2
    points = [
        Point(
            code=code,
            name=name,
            x=round(left + (lon - min(lons)) * mid * scale, 1),
            y=round(top + (max(lats) - lat) * scale, 1),
            css=band(share),
            text=f"{name}: {text}",
            url=url_for(code),
        )
        for code, share, text, name, lat, lon in located
    ]
    return CommuneMap(title, points, _legend())


def _legend() -> list[tuple[str, str]]:
    return [(css, text) for _bound, css, text in BANDS] + [NO_FIGURES]
