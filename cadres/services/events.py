"""Agency events: merge, split, rename, move, dissolve, each dated with its legal basis."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cadres import audit
from cadres.access import acting_user
from cadres.list_cache import bump_registry_version
from cadres.models import (
    Agency,
    AgencyEvent,
    AgencyEventKind,
    AgencyEventLink,
    AgencyEventRole,
    AgencyKind,
    AgencyName,
    AuditAction,
    Cadre,
    OfficerAssignment,
    Posting,
)
from cadres.services.agencies import agency_create
from cadres.services.common import (
    WOULD_LEAVE_SCOPE,
    LegalBasis,
    RegistryError,
    fresh_agency,
    require_in_scope,
    require_subtree_in_scope,
)
from cadres.text import nfc

# Agency events
EVENT_NEEDS_BASIS = _("Give the number of the decision the change is based on.")
EVENT_IN_FUTURE = _(
    "The effective date cannot be in the future: record the change when it takes effect."
)
EVENT_AGENCY_ENDED = _("An agency in this change has already ended.")
EVENT_BEFORE_AGENCY_BEGAN = _("The effective date must come after the agency began.")
EVENT_BEFORE_OPEN_POSTING = _(
    "A current posting or assignment starts on or after the effective date; the change cannot end it."
)
EVENT_BEFORE_LAST_EVENT = _(
    "The effective date cannot be before an earlier change to the same agency."
)
MERGE_NEEDS_TWO = _("A merger needs at least two agencies.")
MERGE_TARGET_IS_SOURCE = _("The agency that remains cannot be one of those merged into it.")
MERGE_TARGET_INSIDE_SOURCE = _(
    "The agency that remains cannot be a unit of one of those merged into it."
)
MERGE_NEEDS_ONE_TARGET = _("Choose either an existing agency or a new one to merge into, not both.")
SPLIT_NEEDS_TWO = _("A split needs at least two agencies to split into.")
SPLIT_TARGET_IS_SOURCE = _("An agency cannot be split into itself or into one of its own units.")
SPLIT_POSTING_UNPLACED = _("Choose where each current posting of the agency goes.")
SPLIT_CHILD_UNPLACED = _("Choose where each current unit of the agency goes.")
SPLIT_DESTINATION_UNKNOWN = _(
    "A posting or unit is sent to an agency that is not part of the split."
)
RENAME_SAME_NAME = _("The new name is the same as the current one.")
RENAME_EMPTY = _("Give the new name.")
MOVE_SAME_PARENT = _("The agency is already under this parent.")
MOVE_INTO_ITSELF = _("An agency cannot be moved under itself or one of its own units.")
DISSOLVE_HAS_POSTINGS = _(
    "Cadres still hold posts in this agency: transfer them or end their postings first."
)
DISSOLVE_HAS_UNITS = _("The agency still has current units: move or dissolve them first.")

# --- Agency events: merge, split, rename, move, dissolve ---
#
# An event changes the present and never rewrites the past. An agency it ends gets valid_to =
# the day before the effective date (never deleted); open postings and officer assignments there
# end that same day and reopen at the successor from the effective date, so a cadre's history
# shows both; closed ones keep pointing at the agency as it was. A renaming keeps the agency's
# row (everything pointing at it stays valid) and files the old name in AgencyName.


@dataclass(frozen=True)
class NewAgency:
    """An agency an event creates (the new commune of a merger, a part of a split)."""

    parent: Agency | None
    code: str
    name: str
    kind: AgencyKind
    admin_code: str = ""
    admin_code_list: str = ""


@dataclass
class EventResult:
    """What an event did, for the message shown to the officer."""

    event: AgencyEvent
    created: list[Agency] = field(default_factory=list)
    moved_postings: int = 0
    moved_assignments: int = 0
    # Assignments ended without a successor (the successor already had that officer, or two
    # predecessors had one): the officer decides who keeps the responsibility.
    ended_assignments: list[OfficerAssignment] = field(default_factory=list)


def _check_event(
    *,
    actor,
    agencies: list[Agency],
    effective_date: date,
    basis: LegalBasis,
    ends: list[Agency] = (),
    carried: list[Agency] = (),
) -> None:
    """Checks every event shares; `ends` are the agencies the event will end, `carried` those
    whose current units the event moves along (they must all be the actor's to change)."""
    if not nfc(basis.number):
        raise RegistryError(EVENT_NEEDS_BASIS)
    if effective_date > date.today():
        raise RegistryError(EVENT_IN_FUTURE)
    for agency in agencies:
        require_in_scope(actor, agency)
        if agency.valid_to is not None:
            raise RegistryError(EVENT_AGENCY_ENDED)
        if agency.valid_from and effective_date < agency.valid_from:
            raise RegistryError(EVENT_BEFORE_AGENCY_BEGAN)
    for agency in carried:
        require_subtree_in_scope(actor, agency)
    for agency in ends:
        # It ends the day before: that day must not be before it began.
        if agency.valid_from and effective_date <= agency.valid_from:
            raise RegistryError(EVENT_BEFORE_AGENCY_BEGAN)
    last = (
        AgencyEvent.objects.filter(links__agency__in=agencies)
        .order_by("-effective_date")
        .values_list("effective_date", flat=True)
        .first()
    )
    if last is not None and effective_date < last:
        raise RegistryError(EVENT_BEFORE_LAST_EVENT)


def _record_event(
    *, actor, kind: str, effective_date: date, basis: LegalBasis, note: str, links
) -> AgencyEvent:
    event = AgencyEvent.objects.create(
        kind=kind,
        effective_date=effective_date,
        basis_number=nfc(basis.number),
        basis_date=basis.issued_on,
        basis_issuer=nfc(basis.issuer),
        note=nfc(note),
        recorded_by=acting_user(actor),
    )
    AgencyEventLink.objects.bulk_create(
        [AgencyEventLink(event=event, agency=agency, role=role) for agency, role in links]
    )
    recorded = audit.snapshot(
        event, ["kind", "effective_date", "basis_number", "basis_date", "basis_issuer", "note"]
    )
    audit.record_many(
        [
            audit.entry(
                actor=actor,
                action=AuditAction.CREATED,
                target=event,
                agency=agency,
                changes=audit.diff({}, {**recorded, "role": str(AgencyEventRole(role).label)}),
                note=agency.name,
            )
            for agency, role in links
        ]
    )
    return event


def _create_agency(actor, spec: NewAgency, valid_from: date) -> Agency:
    return agency_create(
        actor=actor,
        parent=spec.parent,
        code=spec.code,
        name=spec.name,
        kind=spec.kind,
        admin_code=spec.admin_code,
        admin_code_list=spec.admin_code_list,
        valid_from=valid_from,
    )


def _hand_over_present(
    *,
    actor,
    sources: list[Agency],
    posting_destination,
    assignment_destination,
    effective_date: date,
    result: EventResult,
) -> None:
    """End the sources' open postings and assignments the day before and reopen them at their
    destinations from the effective date; closed ones are left exactly as they are."""
    day_before = effective_date - timedelta(days=1)
    postings = list(
        Posting.objects.select_for_update(of=("self",))
        .filter(agency__in=sources, end_date__isnull=True)
        .select_related("cadre", "agency")
    )
    assignments = list(
        OfficerAssignment.objects.select_for_update(of=("self",))
        .filter(agency__in=sources, end_date__isnull=True)
        .select_related("cadre", "agency", "kind")
    )
    if any(p.start_date > day_before for p in postings) or any(
        a.start_date > day_before for a in assignments
    ):
        raise RegistryError(EVENT_BEFORE_OPEN_POSTING)

    new_postings = []
    cadre_agency: dict[int, Agency] = {}
    for posting in postings:
        destination = posting_destination(posting)
        posting.end_date = day_before
        new_postings.append(
            Posting(
                cadre=posting.cadre,
                agency=destination,
                position=posting.position,
                job_position_id=posting.job_position_id,
                title_id=posting.title_id,
                start_date=effective_date,
            )
        )
        cadre_agency[posting.cadre_id] = destination
    # Close first: a cadre may have only one open posting at a time.
    Posting.objects.bulk_update(postings, ["end_date"])
    Posting.objects.bulk_create(new_postings)
    ended = {"end_date": [None, audit.shown(day_before)]}
    audit.record_many(
        [
            audit.entry(actor=actor, action=AuditAction.ENDED, target=p, changes=ended)
            for p in postings
        ]
        + [
            audit.entry(
                actor=actor,
                action=AuditAction.CREATED,
                target=p,
                changes=audit.diff({}, audit.snapshot(p, ["agency", "position", "start_date"])),
            )
            for p in new_postings
        ]
    )
    for destination in {a.pk: a for a in cadre_agency.values()}.values():
        Cadre.objects.filter(
            pk__in=[c for c, a in cadre_agency.items() if a.pk == destination.pk]
        ).update(agency=destination)
    bump_registry_version()  # bulk writes and an update(): no signals
    result.moved_postings = len(postings)

    taken = set(
        OfficerAssignment.objects.filter(
            agency__in={d.pk for d in map(assignment_destination, assignments)},
            end_date__isnull=True,
        )
        .exclude(agency__in=sources)
        .values_list("agency_id", "kind_id")
    )
    carried = []
    for assignment in assignments:
        assignment.end_date = day_before
        destination = assignment_destination(assignment)
        key = (destination.pk, assignment.kind_id)
        if key in taken:
            result.ended_assignments.append(assignment)
            continue
        taken.add(key)
        carried.append(
            OfficerAssignment(
                cadre=assignment.cadre,
                agency=destination,
                kind=assignment.kind,
                start_date=effective_date,
                decision_number=assignment.decision_number,
            )
        )
    OfficerAssignment.objects.bulk_update(assignments, ["end_date"])
    OfficerAssignment.objects.bulk_create(carried)
    _audit_assignments(actor, assignments, carried, day_before)
    result.moved_assignments = len(carried)


def _audit_assignments(actor, ended, carried, day_before: date) -> None:
    audit.record_many(
        [
            audit.entry(
                actor=actor,
                action=AuditAction.ENDED,
                target=a,
                changes={"end_date": [None, audit.shown(day_before)]},
            )
            for a in ended
        ]
        + [
            audit.entry(
                actor=actor,
                action=AuditAction.CREATED,
                target=a,
                changes=audit.diff({}, audit.snapshot(a, ["agency", "start_date"])),
            )
            for a in carried
        ]
    )


def _end_agencies(agencies: list[Agency], effective_date: date) -> None:
    Agency.objects.filter(pk__in=[a.pk for a in agencies]).update(
        valid_to=effective_date - timedelta(days=1)
    )
    bump_registry_version()  # an update(): no signals
    for agency in agencies:
        agency.valid_to = effective_date - timedelta(days=1)


def _move_current_children(actor, parents: list[Agency], destination_of) -> None:
    """Put the parents' current units under their destinations; each must stay in the actor's
    scopes where it lands (a scope narrowed to kinds may not hold it there)."""
    moved = []
    for parent in parents:
        for child in list(fresh_agency(parent).get_children().filter(valid_to__isnull=True)):
            fresh_agency(child).move(fresh_agency(destination_of(child)), pos="last-child")
            moved.append(child)
    if moved:
        bump_registry_version()  # treebeard moves write paths without signals
    for child in moved:
        require_subtree_in_scope(actor, fresh_agency(child), WOULD_LEAVE_SCOPE)


@transaction.atomic
def agency_merge(
    *,
    actor,
    sources: list[Agency],
    target: Agency | None = None,
    new_target: NewAgency | None = None,
    effective_date: date,
    basis: LegalBasis,
    note: str = "",
) -> EventResult:
    """Merge the sources into an existing agency or a new one; the sources end."""
    if (target is None) == (new_target is None):
        raise RegistryError(MERGE_NEEDS_ONE_TARGET)
    sources = [fresh_agency(s) for s in {s.pk: s for s in sources}.values()]
    if target is not None:
        target = fresh_agency(target)
        if any(s.pk == target.pk for s in sources):
            raise RegistryError(MERGE_TARGET_IS_SOURCE)
        if any(target.path.startswith(s.path) for s in sources):
            raise RegistryError(MERGE_TARGET_INSIDE_SOURCE)
    if len(sources) + (1 if target is not None else 0) < 2:
        raise RegistryError(MERGE_NEEDS_TWO)
    new_parent = new_target.parent if new_target is not None else None
    if new_parent is not None and any(new_parent.path.startswith(s.path) for s in sources):
        raise RegistryError(MERGE_TARGET_INSIDE_SOURCE)
    _check_event(
        actor=actor,
        agencies=sources + ([target] if target else []),
        effective_date=effective_date,
        basis=basis,
        ends=sources,
        carried=sources,
    )
    result = EventResult(event=None)
    if target is None:
        target = _create_agency(actor, new_target, effective_date)
        result.created.append(target)
    _hand_over_present(
        actor=actor,
        sources=sources,
        posting_destination=lambda _p: target,
        assignment_destination=lambda _a: target,
        effective_date=effective_date,
        result=result,
    )
    _move_current_children(actor, sources, lambda _child: target)
    _end_agencies(sources, effective_date)
    result.event = _record_event(
        actor=actor,
        kind=AgencyEventKind.MERGE,
        effective_date=effective_date,
        basis=basis,
        note=note,
        links=[(s, AgencyEventRole.SOURCE) for s in sources] + [(target, AgencyEventRole.TARGET)],
    )
    return result


@transaction.atomic
def agency_split(
    *,
    actor,
    source: Agency,
    targets: list[Agency | NewAgency],
    posting_targets: dict[int, int],
    child_targets: dict[int, int] | None = None,
    effective_date: date,
    basis: LegalBasis,
    note: str = "",
) -> EventResult:
    """Split the source into several agencies; it ends.

    `posting_targets` maps each open posting's id to an index in `targets` (every one must be
    placed); `child_targets` does the same for the source's current units.
    """
    child_targets = child_targets or {}
    source = fresh_agency(source)
    if len(targets) < 2:
        raise RegistryError(SPLIT_NEEDS_TWO)
    existing = [fresh_agency(t) for t in targets if isinstance(t, Agency)]
    if any(t.path.startswith(source.path) for t in existing):
        raise RegistryError(SPLIT_TARGET_IS_SOURCE)
    for spec in targets:
        if isinstance(spec, NewAgency) and spec.parent and spec.parent.path.startswith(source.path):
            raise RegistryError(SPLIT_TARGET_IS_SOURCE)
    _check_event(
        actor=actor,
        agencies=[source, *existing],
        effective_date=effective_date,
        basis=basis,
        ends=[source],
        carried=[source],
    )
    if any(not 0 <= i < len(targets) for i in [*posting_targets.values(), *child_targets.values()]):
        raise RegistryError(SPLIT_DESTINATION_UNKNOWN)
    open_ids = set(
        Posting.objects.filter(agency=source, end_date__isnull=True).values_list("pk", flat=True)
    )
    if not open_ids <= set(posting_targets):
        raise RegistryError(SPLIT_POSTING_UNPLACED)
    child_ids = set(
        source.get_children().filter(valid_to__isnull=True).values_list("pk", flat=True)
    )
    if not child_ids <= set(child_targets):
        raise RegistryError(SPLIT_CHILD_UNPLACED)

    result = EventResult(event=None)
    resolved = []
    for spec in targets:
        if isinstance(spec, NewAgency):
            agency = _create_agency(actor, spec, effective_date)
            result.created.append(agency)
            resolved.append(agency)
        else:
            resolved.append(fresh_agency(spec))
    cadre_destination = {}
    for posting in Posting.objects.filter(pk__in=open_ids):
        cadre_destination[posting.cadre_id] = resolved[posting_targets[posting.pk]]
    _hand_over_present(
        actor=actor,
        sources=[source],
        posting_destination=lambda p: resolved[posting_targets[p.pk]],
        # An officer's responsibility follows them if they go to one of the parts; else the first.
        assignment_destination=lambda a: cadre_destination.get(a.cadre_id, resolved[0]),
        effective_date=effective_date,
        result=result,
    )
    _move_current_children(actor, [source], lambda child: resolved[child_targets[child.pk]])
    _end_agencies([source], effective_date)
    result.event = _record_event(
        actor=actor,
        kind=AgencyEventKind.SPLIT,
        effective_date=effective_date,
        basis=basis,
        note=note,
        links=[(source, AgencyEventRole.SOURCE)]
        + [(t, AgencyEventRole.TARGET) for t in {a.pk: a for a in resolved}.values()],
    )
    return result


@transaction.atomic
def agency_rename(
    *,
    actor,
    agency: Agency,
    new_name: str,
    effective_date: date,
    basis: LegalBasis,
    note: str = "",
) -> EventResult:
    """Give the agency a new name from the effective date; the old one is kept, dated."""
    agency = fresh_agency(agency)
    new_name = nfc(new_name)
    if not new_name:
        raise RegistryError(RENAME_EMPTY)
    if new_name == agency.name:
        raise RegistryError(RENAME_SAME_NAME)
    _check_event(actor=actor, agencies=[agency], effective_date=effective_date, basis=basis)
    day_before = effective_date - timedelta(days=1)
    previous = agency.former_names.order_by("-valid_to").first()
    name_from = previous.valid_to + timedelta(days=1) if previous else agency.valid_from
    if name_from is not None and name_from > day_before:
        raise RegistryError(EVENT_BEFORE_LAST_EVENT)
    event = _record_event(
        actor=actor,
        kind=AgencyEventKind.RENAME,
        effective_date=effective_date,
        basis=basis,
        note=note,
        links=[(agency, AgencyEventRole.SOURCE)],
    )
    AgencyName.objects.create(
        agency=agency, name=agency.name, valid_from=name_from, valid_to=day_before, event=event
    )
    agency.name = new_name
    agency.save(update_fields=["name"])
    return EventResult(event=event)


@transaction.atomic
def agency_move(
    *,
    actor,
    agency: Agency,
    new_parent: Agency,
    effective_date: date,
    basis: LegalBasis,
    note: str = "",
) -> EventResult:
    """Put the agency (with its units) under another parent; its postings stay as they are."""
    agency, new_parent = fresh_agency(agency), fresh_agency(new_parent)
    if new_parent.path.startswith(agency.path):
        raise RegistryError(MOVE_INTO_ITSELF)
    old_parent = agency.get_parent()
    if old_parent is not None and old_parent.pk == new_parent.pk:
        raise RegistryError(MOVE_SAME_PARENT)
    _check_event(
        actor=actor,
        agencies=[agency, new_parent],
        effective_date=effective_date,
        basis=basis,
        carried=[agency],
    )
    links = [(agency, AgencyEventRole.SOURCE), (new_parent, AgencyEventRole.TARGET)]
    if old_parent is not None:
        links.append((old_parent, AgencyEventRole.FORMER_PARENT))
    event = _record_event(
        actor=actor,
        kind=AgencyEventKind.MOVE,
        effective_date=effective_date,
        basis=basis,
        note=note,
        links=links,
    )
    agency.move(new_parent, pos="last-child")
    bump_registry_version()  # treebeard moves write paths without signals
    require_subtree_in_scope(actor, fresh_agency(agency), WOULD_LEAVE_SCOPE)
    return EventResult(event=event)


@transaction.atomic
def agency_dissolve(
    *, actor, agency: Agency, effective_date: date, basis: LegalBasis, note: str = ""
) -> EventResult:
    """End an agency that nobody serves in and that has no current units left."""
    agency = fresh_agency(agency)
    _check_event(
        actor=actor, agencies=[agency], effective_date=effective_date, basis=basis, ends=[agency]
    )
    if Posting.objects.filter(agency=agency, end_date__isnull=True).exists():
        raise RegistryError(DISSOLVE_HAS_POSTINGS)
    if agency.get_children().filter(valid_to__isnull=True).exists():
        raise RegistryError(DISSOLVE_HAS_UNITS)
    result = EventResult(event=None)
    assignments = list(
        OfficerAssignment.objects.select_for_update(of=("self",))
        .filter(agency=agency, end_date__isnull=True)
        .select_related("cadre", "agency", "kind")
    )
    day_before = effective_date - timedelta(days=1)
    if any(a.start_date > day_before for a in assignments):
        raise RegistryError(EVENT_BEFORE_OPEN_POSTING)
    for assignment in assignments:
        assignment.end_date = day_before
    OfficerAssignment.objects.bulk_update(assignments, ["end_date"])
    _audit_assignments(actor, assignments, [], day_before)
    result.ended_assignments = assignments
    _end_agencies([agency], effective_date)
    result.event = _record_event(
        actor=actor,
        kind=AgencyEventKind.DISSOLVE,
        effective_date=effective_date,
        basis=basis,
        note=note,
        links=[(agency, AgencyEventRole.SOURCE)],
    )
    return result
