"""Roles are Django groups with fixed names; these helpers answer "may this user …?" cheaply."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, role: Role) -> bool:
    return role.value in role_names(user)


def is_staff_member(user) -> bool:
    """Staff for the two-factor rule: admins and every role but plain cadres."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(role_names(user) & {r.value for r in STAFF_ROLES})
