"""Cadres and their postings: adding, editing, transferring, leaving."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cadres import audit
from cadres.ethnic_groups import ethnic_group_for
from cadres.models import (
    Agency,
    AuditAction,
    Cadre,
    CadreCategory,
    JobPosition,
    LeadershipTitle,
    Posting,
)
from cadres.services.accounts import login_email_follow
from cadres.services.common import (
    RegistryError,
    require_in_scope,
)
from cadres.text import has_letters, nfc

CADRE_CODE_TAKEN = _("Another cadre already has this personnel code.")
CADRE_HAS_NO_OPEN_POSTING = _("This cadre holds no post at the moment.")
CADRE_ALREADY_SERVING = _("This cadre already holds a post; transfer them instead.")
POSTING_STARTS_TOO_EARLY = _("The new post cannot start before the current one started.")
POSTING_ENDS_TOO_EARLY = _("A post cannot end before it started.")
PARTY_DATE_WITHOUT_MEMBERSHIP = _("A date of joining the Party needs party membership.")
UNKNOWN_ETHNICITY = _(
    "“%(value)s” is not one of the 54 ethnic groups of the statistics office's list: write its "
    "name (Kinh, Khmer, Hoa…) or its two-digit code."
)
NAME_NEEDS_LETTERS = _("A name must have letters.")
BIRTH_DATE_IMPLAUSIBLE = _("The date of birth must be between 01/01/1900 and today.")
EARLIEST_BIRTH = date(1900, 1, 1)

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
        if not has_letters(self.full_name):
            raise RegistryError(NAME_NEEDS_LETTERS)
        if not EARLIEST_BIRTH <= self.date_of_birth <= date.today():
            raise RegistryError(BIRTH_DATE_IMPLAUSIBLE)
        cadre.full_name = nfc(self.full_name)
        cadre.date_of_birth = self.date_of_birth
        cadre.gender = self.gender
        group = ethnic_group_for(nfc(self.ethnicity))
        if self.ethnicity.strip() and group is None:
            raise RegistryError(UNKNOWN_ETHNICITY % {"value": self.ethnicity.strip()})
        cadre.ethnic_group = group
        cadre.ethnicity = group.name if group else ""
        cadre.religion = nfc(self.religion)
        cadre.is_party_member = self.is_party_member
        cadre.party_joined_on = self.party_joined_on
        cadre.theory_level = self.theory_level
        cadre.education = nfc(self.education)
        cadre.category = self.category
        cadre.email = nfc(self.email).lower()


# What the trail compares when a cadre's details change.
AUDITED_CADRE_FIELDS = (
    "personnel_code",
    "full_name",
    "date_of_birth",
    "gender",
    "ethnicity",
    "religion",
    "is_party_member",
    "party_joined_on",
    "theory_level",
    "education",
    "category",
    "email",
    "agency",
)


@transaction.atomic
def cadre_create(
    *,
    actor,
    personnel_code: str,
    details: CadreDetails,
    agency: Agency,
    position: str = "",
    start_date: date | None = None,
    job_position: JobPosition | None = None,
    title: LeadershipTitle | None = None,
) -> Cadre:
    """A new cadre with their first (open) posting."""
    require_in_scope(actor, agency)
    personnel_code = nfc(personnel_code).upper()  # one code whatever its case: cb1 is CB1
    if Cadre.objects.filter(personnel_code__iexact=personnel_code).exists():
        raise RegistryError(CADRE_CODE_TAKEN)
    cadre = Cadre(personnel_code=personnel_code, agency=agency)
    details.apply_to(cadre)
    cadre.full_clean(exclude=["agency", "category", "user"])
    cadre.save()
    posting = Posting.objects.create(
        cadre=cadre,
        agency=agency,
        position=nfc(position),
        job_position=job_position,
        title=title,
        start_date=start_date or date.today(),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATED,
        target=cadre,
        changes=audit.diff({}, audit.snapshot(cadre, AUDITED_CADRE_FIELDS)),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATED,
        target=posting,
        changes=audit.diff({}, audit.snapshot(posting, POSTING_FIELDS)),
    )
    return cadre


@transaction.atomic
def cadre_update(*, actor, cadre: Cadre, details: CadreDetails) -> Cadre:
    """Change a cadre's personal details (postings change through transfer and leave)."""
    require_in_scope(actor, cadre.agency)
    before = audit.snapshot(cadre, AUDITED_CADRE_FIELDS)
    details.apply_to(cadre)
    cadre.full_clean(exclude=["agency", "category", "user", "personnel_code"])
    cadre.save()
    audit.record_change(actor=actor, target=cadre, before=before, fields=AUDITED_CADRE_FIELDS)
    # The login's own email (where password resets go) follows only with its holder's word.
    cadre.login_email = login_email_follow(actor=actor, cadre=cadre)
    return cadre


@dataclass
class PostingMove:
    """What a transfer changes: the open posting it closes, the one it opens, the login it wakes."""

    closed: Posting | None
    opened: Posting
    reactivate_user: bool


def posting_move(
    *,
    cadre: Cadre,
    current: Posting | None,
    agency: Agency,
    position: str,
    start_date: date,
    job_position: JobPosition | None = None,
    title: LeadershipTitle | None = None,
) -> PostingMove:
    """The transfer rule, unsaved: the open posting ends the day the new one starts.

    cadre_transfer saves one; the cadre import batches many with exactly this rule, so both
    doors leave the same history.
    """
    if current is not None:
        if start_date < current.start_date:
            raise RegistryError(POSTING_STARTS_TOO_EARLY)
        current.end_date = start_date
    return PostingMove(
        closed=current,
        opened=Posting(
            cadre=cadre,
            agency=agency,
            position=nfc(position),
            job_position=job_position,
            title=title,
            start_date=start_date,
        ),
        # A cadre who had left is posted again the same way, and their login opens again.
        reactivate_user=bool(cadre.user_id) and not cadre.user.is_active,
    )


POSTING_FIELDS = ("agency", "position", "start_date", "end_date")


def posting_move_entries(actor, cadre: Cadre, move: PostingMove, before: dict) -> list:
    """The trail of one transfer (the page's and the import's): the post ended, the post
    opened, the cadre's agency."""
    made = []
    if move.closed is not None:
        made.append(
            audit.entry(
                actor=actor,
                action=AuditAction.ENDED,
                target=move.closed,
                label=f"{cadre.full_name} · {move.closed.agency.name}",
                cadre=cadre.pk,
                changes={"end_date": [None, audit.shown(move.closed.end_date)]},
            )
        )
    made.append(
        audit.entry(
            actor=actor,
            action=AuditAction.CREATED,
            target=move.opened,
            label=f"{cadre.full_name} · {move.opened.agency.name}",
            cadre=cadre.pk,
            changes=audit.diff({}, audit.snapshot(move.opened, POSTING_FIELDS)),
        )
    )
    made.append(
        audit.entry(
            actor=actor,
            action=AuditAction.TRANSFERRED,
            target=cadre,
            changes=audit.diff(before, audit.snapshot(cadre, ["agency"])),
        )
    )
    return made


@transaction.atomic
def cadre_transfer(
    *,
    actor,
    cadre: Cadre,
    agency: Agency,
    position: str = "",
    start_date: date,
    job_position: JobPosition | None = None,
    title: LeadershipTitle | None = None,
) -> Posting:
    """End the open posting the day the new one starts and open the new one."""
    require_in_scope(actor, cadre.agency)
    require_in_scope(actor, agency)
    current = Posting.objects.select_for_update().filter(cadre=cadre, end_date__isnull=True).first()
    move = posting_move(
        cadre=cadre,
        current=current,
        agency=agency,
        position=position,
        start_date=start_date,
        job_position=job_position,
        title=title,
    )
    if move.closed is not None:
        move.closed.save(update_fields=["end_date"])
    move.opened.save()
    before = audit.snapshot(cadre, ["agency"])
    cadre.agency = agency
    cadre.save(update_fields=["agency"])
    audit.record_many(posting_move_entries(actor, cadre, move, before))
    if move.reactivate_user:
        cadre.user.is_active = True
        cadre.user.save(update_fields=["is_active"])
    return move.opened


@transaction.atomic
def cadre_leave(*, actor, cadre: Cadre, end_date: date) -> Posting:
    """End the cadre's open posting; with none left open, their account is deactivated."""
    require_in_scope(actor, cadre.agency)
    current = Posting.objects.select_for_update().filter(cadre=cadre, end_date__isnull=True).first()
    if current is None:
        raise RegistryError(CADRE_HAS_NO_OPEN_POSTING)
    if end_date < current.start_date:
        raise RegistryError(POSTING_ENDS_TOO_EARLY)
    current.end_date = end_date
    current.save(update_fields=["end_date"])
    audit.record(
        actor=actor,
        action=AuditAction.LEFT,
        target=current,
        changes={"end_date": [None, audit.shown(end_date)]},
    )
    if cadre.user_id:
        cadre.user.is_active = False
        cadre.user.save(update_fields=["is_active"])
    return current
