"""Roles are Django groups with fixed names; these helpers answer "may this user …?" cheaply."""

from collections.abc import Callable

from django.db import models
from django.db.models import Value
from django.utils.translation import gettext_lazy as _

from cadres import user_state


class Role(models.TextChoices):
    # Values are the group names. Editors and Moderators are the groups Wagtail creates itself.
    CADRE = "Cadres", _("Cadre")
    PERSONNEL_OFFICER = "Personnel officers", _("Personnel officer")
    COORDINATOR = "Coordinators", _("Training coordinator")
    EDITOR = "Editors", _("Editor")
    MODERATOR = "Moderators", _("Moderator")
    # Leaders (a deputy secretary, the head of a commission) read what their scopes hold.
    LEADER = "Leaders", _("Leader")
    # Teachers and clerks of a school whom a coordinator names to run a class held in person:
    # they take attendance and enter results for those classes, and see nothing else.
    CLASS_STAFF = "Class staff", _("Teacher or class clerk")
    # Members of a dân vận body (the province's Ban Tuyên giáo và Dân vận, a commune party
    # committee's Ban Xây dựng Đảng) who assess the "Dân vận khéo" models registered below them.
    ASSESSOR = "Assessors", _("Emulation assessor")


# Roles whose holders must protect their login with two-factor authentication.
STAFF_ROLES = frozenset(
    {
        Role.PERSONNEL_OFFICER,
        Role.COORDINATOR,
        Role.EDITOR,
        Role.MODERATOR,
        Role.LEADER,
        Role.CLASS_STAFF,
        Role.ASSESSOR,
    }
)


def role_names(user) -> frozenset[str]:
    """The user's role (group) names, fetched once per user object."""
    acting_for = getattr(user, "user", False)  # cadres.access.Acting: the roles of whom it acts for
    if acting_for is not False:
        return role_names(acting_for) if acting_for is not None else frozenset()
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        # Kept in the shared cache between requests (cadres.user_state): every page asks.
        cached, facts = user_state.user_value(user.pk, "roles", lambda: _read_roles(user.pk))
        user._role_names = cached
        user._user_facts = facts
    return cached


def _read_roles(user_id: int) -> tuple[frozenset[str], frozenset[str]]:
    """The user's role names and registered facts, in one query."""
    from django.contrib.auth.models import Group

    names = Group.objects.filter(user__id=user_id).values_list("name", flat=True)
    for fact, rows in _user_facts.items():
        marker = Value(f"{FACT_MARK}{fact}", output_field=models.CharField())
        names = names.union(rows(user_id).order_by().annotate(_fact=marker).values_list("_fact"))
    found = set(names)
    roles = frozenset(name for name in found if not name.startswith(FACT_MARK))
    facts = frozenset(name[len(FACT_MARK) :] for name in found if name.startswith(FACT_MARK))
    return roles, facts


# Facts about a user that the menu of every page asks (training: "organises a class"), read in
# the same query as the roles: a fact is true when its rows (a queryset of the user's id) exist.
FACT_MARK = "\x1ffact:"  # ASCII unit separator: no role name starts so; PostgreSQL refuses NUL
_user_facts: dict[str, Callable[[int], models.QuerySet]] = {}


def register_user_fact(name: str, rows: Callable[[int], models.QuerySet]) -> None:
    _user_facts[name] = rows


def user_fact(user, name: str) -> bool:
    """A registered fact of a signed-in user (see register_user_fact), read with the roles."""
    if not user.is_authenticated:
        return False
    role_names(user)
    return name in user._user_facts


def has_role(user, role: Role) -> bool:
    return role.value in role_names(user)


def is_staff_member(user) -> bool:
    """Staff for the two-factor rule: admins and every role but plain cadres."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(role_names(user) & {r.value for r in STAFF_ROLES})
