"""Agencies' own details: creating one and editing what is not history (names, parents and
ends change through agency events, see cadres.services.events)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cadres import audit
from cadres.access import change_scope_for
from cadres.models import Agency, AgencyEvent, AgencyKind, AuditAction
from cadres.services.common import (
    AGENCY_OUT_OF_SCOPE,
    WOULD_LEAVE_SCOPE,
    RegistryError,
    fresh_agency,
    require_in_scope,
)
from cadres.text import nfc

AGENCY_CODE_TAKEN = _("Another agency already has this code.")
AGENCY_PARENT_ENDED = _("The agency above has ended; add the new agency under its successor.")
AGENCY_VALID_FROM_AFTER_EVENT = _(
    "The start of validity cannot be after a recorded change to this agency."
)
NEW_AGENCY_OUT_OF_SCOPE = _(
    "The new agency would be outside the agencies you manage: choose a kind of agency that "
    "your scope covers."
)


AGENCY_FIELDS = ["kind", "admin_code", "admin_code_list", "valid_from"]


@transaction.atomic
def agency_create(
    *,
    actor,
    parent: Agency | None,
    code: str,
    name: str,
    kind: AgencyKind,
    admin_code: str = "",
    admin_code_list: str = "",
    valid_from: date | None = None,
) -> Agency:
    """A new agency under `parent` (or a new top agency, for users who see the whole province).

    The new agency must lie in the creator's scopes too: a scope narrowed to some kinds adds
    only agencies of those kinds, and only a scope of the whole province adds a top agency.
    """
    if parent is None:
        if not change_scope_for(actor).everything:
            raise RegistryError(AGENCY_OUT_OF_SCOPE)
    else:
        require_in_scope(actor, parent)
        parent = fresh_agency(parent)  # treebeard needs the parent's current path and numchild
        if parent.valid_to is not None:
            raise RegistryError(AGENCY_PARENT_ENDED)
    code = nfc(code)
    if Agency.objects.filter(code=code).exists():
        raise RegistryError(AGENCY_CODE_TAKEN)
    fields = {
        "code": code,
        "name": nfc(name),
        "kind": kind,
        "admin_code": nfc(admin_code),
        "admin_code_list": nfc(admin_code_list),
        "valid_from": valid_from,
    }
    agency = Agency.add_root(**fields) if parent is None else parent.add_child(**fields)
    require_in_scope(actor, agency, NEW_AGENCY_OUT_OF_SCOPE)  # rolls the creation back
    audit.record(
        actor=actor,
        action=AuditAction.CREATED,
        target=agency,
        agency=agency,
        changes=audit.diff({}, audit.snapshot(agency, ["code", "name", *AGENCY_FIELDS])),
    )
    return agency


@transaction.atomic
def agency_update(
    *,
    actor,
    agency: Agency,
    kind: AgencyKind,
    admin_code: str = "",
    admin_code_list: str = "",
    valid_from: date | None = None,
) -> Agency:
    """Change the details of an agency that are not its history.

    Its name, its place in the tree and its end are history: they change only through agency
    events with their decision (cadres.services.events), whatever the door.
    """
    require_in_scope(actor, agency)
    first_event = (
        AgencyEvent.objects.filter(links__agency=agency)
        .order_by("effective_date")
        .values_list("effective_date", flat=True)
        .first()
    )
    if valid_from and first_event and valid_from > first_event:
        raise RegistryError(AGENCY_VALID_FROM_AFTER_EVENT)
    if not change_scope_for(actor).contains(Agency(path=agency.path, kind=kind)):
        raise RegistryError(WOULD_LEAVE_SCOPE)  # a new kind may leave a scope narrowed to kinds
    before = audit.snapshot(agency, AGENCY_FIELDS)
    agency.kind = kind
    agency.admin_code = nfc(admin_code)
    agency.admin_code_list = nfc(admin_code_list)
    agency.valid_from = valid_from
    agency.save(update_fields=["kind", "admin_code", "admin_code_list", "valid_from"])
    audit.record_change(
        actor=actor, target=agency, before=before, fields=AGENCY_FIELDS, agency=agency
    )
    return agency
