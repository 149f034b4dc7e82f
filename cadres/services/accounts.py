"""Cadres' logins: opening accounts and the set-password link."""

from dataclasses import dataclass

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cadres import queue, user_state
from cadres.access import is_coordinator
from cadres.list_cache import bump_registry_version
from cadres.models import (
    Cadre,
    Posting,
)
from cadres.roles import Role, is_staff_member
from cadres.services.common import (
    RegistryError,
    require_in_scope,
)

ACCOUNT_EXISTS = _("This cadre already has an account.")
ACCOUNT_USERNAME_TAKEN = _("A login with this personnel code already exists.")
ACCOUNT_EMAIL_TAKEN = _("Another account already uses this email address.")
ACCOUNT_CADRE_LEFT = _("This cadre has left; an account cannot be opened.")

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


def check_email_free(email: str, *, except_user_id: int | None = None) -> None:
    users = get_user_model().objects.filter(email__iexact=email)
    if except_user_id is not None:
        users = users.exclude(pk=except_user_id)
    if users.exists():
        raise RegistryError(ACCOUNT_EMAIL_TAKEN)


def _queue_account_email(cadre: Cadre, url: str) -> None:
    # Cadres' accounts are new: their language is Vietnamese until they choose otherwise.
    with translation.override("vi"):
        context = {"cadre": cadre, "url": url, "site_url": settings.SITE_URL}
        subject = render_to_string("cadres/emails/account_opened_subject.txt", context)
        body = render_to_string("cadres/emails/account_opened_body.txt", context)
    queue.email_queue(
        kind="account_opened",
        recipient=cadre.email,
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        user=cadre.user,
    )


@transaction.atomic
def cadre_accounts_open(*, actor, cadres: list[Cadre]) -> list[AccountOpened]:
    """Open accounts (username = personnel code) for these cadres, in the role group Cadres.

    Every set-password link is returned for the officer to see and hand over; cadres with an
    email also get theirs through the outbox, so a mail server that is down delays the email
    but never the account. Any refusal refuses the whole batch.
    """
    User = get_user_model()
    for cadre in cadres:
        require_in_scope(actor, cadre.agency)
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
    user_state.changed_for_everyone()  # bulk writes send no signals
    bump_registry_version()  # bulk writes: no signals

    opened = []
    for cadre in cadres:
        url = set_password_url(cadre.user)
        if cadre.email:
            _queue_account_email(cadre, url)
        opened.append(AccountOpened(cadre=cadre, set_password_url=url, emailed=bool(cadre.email)))
    return opened


ACCOUNT_MISSING = _("This cadre has no account yet: open one.")
ACCOUNT_IS_STAFF = _(
    "This login also has staff rights: only its holder can change its password (through the "
    "email address of the account)."
)
ACCOUNT_LOCKED = _("This account is locked because the cadre has left.")


def cadre_password_link(*, actor, cadre: Cadre) -> str:
    """A new one-time link for a cadre who cannot log in (no email, or a forgotten password),
    for their personnel officer to hand over. Never for a login with staff rights."""
    require_in_scope(actor, cadre.agency)
    user = cadre.user
    if user is None:
        raise RegistryError(ACCOUNT_MISSING)
    if is_staff_member(user):
        raise RegistryError(ACCOUNT_IS_STAFF)
    if not user.is_active:
        raise RegistryError(ACCOUNT_LOCKED)
    return set_password_url(user)


def cadre_account_open(*, actor, cadre: Cadre) -> AccountOpened:
    """One cadre's account (see cadre_accounts_open)."""
    return cadre_accounts_open(actor=actor, cadres=[cadre])[0]


# --- A login's email address ---
# Password resets go to a login's email, so whoever sets it holds the login. The registry's
# email of a cadre follows the personnel department; the login's follows only its holder
# (or a coordinator, for a login with no staff rights), and the old address is always told.

LOGIN_EMAIL_UNCHANGED = "unchanged"
LOGIN_EMAIL_CHANGED = "changed"  # by a coordinator, at once, the old address told
LOGIN_EMAIL_PENDING = "pending"  # waiting for the holder, the old address told
LOGIN_EMAIL_KEPT = "kept"  # a staff login an officer may not touch

LOGIN_EMAIL_NOTHING_PENDING = _("No new email address is waiting for your confirmation.")


def _set_login_email(user, email: str) -> None:
    user.email = email
    user.pending_email = ""
    user.save(update_fields=["email", "pending_email"])
    # allauth looks addresses up in its own table too: an old one must stop resetting passwords.
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()


def _queue_login_email_notice(user, *, old: str, new: str, pending: bool) -> None:
    if not old:
        return
    with translation.override(user.language or "vi"):
        context = {
            "user": user,
            "new": new,
            "pending": pending,
            "url": f"{settings.SITE_URL}{reverse('cadres:login_email_confirm')}",
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("cadres/emails/login_email_subject.txt", context)
        body = render_to_string("cadres/emails/login_email_body.txt", context)
    queue.email_queue(
        kind="login_email_change",
        recipient=old,
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        user=user,
    )


def login_email_follow(*, actor, cadre: Cadre) -> str:
    """After the registry's email of a cadre changed: what becomes of their login's email."""
    user = cadre.user
    new = (cadre.email or "").lower()
    if user is None or not new or (user.email or "").lower() == new:
        return LOGIN_EMAIL_UNCHANGED
    staff = is_staff_member(user)
    coordinator = is_coordinator(actor)
    if staff and not coordinator:
        return LOGIN_EMAIL_KEPT  # personnel officers never touch a login with staff rights
    check_email_free(new, except_user_id=user.pk)
    old = user.email
    if coordinator and not staff:
        _set_login_email(user, new)
        _queue_login_email_notice(user, old=old, new=new, pending=False)
        return LOGIN_EMAIL_CHANGED
    if user.pending_email != new:
        user.pending_email = new
        user.save(update_fields=["pending_email"])
        _queue_login_email_notice(user, old=old, new=new, pending=True)
    return LOGIN_EMAIL_PENDING


@transaction.atomic
def login_email_confirm(*, user, accept: bool) -> str:
    """The holder takes (or refuses) the address their personnel department recorded."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if not user.pending_email:
        raise RegistryError(LOGIN_EMAIL_NOTHING_PENDING)
    if not accept:
        user.pending_email = ""
        user.save(update_fields=["pending_email"])
        return LOGIN_EMAIL_UNCHANGED
    check_email_free(user.pending_email, except_user_id=user.pk)
    _set_login_email(user, user.pending_email)
    return LOGIN_EMAIL_CHANGED
