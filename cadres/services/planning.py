"""The planning register (quy hoạch): place a cadre in planning for a title, remove them."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres import audit
from cadres.access import acting_user
from cadres.models import Agency, AuditAction, Cadre, LeadershipTitle, PlanningEntry
from cadres.services.common import LegalBasis, RegistryError, require_in_scope
from cadres.text import nfc

PLANNING_FIELDS = ["title", "term_start", "term_end", "basis_number", "basis_date"]
PLANNING_BAD_TERM = _("The term must end after it starts (for example 2025–2030).")
PLANNING_NEEDS_DECISION = _("Give the number and date of the planning decision.")
PLANNING_ALREADY = _("This cadre is already in planning for this title of this agency and term.")
PLANNING_AGENCY_ENDED = _("This agency has ended: it has no titles to plan for.")
PLANNING_ALREADY_REMOVED = _("This cadre was already removed from this planning.")
PLANNING_REMOVAL_NEEDS_REASON = _("Give the reason for removing the cadre from planning.")
PLANNING_REMOVAL_BEFORE_DECISION = _(
    "The removal cannot be dated before the decision that placed the cadre in planning."
)


@transaction.atomic
def planning_add(
    *,
    actor,
    cadre: Cadre,
    agency: Agency,
    title: LeadershipTitle,
    term_start: int,
    term_end: int,
    basis: LegalBasis,
    reason: str = "",
) -> PlanningEntry:
    """Place a cadre in planning for a title of an agency for a term, on a decision.

    The limits (people per title, titles per person, service left) give warnings on the
    register, never a refusal (cadres.selectors.planning_warnings)."""
    require_in_scope(actor, cadre.agency)
    require_in_scope(actor, agency)
    if agency.valid_to is not None:
        raise RegistryError(PLANNING_AGENCY_ENDED)
    if not term_start or not term_end or term_end <= term_start:
        raise RegistryError(PLANNING_BAD_TERM)
    if not nfc(basis.number) or basis.issued_on is None:
        raise RegistryError(PLANNING_NEEDS_DECISION)
    try:
        with transaction.atomic():
            entry = PlanningEntry.objects.create(
                cadre=cadre,
                agency=agency,
                title=title,
                term_start=term_start,
                term_end=term_end,
                basis_number=nfc(basis.number),
                basis_date=basis.issued_on,
                basis_issuer=nfc(basis.issuer),
                reason=nfc(reason),
                added_by=acting_user(actor),
            )
    except IntegrityError:
        raise RegistryError(PLANNING_ALREADY) from None
    audit.record(
        actor=actor,
        action=AuditAction.CREATED,
        target=entry,
        changes=audit.diff({}, audit.snapshot(entry, PLANNING_FIELDS)),
    )
    return entry


@transaction.atomic
def planning_remove(
    *,
    actor,
    entry: PlanningEntry,
    reason: str,
    removed_on: date | None = None,
    decision_number: str = "",
) -> PlanningEntry:
    """Take a cadre out of planning (quy hoạch "động"): the row stays, with date and reason."""
    require_in_scope(actor, entry.agency)
    entry = PlanningEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.removed_on is not None:
        raise RegistryError(PLANNING_ALREADY_REMOVED)
    reason = nfc(reason)
    if not reason:
        raise RegistryError(PLANNING_REMOVAL_NEEDS_REASON)
    removed_on = removed_on or timezone.localdate()
    if removed_on < entry.basis_date:
        raise RegistryError(PLANNING_REMOVAL_BEFORE_DECISION)
    entry.removed_on = removed_on
    entry.removal_reason = reason
    entry.removal_number = nfc(decision_number)
    entry.removed_by = acting_user(actor)
    entry.save(update_fields=["removed_on", "removal_reason", "removal_number", "removed_by"])
    audit.record(
        actor=actor,
        action=AuditAction.ENDED,
        target=entry,
        changes=audit.diff(
            {}, audit.snapshot(entry, ["removed_on", "removal_reason", "removal_number"])
        ),
    )
    return entry
