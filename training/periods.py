"""Reporting periods: calendar ones, and the State's (Decree 09/2019/NĐ-CP, art. 12).

The State closes its figures on the 14th: six-month figures run from 15 December of the year
before to 14 June, yearly figures from 15 December of the year before to 14 December. Party
bodies also report on calendar periods. Hours targets are yearly, so a shorter period's target
is the yearly one pro-rated by days (`prorate`), as the report pages say.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

STATE_PERIOD_BASIS = _("Decree 09/2019/NĐ-CP, article 12")
PRORATE_RULE = _(
    "Hours targets are set per year. For a shorter period the target is the yearly target "
    "multiplied by the period's days over the year's days, rounded to the nearest hour."
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def calendar_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def quarter(year: int, number: int) -> Period:
    if number not in (1, 2, 3, 4):
        raise ValueError("a quarter is 1 to 4")
    start = date(year, 3 * number - 2, 1)
    next_start = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return Period(start, next_start - timedelta(days=1))


def state_six_months(year: int) -> Period:
    """The State's six-month figures of `year`: 15/12 of the year before to 14/06."""
    return Period(date(year - 1, 12, 15), date(year, 6, 14))


def state_year(year: int) -> Period:
    """The State's yearly figures of `year`: 15/12 of the year before to 14/12."""
    return Period(date(year - 1, 12, 15), date(year, 12, 14))


def state_year_of(day: date) -> int:
    """The State reporting year `day` falls in: from 15 December on, the next year's."""
    return day.year + 1 if (day.month, day.day) >= (12, 15) else day.year


# The periods a report page offers, in the order it offers them.
PRESETS = {
    "state_year": (_("Yearly review (15/12–14/12)"), state_year),
    "state_six_months": (_("Six-month review (15/12–14/06)"), state_six_months),
    "year": (_("Calendar year"), calendar_year),
    "q1": (_("Quarter 1"), lambda year: quarter(year, 1)),
    "q2": (_("Quarter 2"), lambda year: quarter(year, 2)),
    "q3": (_("Quarter 3"), lambda year: quarter(year, 3)),
    "q4": (_("Quarter 4"), lambda year: quarter(year, 4)),
}


def preset(name: str, year: int) -> Period:
    return PRESETS[name][1](year)


def prorate(yearly_target: int, period: Period) -> int:
    """The share of a yearly hours target that falls in `period` (a whole year keeps it)."""
    year_days = 366 if _has_leap_day(period) else 365
    if period.days >= year_days:
        return yearly_target
    return int(yearly_target * period.days / year_days + 0.5)


def _has_leap_day(period: Period) -> bool:
    for year in range(period.start.year, period.end.year + 1):
        try:
            leap = date(year, 2, 29)
        except ValueError:
            continue
        if leap in period:
            return True
    return False
