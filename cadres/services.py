"""Every write to the registry: cadres, postings, agencies and cadres' accounts."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cadres.access import agency_scope_for
from cadres.models import (
    Agency,
    AgencyEvent,
    AgencyEventKind,
    AgencyEventLink,
    AgencyEventRole,
    AgencyKind,
    AgencyName,
    Cadre,
    CadreCategory,
    OfficerAssignment,
    Posting,
    ResponsibilityKind,
    RotationForm,
    RotationPlan,
    RotationStatus,
)
from cadres.roles import Role
from cadres.text import nfc

# Error messages live here so tests assert on them and the translation is checked in one place.
AGENCY_OUT_OF_SCOPE = _("This agency is outside the agencies you manage.")
AGENCY_CODE_TAKEN = _("Another agency already has this code.")
AGENCY_DATES_REVERSED = _("The end of validity cannot be before its start.")
CADRE_CODE_TAKEN = _("Another cadre already has this personnel code.")
CADRE_HAS_NO_OPEN_POSTING = _("This cadre holds no post at the moment.")
CADRE_ALREADY_SERVING = _("This cadre already holds a post; transfer them instead.")
POSTING_STARTS_TOO_EARLY = _("The new post cannot start before the current one started.")
POSTING_ENDS_TOO_EARLY = _("A post cannot end before it started.")
PARTY_DATE_WITHOUT_MEMBERSHIP = _("A date of joining the Party needs party membership.")
ACCOUNT_EXISTS = _("This cadre already has an account.")
ACCOUNT_USERNAME_TAKEN = _("A login with this personnel code already exists.")
ACCOUNT_EMAIL_TAKEN = _("Another account already uses this email address.")
ACCOUNT_CADRE_LEFT = _("This cadre has left; an account cannot be opened.")
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
# Responsible officers
ASSIGNMENT_KIND_FILLED = _(
    "This responsibility already has an officer in this agency; end that assignment first."
)
ASSIGNMENT_CADRE_NOT_SERVING = _("The officer must hold a post at the moment.")
ASSIGNMENT_AGENCY_ENDED = _("This agency has ended; it cannot get an officer.")
ASSIGNMENT_ALREADY_ENDED = _("This assignment has already ended.")
ASSIGNMENT_ENDS_TOO_EARLY = _("An assignment cannot end before it started.")
# Rotation plans
ROTATION_NOT_SERVING = _(
    "This cadre holds no post at the moment, so there is nothing to rotate from."
)
ROTATION_SAME_AGENCY = _("The cadre already works in this agency: choose another one.")
ROTATION_TO_ENDED_AGENCY = _("The agency to rotate to has ended.")
ROTATION_BEFORE_CURRENT_POST = _("The planned date cannot be before the current post started.")
ROTATION_ALREADY_PLANNED = _("This cadre already has a rotation plan that is proposed or approved.")
ROTATION_CANNOT_APPROVE = _("Only a proposed plan can be approved.")
ROTATION_CANNOT_EXECUTE = _("Only an approved plan can be carried out.")
ROTATION_CANNOT_CANCEL = _("A plan that was carried out or cancelled cannot be cancelled.")
ROTATION_POST_CHANGED = _(
    "The cadre's post has changed since the plan was made: cancel it and make a new one."
)
ROTATION_NEEDS_POSITION = _("Give the position in the agency rotated to.")
ROTATION_BAD_FORM = _("Choose the form of the move: rotation, reassignment or secondment.")


class RegistryError(Exception):
    """A rule of the registry refused the change; `message` is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _require_in_scope(actor, agency: Agency) -> None:
    if not agency_scope_for(actor).contains(agency):
        raise RegistryError(AGENCY_OUT_OF_SCOPE)


# --- Agencies ---


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
    """A new agency under `parent` (or a new top agency, for users who see the whole province)."""
    if parent is None:
        if not agency_scope_for(actor).everything:
            raise RegistryError(AGENCY_OUT_OF_SCOPE)
    else:
        _require_in_scope(actor, parent)
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
    if parent is None:
        return Agency.add_root(**fields)
    return Agency.objects.get(pk=parent.pk).add_child(**fields)


@transaction.atomic
def agency_update(
    *,
    actor,
    agency: Agency,
    name: str,
    kind: AgencyKind,
    admin_code: str = "",
    admin_code_list: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Agency:
    """Change an agency's own details; its place in the tree changes through agency events."""
    _require_in_scope(actor, agency)
    if valid_from and valid_to and valid_to < valid_from:
        raise RegistryError(AGENCY_DATES_REVERSED)
    agency.name = nfc(name)
    agency.kind = kind
    agency.admin_code = nfc(admin_code)
    agency.admin_code_list = nfc(admin_code_list)
    agency.valid_from = valid_from
    agency.valid_to = valid_to
    agency.save(
        update_fields=["name", "kind", "admin_code", "admin_code_list", "valid_from", "valid_to"]
    )
    return agency


# --- Cadres and postings ---


@dataclass
class CadreDetails:
    """The personal details of a cadre, as a form or an import row gives them."""

    full_name: str
    date_of_birth: date
    gender: str = ""
    ethnicity: str = ""
    religion: str = ""
    is_party_member: bool = False
    party_joined_on: date | None = None
    theory_level: str = ""
    education: str = ""
    category: CadreCategory | None = None
    email: str = ""

    def apply_to(self, cadre: Cadre) -> None:
        if self.party_joined_on and not self.is_party_member:
            raise RegistryError(PARTY_DATE_WITHOUT_MEMBERSHIP)
        cadre.full_name = nfc(self.full_name)
        cadre.date_of_birth = self.date_of_birth
        cadre.gender = self.gender
        cadre.ethnicity = nfc(self.ethnicity)
        cadre.religion = nfc(self.religion)
        cadre.is_party_member = self.is_party_member
        cadre.party_joined_on = self.party_joined_on
        cadre.theory_level = self.theory_level
        cadre.education = nfc(self.education)
        cadre.category = self.category
        cadre.email = nfc(self.email).lower()


@transaction.atomic
def cadre_create(
    *,
    actor,
    personnel_code: str,
    details: CadreDetails,
    agency: Agency,
    position: str = "",
    start_date: date | None = None,
) -> Cadre:
    """A new cadre with their first (open) posting."""
    _require_in_scope(actor, agency)
    personnel_code = nfc(personnel_code)
    if Cadre.objects.filter(personnel_code=personnel_code).exists():
        raise RegistryError(CADRE_CODE_TAKEN)
    cadre = Cadre(personnel_code=personnel_code, agency=agency)
    details.apply_to(cadre)
    cadre.full_clean(exclude=["agency", "category", "user"])
    cadre.save()
    Posting.objects.create(
        cadre=cadre,
        agency=agency,
        position=nfc(position),
        start_date=start_date or date.today(),
    )
    return cadre


@transaction.atomic
def cadre_update(*, actor, cadre: Cadre, details: CadreDetails) -> Cadre:
    """Change a cadre's personal details (postings change through transfer and leave)."""
    _require_in_scope(actor, cadre.agency)
    details.apply_to(cadre)
    cadre.full_clean(exclude=["agency", "category", "user", "personnel_code"])
    cadre.save()
    if cadre.user_id and cadre.email and cadre.user.email != cadre.email:
        _check_email_free(cadre.email, except_user_id=cadre.user_id)
        cadre.user.email = cadre.email
        cadre.user.save(update_fields=["email"])
    return cadre


@transaction.atomic
def cadre_transfer(
    *, actor, cadre: Cadre, agency: Agency, position: str = "", start_date: date
) -> Posting:
    """End the open posting the day the new one starts and open the new one.

    A cadre who had left is posted again the same way, and their account is reactivated.
    """
    _require_in_scope(actor, cadre.agency)
    _require_in_scope(actor, agency)
    current = Posting.objects.select_for_update().filter(cadre=cadre, end_date__isnull=True).first()
    if current is not None:
        if start_date < current.start_date:
            raise RegistryError(POSTING_STARTS_TOO_EARLY)
        current.end_date = start_date
        current.save(update_fields=["end_date"])
    posting = Posting.objects.create(
        cadre=cadre, agency=agency, position=nfc(position), start_date=start_date
    )
    cadre.agency = agency
    cadre.save(update_fields=["agency"])
    if cadre.user_id and not cadre.user.is_active:
        cadre.user.is_active = True
        cadre.user.save(update_fields=["is_active"])
    return posting


@transaction.atomic
def cadre_leave(*, actor, cadre: Cadre, end_date: date) -> Posting:
    """End the cadre's open posting; with none left open, their account is deactivated."""
    _require_in_scope(actor, cadre.agency)
    current = Posting.objects.select_for_update().filter(cadre=cadre, end_date__isnull=True).first()
    if current is None:
        raise RegistryError(CADRE_HAS_NO_OPEN_POSTING)
    if end_date < current.start_date:
        raise RegistryError(POSTING_ENDS_TOO_EARLY)
    current.end_date = end_date
    current.save(update_fields=["end_date"])
    if cadre.user_id:
        cadre.user.is_active = False
        cadre.user.save(update_fields=["is_active"])
    return current


# --- Accounts ---


@dataclass(frozen=True)
class AccountOpened:
    """A new account; the set-password link is shown once when there was no email to send it to."""

    cadre: Cadre
    set_password_url: str
    emailed: bool


def set_password_url(user) -> str:
    """An absolute allauth password-reset link; it stops working once the password is set."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def _check_email_free(email: str, *, except_user_id: int | None = None) -> None:
    users = get_user_model().objects.filter(email__iexact=email)
    if except_user_id is not None:
        users = users.exclude(pk=except_user_id)
    if users.exists():
        raise RegistryError(ACCOUNT_EMAIL_TAKEN)


def _account_email(cadre: Cadre, url: str) -> EmailMultiAlternatives:
    # Cadres' accounts are new: their language is Vietnamese until they choose otherwise.
    with translation.override("vi"):
        context = {"cadre": cadre, "url": url, "site_url": settings.SITE_URL}
        subject = render_to_string("cadres/emails/account_opened_subject.txt", context)
        body = render_to_string("cadres/emails/account_opened_body.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    return EmailMultiAlternatives(subject, body, to=[cadre.email])


@transaction.atomic
def cadre_accounts_open(*, actor, cadres: list[Cadre]) -> list[AccountOpened]:
    """Open accounts (username = personnel code) for these cadres, in the role group Cadres.

    Cadres with an email get the set-password link by email; for the others the link is
    returned for the officer to hand over. Any refusal refuses the whole batch.
    """
    User = get_user_model()
    for cadre in cadres:
        _require_in_scope(actor, cadre.agency)
        if cadre.user_id:
            raise RegistryError(ACCOUNT_EXISTS)
    codes = [c.personnel_code for c in cadres]
    if User.objects.filter(username__in=codes).exists():
        raise RegistryError(ACCOUNT_USERNAME_TAKEN)
    emails = [c.email.lower() for c in cadres if c.email]
    if len(set(emails)) != len(emails) or User.objects.filter(email__in=emails).exists():
        raise RegistryError(ACCOUNT_EMAIL_TAKEN)
    serving = set(
        Posting.objects.filter(cadre__in=cadres, end_date__isnull=True).values_list(
            "cadre_id", flat=True
        )
    )
    if any(c.pk not in serving for c in cadres):
        raise RegistryError(ACCOUNT_CADRE_LEFT)

    new_users = []
    for cadre in cadres:
        family, _sep, given = cadre.full_name.rpartition(" ")
        user = User(username=cadre.personnel_code, email=cadre.email, first_name=given)
        user.last_name = family
        user.set_unusable_password()
        new_users.append(user)
    User.objects.bulk_create(new_users)
    created = {u.username: u for u in User.objects.filter(username__in=codes)}
    group = Group.objects.get(name=Role.CADRE.value)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in created.values()]
    )
    for cadre in cadres:
        cadre.user = created[cadre.personnel_code]
    Cadre.objects.bulk_update(cadres, ["user"])

    opened, messages = [], []
    for cadre in cadres:
        url = set_password_url(cadre.user)
        if cadre.email:
            messages.append(_account_email(cadre, url))
        opened.append(AccountOpened(cadre=cadre, set_password_url=url, emailed=bool(cadre.email)))
    if messages:
        # Sent after the commit, so a rolled-back batch mails nobody.
        transaction.on_commit(lambda: get_connection().send_messages(messages))
    return opened


def cadre_account_open(*, actor, cadre: Cadre) -> AccountOpened:
    """One cadre's account (see cadre_accounts_open)."""
    return cadre_accounts_open(actor=actor, cadres=[cadre])[0]


# --- Agency events: merge, split, rename, move, dissolve ---
#
# An event changes the present and never rewrites the past. An agency it ends gets valid_to =
# the day before the effective date (never deleted); open postings and officer assignments there
# end that same day and reopen at the successor from the effective date, so a cadre's history
# shows both; closed ones keep pointing at the agency as it was. A renaming keeps the agency's
# row (everything pointing at it stays valid) and files the old name in AgencyName.


@dataclass(frozen=True)
class LegalBasis:
    """The decision an event or plan rests on: number, date and issuing body."""

    number: str
    issued_on: date | None = None
    issuer: str = ""


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


def _fresh(agency: Agency) -> Agency:
    # Tree operations change paths; treebeard needs instances read after the last change.
    return Agency.objects.get(pk=agency.pk)


def _check_event(
    *,
    actor,
    agencies: list[Agency],
    effective_date: date,
    basis: LegalBasis,
    ends: list[Agency] = (),
) -> None:
    """Checks every event shares; `ends` are the agencies the event will end."""
    if not nfc(basis.number):
        raise RegistryError(EVENT_NEEDS_BASIS)
    if effective_date > date.today():
        raise RegistryError(EVENT_IN_FUTURE)
    for agency in agencies:
        _require_in_scope(actor, agency)
        if agency.valid_to is not None:
            raise RegistryError(EVENT_AGENCY_ENDED)
        if agency.valid_from and effective_date < agency.valid_from:
            raise RegistryError(EVENT_BEFORE_AGENCY_BEGAN)
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
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    AgencyEventLink.objects.bulk_create(
        [AgencyEventLink(event=event, agency=agency, role=role) for agency, role in links]
    )
    return event


def _create_agency(actor, spec: NewAgency, valid_from: date) -> Agency:
    if spec.parent is None:
        if not agency_scope_for(actor).everything:
            raise RegistryError(AGENCY_OUT_OF_SCOPE)
    else:
        _require_in_scope(actor, spec.parent)
        if _fresh(spec.parent).valid_to is not None:
            raise RegistryError(EVENT_AGENCY_ENDED)
    code = nfc(spec.code)
    if Agency.objects.filter(code=code).exists():
        raise RegistryError(AGENCY_CODE_TAKEN)
    fields = {
        "code": code,
        "name": nfc(spec.name),
        "kind": spec.kind,
        "admin_code": nfc(spec.admin_code),
        "admin_code_list": nfc(spec.admin_code_list),
        "valid_from": valid_from,
    }
    if spec.parent is None:
        return Agency.add_root(**fields)
    return _fresh(spec.parent).add_child(**fields)


def _hand_over_present(
    *,
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
        Posting.objects.select_for_update().filter(agency__in=sources, end_date__isnull=True)
    )
    assignments = list(
        OfficerAssignment.objects.select_for_update().filter(
            agency__in=sources, end_date__isnull=True
        )
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
                cadre_id=posting.cadre_id,
                agency=destination,
                position=posting.position,
                start_date=effective_date,
            )
        )
        cadre_agency[posting.cadre_id] = destination
    # Close first: a cadre may have only one open posting at a time.
    Posting.objects.bulk_update(postings, ["end_date"])
    Posting.objects.bulk_create(new_postings)
    for destination in {a.pk: a for a in cadre_agency.values()}.values():
        Cadre.objects.filter(
            pk__in=[c for c, a in cadre_agency.items() if a.pk == destination.pk]
        ).update(agency=destination)
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
                cadre_id=assignment.cadre_id,
                agency=destination,
                kind_id=assignment.kind_id,
                start_date=effective_date,
                decision_number=assignment.decision_number,
            )
        )
    OfficerAssignment.objects.bulk_update(assignments, ["end_date"])
    OfficerAssignment.objects.bulk_create(carried)
    result.moved_assignments = len(carried)


def _end_agencies(agencies: list[Agency], effective_date: date) -> None:
    Agency.objects.filter(pk__in=[a.pk for a in agencies]).update(
        valid_to=effective_date - timedelta(days=1)
    )
    for agency in agencies:
        agency.valid_to = effective_date - timedelta(days=1)


def _move_current_children(parents: list[Agency], destination_of) -> None:
    for parent in parents:
        for child in list(_fresh(parent).get_children().filter(valid_to__isnull=True)):
            _fresh(child).move(_fresh(destination_of(child)), pos="last-child")


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
    sources = [_fresh(s) for s in {s.pk: s for s in sources}.values()]
    if target is not None:
        target = _fresh(target)
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
    )
    result = EventResult(event=None)
    if target is None:
        target = _create_agency(actor, new_target, effective_date)
        result.created.append(target)
    _hand_over_present(
        sources=sources,
        posting_destination=lambda _p: target,
        assignment_destination=lambda _a: target,
        effective_date=effective_date,
        result=result,
    )
    _move_current_children(sources, lambda _child: target)
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
    source = _fresh(source)
    if len(targets) < 2:
        raise RegistryError(SPLIT_NEEDS_TWO)
    existing = [_fresh(t) for t in targets if isinstance(t, Agency)]
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
            resolved.append(_fresh(spec))
    cadre_destination = {}
    for posting in Posting.objects.filter(pk__in=open_ids):
        cadre_destination[posting.cadre_id] = resolved[posting_targets[posting.pk]]
    _hand_over_present(
        sources=[source],
        posting_destination=lambda p: resolved[posting_targets[p.pk]],
        # An officer's responsibility follows them if they go to one of the parts; else the first.
        assignment_destination=lambda a: cadre_destination.get(a.cadre_id, resolved[0]),
        effective_date=effective_date,
        result=result,
    )
    _move_current_children([source], lambda child: resolved[child_targets[child.pk]])
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
    agency = _fresh(agency)
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
    agency, new_parent = _fresh(agency), _fresh(new_parent)
    if new_parent.path.startswith(agency.path):
        raise RegistryError(MOVE_INTO_ITSELF)
    old_parent = agency.get_parent()
    if old_parent is not None and old_parent.pk == new_parent.pk:
        raise RegistryError(MOVE_SAME_PARENT)
    _check_event(
        actor=actor, agencies=[agency, new_parent], effective_date=effective_date, basis=basis
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
    return EventResult(event=event)


@transaction.atomic
def agency_dissolve(
    *, actor, agency: Agency, effective_date: date, basis: LegalBasis, note: str = ""
) -> EventResult:
    """End an agency that nobody serves in and that has no current units left."""
    agency = _fresh(agency)
    _check_event(
        actor=actor, agencies=[agency], effective_date=effective_date, basis=basis, ends=[agency]
    )
    if Posting.objects.filter(agency=agency, end_date__isnull=True).exists():
        raise RegistryError(DISSOLVE_HAS_POSTINGS)
    if agency.get_children().filter(valid_to__isnull=True).exists():
        raise RegistryError(DISSOLVE_HAS_UNITS)
    result = EventResult(event=None)
    assignments = list(
        OfficerAssignment.objects.select_for_update().filter(agency=agency, end_date__isnull=True)
    )
    day_before = effective_date - timedelta(days=1)
    if any(a.start_date > day_before for a in assignments):
        raise RegistryError(EVENT_BEFORE_OPEN_POSTING)
    for assignment in assignments:
        assignment.end_date = day_before
    OfficerAssignment.objects.bulk_update(assignments, ["end_date"])
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
    _require_in_scope(actor, agency)
    _require_in_scope(actor, cadre.agency)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.valid_to is not None:
        raise RegistryError(ASSIGNMENT_AGENCY_ENDED)
    if not Posting.objects.filter(cadre=cadre, end_date__isnull=True).exists():
        raise RegistryError(ASSIGNMENT_CADRE_NOT_SERVING)
    if OfficerAssignment.objects.filter(agency=agency, kind=kind, end_date__isnull=True).exists():
        raise RegistryError(ASSIGNMENT_KIND_FILLED)
    try:
        with transaction.atomic():  # the named constraint catches a concurrent assignment
            return OfficerAssignment.objects.create(
                cadre=cadre,
                agency=agency,
                kind=kind,
                start_date=start_date,
                decision_number=nfc(decision_number),
            )
    except IntegrityError:
        raise RegistryError(ASSIGNMENT_KIND_FILLED) from None


@transaction.atomic
def officer_assignment_end(
    *, actor, assignment: OfficerAssignment, end_date: date
) -> OfficerAssignment:
    """End an assignment; the responsibility is vacant from the next day."""
    _require_in_scope(actor, assignment.agency)
    assignment = OfficerAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.end_date is not None:
        raise RegistryError(ASSIGNMENT_ALREADY_ENDED)
    if end_date < assignment.start_date:
        raise RegistryError(ASSIGNMENT_ENDS_TOO_EARLY)
    assignment.end_date = end_date
    assignment.save(update_fields=["end_date"])
    return assignment


# --- Rotation plans ---


@transaction.atomic
def rotation_plan_create(
    *,
    actor,
    cadre: Cadre,
    to_agency: Agency,
    to_position: str,
    form: str,
    planned_date: date,
    reason: str = "",
    basis: LegalBasis | None = None,
) -> RotationPlan:
    """Propose moving a serving cadre from their current post (warnings do not stop it)."""
    _require_in_scope(actor, cadre.agency)
    _require_in_scope(actor, to_agency)
    if form not in RotationForm.values:
        raise RegistryError(ROTATION_BAD_FORM)
    if not nfc(to_position):
        raise RegistryError(ROTATION_NEEDS_POSITION)
    current = Posting.objects.filter(cadre=cadre, end_date__isnull=True).first()
    if current is None:
        raise RegistryError(ROTATION_NOT_SERVING)
    if to_agency.pk == current.agency_id:
        raise RegistryError(ROTATION_SAME_AGENCY)
    if to_agency.valid_to is not None:
        raise RegistryError(ROTATION_TO_ENDED_AGENCY)
    if planned_date < current.start_date:
        raise RegistryError(ROTATION_BEFORE_CURRENT_POST)
    active = (RotationStatus.PROPOSED, RotationStatus.APPROVED)
    if RotationPlan.objects.filter(cadre=cadre, status__in=active).exists():
        raise RegistryError(ROTATION_ALREADY_PLANNED)
    basis = basis or LegalBasis(number="")
    try:
        with transaction.atomic():
            return RotationPlan.objects.create(
                cadre=cadre,
                from_posting=current,
                from_agency_id=current.agency_id,
                to_agency=to_agency,
                to_position=nfc(to_position),
                form=form,
                planned_date=planned_date,
                reason=nfc(reason),
                basis_number=nfc(basis.number),
                basis_date=basis.issued_on,
                basis_issuer=nfc(basis.issuer),
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError:
        raise RegistryError(ROTATION_ALREADY_PLANNED) from None


def _locked_plan(actor, plan: RotationPlan) -> RotationPlan:
    _require_in_scope(actor, plan.from_agency)
    return RotationPlan.objects.select_for_update().select_related("cadre").get(pk=plan.pk)


@transaction.atomic
def rotation_plan_approve(*, actor, plan: RotationPlan) -> RotationPlan:
    plan = _locked_plan(actor, plan)
    if plan.status != RotationStatus.PROPOSED:
        raise RegistryError(ROTATION_CANNOT_APPROVE)
    plan.status = RotationStatus.APPROVED
    plan.decided_at = timezone.now()
    plan.save(update_fields=["status", "decided_at"])
    return plan


@transaction.atomic
def rotation_plan_execute(
    *, actor, plan: RotationPlan, start_date: date | None = None
) -> RotationPlan:
    """Carry out an approved plan: the transfer service ends the old post and opens the new."""
    plan = _locked_plan(actor, plan)
    if plan.status != RotationStatus.APPROVED:
        raise RegistryError(ROTATION_CANNOT_EXECUTE)
    current = Posting.objects.filter(cadre=plan.cadre, end_date__isnull=True).first()
    if current is None or current.pk != plan.from_posting_id:
        raise RegistryError(ROTATION_POST_CHANGED)
    to_agency = _fresh(plan.to_agency)
    if to_agency.valid_to is not None:
        raise RegistryError(ROTATION_TO_ENDED_AGENCY)
    posting = cadre_transfer(
        actor=actor,
        cadre=plan.cadre,
        agency=to_agency,
        position=plan.to_position,
        start_date=start_date or plan.planned_date,
    )
    plan.status = RotationStatus.EXECUTED
    plan.executed_posting = posting
    plan.save(update_fields=["status", "executed_posting"])
    return plan


@transaction.atomic
def rotation_plan_cancel(*, actor, plan: RotationPlan, reason: str = "") -> RotationPlan:
    plan = _locked_plan(actor, plan)
    if plan.status not in (RotationStatus.PROPOSED, RotationStatus.APPROVED):
        raise RegistryError(ROTATION_CANNOT_CANCEL)
    plan.status = RotationStatus.CANCELLED
    plan.cancel_reason = nfc(reason)
    plan.save(update_fields=["status", "cancel_reason"])
    return plan


def validation_message(error: ValidationError) -> str:
    """One readable line from a model validation error."""
    return " ".join(str(m) for m in error.messages)
