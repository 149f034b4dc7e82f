"""Template context every page of the portal needs: navigation by role and language choices."""

from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from cadres.access import (
    can_change,
    can_edit_content,
    is_assessor,
    is_coordinator,
    is_office_user,
    is_office_worker,
)
from cadres.roles import Role, has_role
from training.selectors import runs_any_class


def _url(name: str) -> str | None:
    # The menu's addresses take no arguments: reversed once per process, script prefix and URLconf.
    return _reversed(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=128)
def _reversed(name: str, _prefix: str, _urlconf: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:  # a capability not installed yet
        return None


def navigation_for(user) -> list[dict]:
    """Menu entries for this user; later capabilities add theirs by URL name."""
    items = [{"label": _("Home"), "url": "/"}]
    # A learner's own pages answer 404 to an account that is no cadre's (an officer, an editor).
    learner = has_role(user, Role.CADRE)
    candidates = [
        (True, _("Courses"), "curriculum:catalog"),
        (True, _("Search"), "curriculum:search"),
        (learner, _("Classes"), "training:offering_list"),
        (learner, _("My courses"), "training:my_courses"),
        (learner, _("My record"), "training:my_record"),
        (learner, _("My certificates"), "training:my_certificates"),
        (is_office_user(user), _("Office"), "cadres:office_home"),
        # Organisers of a class held in person (a teacher, a clerk) who need not be office staff.
        (
            not is_coordinator(user) and runs_any_class(user),
            _("Classes I run"),
            "training:runner_home",
        ),
        # Assessors of the "Dân vận khéo" movement who are not office staff.
        (
            is_assessor(user) and not is_office_user(user),
            _("Assess models"),
            "curriculum:emulation_queue",
        ),
        (can_edit_content(user), _("Content admin"), "wagtailadmin_home"),
    ]
    for allowed, label, name in candidates:
        url = _url(name) if allowed else None
        if url:
            items.append({"label": label, "url": url})
    return items


def office_navigation(user) -> list[dict]:
    """Back-office entries of the apps that build on the registry (cadres cannot name them)."""
    coordinator = user is not None and is_coordinator(user)
    worker = user is not None and is_office_worker(user)
    entries = [
        (worker, _("Approvals"), "training:approval_queue"),
        (True, _("Classes"), "training:office_offering_list"),
        (coordinator, _("Classes held in person"), "training:runner_home"),
        (True, _("Training plans"), "training:plan_list"),
        (True, _("Expiring certificates"), "training:certificates_expiring"),
        (True, _("Reports"), "training:report_index"),
        (coordinator, _("Register book"), "training:register_book"),
        (True, _("Dân vận khéo"), "curriculum:emulation_list"),
        (coordinator, _("Users and scopes"), "cadres:user_list"),
        (coordinator, _("Audit trail"), "cadres:audit_list"),
    ]
    items = []
    for allowed, label, name in entries:
        url = _url(name) if allowed else None
        if url:
            items.append({"label": label, "url": url})
    return items


def _shows_userbar(user) -> bool:
    # Wagtail's userbar checks admin permissions with two queries on every page; the roles are
    # already loaded for the menu, so only those who can edit pay for it.
    return user is not None and can_edit_content(user)


def site_shell(request):
    user = getattr(request, "user", None)
    return {
        "show_userbar": SimpleLazyObject(lambda: _shows_userbar(user)),
        "nav_items": SimpleLazyObject(lambda: navigation_for(user)) if user is not None else [],
        "office_extra_nav": SimpleLazyObject(lambda: office_navigation(user)),
        # Office pages show buttons that change something only to those who may (not leaders).
        "can_change": SimpleLazyObject(lambda: user is not None and can_change(user)),
        "site_languages": settings.LANGUAGES,
        "site_url": settings.SITE_URL,
    }
