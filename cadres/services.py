"""Every write to the registry: cadres, postings, agencies and cadres' accounts."""

from dataclasses import dataclass
from datetime import date

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cadres.access import agency_scope_for
from cadres.models import Agency, AgencyKind, Cadre, CadreCategory, Posting
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


def validation_message(error: ValidationError) -> str:
    """One readable line from a model validation error."""
    return " ".join(str(m) for m in error.messages)
