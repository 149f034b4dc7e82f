"""Officers responsible for mass-mobilization work in agencies."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cadres import audit
from cadres.models import (
    Agency,
    AuditAction,
    Cadre,
    OfficerAssignment,
    Posting,
    ResponsibilityKind,
)
from cadres.services.common import (
    RegistryError,
    require_in_scope,
)
from cadres.text import nfc

# Responsible officers
ASSIGNMENT_KIND_FILLED = _(
    "This responsibility already has an officer in this agency; end that assignment first."
)
ASSIGNMENT_CADRE_NOT_SERVING = _("The officer must hold a post at the moment.")
ASSIGNMENT_AGENCY_ENDED = _("This agency has ended; it cannot get an officer.")
ASSIGNMENT_ALREADY_ENDED = _("This assignment has already ended.")
ASSIGNMENT_ENDS_TOO_EARLY = _("An assignment cannot end before it started.")

# --- Responsible officers ---


@transaction.atomic
def officer_assign(
    *,
    actor,
    agency: Agency,
    cadre: Cadre,
    kind: ResponsibilityKind,
    start_date: date,
    decision_number: str = "",
) -> OfficerAssignment:
    """Make a serving cadre responsible for this kind of work in the agency."""
    require_in_scope(actor, agency)
    require_in_scope(actor, cadre.agency)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.valid_to is not None:
        raise RegistryError(ASSIGNMENT_AGENCY_ENDED)
    if not Posting.objects.filter(cadre=cadre, end_date__isnull=True).exists():
        raise RegistryError(ASSIGNMENT_CADRE_NOT_SERVING)
    if OfficerAssignment.objects.filter(agency=agency, kind=kind, end_date__isnull=True).exists():
        raise RegistryError(ASSIGNMENT_KIND_FILLED)
    try:
        with transaction.atomic():  # the named constraint catches a concurrent assignment
            assignment = OfficerAssignment.objects.create(
                cadre=cadre,
                agency=agency,
                kind=kind,
                start_date=start_date,
                decision_number=nfc(decision_number),
            )
    except IntegrityError:
        raise RegistryError(ASSIGNMENT_KIND_FILLED) from None
    audit.record(
        actor=actor,
        action=AuditAction.CREATED,
        target=assignment,
        changes=audit.diff(
            {},
            audit.snapshot(
                assignment, ["cadre", "agency", "kind", "start_date", "decision_number"]
            ),
        ),
    )
    return assignment


@transaction.atomic
def officer_assignment_end(
    *, actor, assignment: OfficerAssignment, end_date: date
) -> OfficerAssignment:
    """End an assignment; the responsibility is vacant from the next day."""
    require_in_scope(actor, assignment.agency)
    assignment = OfficerAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.end_date is not None:
        raise RegistryError(ASSIGNMENT_ALREADY_ENDED)
    if end_date < assignment.start_date:
        raise RegistryError(ASSIGNMENT_ENDS_TOO_EARLY)
    assignment.end_date = end_date
    assignment.save(update_fields=["end_date"])
    audit.record(
        actor=actor,
        action=AuditAction.ENDED,
        target=assignment,
        changes={"end_date": [None, audit.shown(end_date)]},
    )
    return assignment
