"""A cadre's decided earlier or later retirement, in the cases the law allows."""

from datetime import date

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from cadres import audit
from cadres.models import Cadre, Gender, RetirementCase
from cadres.retirement import Roadmap, override_bounds
from cadres.services.common import RegistryError, require_in_scope
from cadres.text import nfc

RETIREMENT_BAD_CASE = _("Choose the case of the earlier or later retirement.")
RETIREMENT_NEEDS_DATE = _("Give the decided retirement date.")
RETIREMENT_NEEDS_REASON = _("Give the decision and the reason.")
RETIREMENT_EARLIER_RANGE = _(
    "An earlier retirement must fall between %(first)s and %(last)s: at most five years "
    "before the roadmap's date, %(last)s."
)
RETIREMENT_LATER_RANGE = _(
    "A later retirement must fall between %(first)s and %(last)s: at most five years after "
    "the roadmap's date, %(first)s."
)


RETIREMENT_FIELDS = ["retirement_override", "retirement_case", "retirement_reason"]


def _date(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@transaction.atomic
def cadre_retirement_decide(
    *, actor, cadre: Cadre, case: str, retirement_date: date | None, reason: str
) -> Cadre:
    """Record a decided retirement date (checked against the law's five years either side)."""
    require_in_scope(actor, cadre.agency)
    reason = nfc(reason)
    if case not in RetirementCase.values:
        raise RegistryError(RETIREMENT_BAD_CASE)
    if retirement_date is None:
        raise RegistryError(RETIREMENT_NEEDS_DATE)
    if not reason:
        raise RegistryError(RETIREMENT_NEEDS_REASON)
    earlier = RetirementCase.is_earlier(case)
    roadmap = Roadmap.load()
    gender = cadre.gender if cadre.gender in roadmap.steps else Gender.FEMALE
    first, last = override_bounds(cadre.date_of_birth, gender, roadmap, earlier=earlier)
    # Strictly earlier or later: the roadmap's own date is no override.
    if not first <= retirement_date <= last or retirement_date == (last if earlier else first):
        message = RETIREMENT_EARLIER_RANGE if earlier else RETIREMENT_LATER_RANGE
        raise RegistryError(message % {"first": _date(first), "last": _date(last)})
    before = audit.snapshot(cadre, RETIREMENT_FIELDS)
    cadre.retirement_override = retirement_date
    cadre.retirement_case = case
    cadre.retirement_reason = reason
    cadre.save(update_fields=RETIREMENT_FIELDS)
    audit.record_change(actor=actor, target=cadre, before=before, fields=RETIREMENT_FIELDS)
    return cadre


@transaction.atomic
def cadre_retirement_clear(*, actor, cadre: Cadre) -> Cadre:
    """Back to the roadmap's date."""
    require_in_scope(actor, cadre.agency)
    before = audit.snapshot(cadre, RETIREMENT_FIELDS)
    cadre.retirement_override = None
    cadre.retirement_case = ""
    cadre.retirement_reason = ""
    cadre.save(update_fields=RETIREMENT_FIELDS)
    audit.record_change(actor=actor, target=cadre, before=before, fields=RETIREMENT_FIELDS)
    return cadre
