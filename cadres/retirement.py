"""Retirement dates from the date of birth and gender, by the roadmap of Decree 135/2020/NĐ-CP.

The roadmap is a table (RetirementAge, seeded from the decree's Phụ lục I): the age of those who
reach it in a given year. A person retires at the age of the first year in which they reach
that year's age; the moment of retirement is the end of the last day of the month in which
they reach it (Decree 135/2020/NĐ-CP, art. 3), so only the month of birth counts. A cadre may
have a decided earlier or later date (Cadre.retirement_override) in the cases the law allows.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from cadres.models import Cadre, Gender, RetirementAge, RetirementCase

# Earlier or later retirement is allowed up to five years either side of the roadmap's age
# (Labour Code 2019, art. 169.3 and 169.4; Decree 135/2020/NĐ-CP, art. 5; Decree 83/2022).
OVERRIDE_LIMIT_MONTHS = 60


@dataclass(frozen=True)
class Step:
    year: int
    months: int  # the age in months
    basis: str


class Roadmap:
    """The retirement-age table, by gender, read once (one query) and used for many cadres."""

    def __init__(self, rows):
        self.steps: dict[str, list[Step]] = {}
        for row in rows:
            self.steps.setdefault(row.gender, []).append(
                Step(row.year, row.total_months, row.basis)
            )
        for steps in self.steps.values():
            steps.sort(key=lambda s: s.year)

    @classmethod
    def load(cls) -> "Roadmap":
        return cls(RetirementAge.objects.all())

    def step_for(self, gender: str, year: int) -> Step:
        steps = self.steps[gender]
        found = steps[0]
        for step in steps:
            if step.year > year:
                break
            found = step
        return found


@dataclass(frozen=True)
class Retirement:
    """When a cadre retires, and why on that day."""

    on: date  # the last working day (the retirement moment is the end of it)
    statutory: date  # the roadmap's date, before any decided override
    age_months: int  # the roadmap's age
    basis: str
    gender_known: bool
    case: str = ""  # RetirementCase of a decided override
    reason: str = ""

    @property
    def is_overridden(self) -> bool:
        return bool(self.case)

    @property
    def case_label(self) -> str:
        return RetirementCase(self.case).label if self.case else ""

    @property
    def age_years(self) -> int:
        return self.age_months // 12

    @property
    def age_extra_months(self) -> int:
        return self.age_months % 12

    def months_left(self, day: date) -> int:
        """Whole months of service from `day` to the retirement date (0 once past it)."""
        if self.on <= day:
            return 0
        return months_between(day, self.on)


def months_between(start: date, end: date) -> int:
    """Whole months from start to end (a month counts once its day is reached)."""
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def _month_end(month_index: int) -> date:
    year, month = divmod(month_index, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def statutory_retirement(born: date, gender: str, roadmap: Roadmap) -> tuple[date, Step]:
    """The roadmap's retirement date and the step that gives it.

    For the years of the roadmap in order: the month in which the person reaches that year's
    age; the first year in which that month falls (not later) is theirs.
    """
    born_index = born.year * 12 + born.month - 1
    year = roadmap.steps[gender][0].year
    while True:
        step = roadmap.step_for(gender, year)
        reached = born_index + step.months
        if reached // 12 <= year:
            return _month_end(reached), step
        year += 1


def retirement_of(cadre: Cadre, roadmap: Roadmap) -> Retirement:
    """The cadre's retirement; unknown gender takes the earlier (women's) age, so that
    warnings err on the side of showing."""
    gender_known = cadre.gender in roadmap.steps
    gender = cadre.gender if gender_known else Gender.FEMALE
    statutory, step = statutory_retirement(cadre.date_of_birth, gender, roadmap)
    if cadre.retirement_override:
        return Retirement(
            on=cadre.retirement_override,
            statutory=statutory,
            age_months=step.months,
            basis=step.basis,
            gender_known=gender_known,
            case=cadre.retirement_case,
            reason=cadre.retirement_reason,
        )
    return Retirement(
        on=statutory,
        statutory=statutory,
        age_months=step.months,
        basis=step.basis,
        gender_known=gender_known,
    )


def override_bounds(born: date, gender: str, roadmap: Roadmap, *, earlier: bool):
    """The dates a decided retirement may take, as (first, last).

    Earlier: down to five years below the roadmap's age of the year of retirement (the
    decree's Phụ lục II); later: up to five years above it. Both end on a month's last day.
    """
    born_index = born.year * 12 + born.month - 1
    statutory, _step = statutory_retirement(born, gender, roadmap)
    statutory_index = statutory.year * 12 + statutory.month - 1

    def allowed(month_index: int) -> bool:
        age = month_index - born_index
        limit = roadmap.step_for(gender, month_index // 12).months
        if earlier:
            return age >= limit - OVERRIDE_LIMIT_MONTHS
        return age <= limit + OVERRIDE_LIMIT_MONTHS

    if earlier:
        # Age rises twelve months a year, the roadmap's at most four: `allowed` holds from one
        # month on, so walk down from the roadmap's date to the first month it holds for.
        first = statutory_index
        while allowed(first - 1):
            first -= 1
        return _month_end(first), statutory
    last = statutory_index
    while allowed(last + 1):
        last += 1
    return statutory, _month_end(last)
