"""Who may do what: every role check, the agency scope of a user, and the access functions and
view decorators that answer 404 outside it (a wrong role is treated like an object out of reach)."""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404

from cadres.models import (
    Agency,
    AgencyEventLink,
    AgencyEventRole,
    Cadre,
    OfficerAssignment,
    RotationPlan,
)
from cadres.roles import Role, has_role


@dataclass(frozen=True)
class AgencyScope:
    """The agencies a user manages: the whole province, one subtree (by path), or none."""

    everything: bool = False
    root_path: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.everything and self.root_path is None

    def contains(self, agency: Agency) -> bool:
        if self.everything:
            return True
        return self.root_path is not None and agency.path.startswith(self.root_path)

    def agency_q(self, prefix: str = "") -> Q:
        """A filter on agencies (or, with a prefix such as "agency__", on what points at them)."""
        if self.everything:
            return Q()
        if self.root_path is None:
            return Q(pk__in=[])
        return Q(**{f"{prefix}path__startswith": self.root_path})


EVERYTHING = AgencyScope(everything=True)
NOTHING = AgencyScope()


def scope_intersection(a: AgencyScope, b: AgencyScope) -> AgencyScope:
    """What both scopes hold."""
    if a.everything:
        return b
    if b.everything:
        return a
    if a.is_empty or b.is_empty:
        return NOTHING
    if a.root_path.startswith(b.root_path):
        return a
    if b.root_path.startswith(a.root_path):
        return b
    return NOTHING


@dataclass(frozen=True)
class Acting:
    """Someone changing the registry through a door that is not a page.

    A background job acts for its requester within the scope it captured; an operator's
    command or the demo data acts as the system (`SYSTEM`: the whole province, every right).
    The services take it wherever they take a signed-in user.
    """

    user: object | None
    scope: AgencyScope
    is_authenticated = True

    @property
    def pk(self):
        return self.user.pk if self.user is not None else None

    @property
    def is_superuser(self) -> bool:
        return self.user.is_superuser if self.user is not None else self.scope.everything


SYSTEM = Acting(user=None, scope=EVERYTHING)


def acting_user(actor):
    """The user to record as having made a change (None for the system)."""
    if isinstance(actor, Acting):
        return actor.user
    return actor if getattr(actor, "pk", None) else None


def scope_to_list(scope: AgencyScope) -> list[dict]:
    """A scope as the list a job keeps: one entry per subtree ("" is the whole province)."""
    if scope.everything:
        return [{"path": ""}]
    if scope.root_path is None:
        return []
    return [{"path": scope.root_path}]


def scope_from_list(entries: list[dict]) -> AgencyScope:
    """The scope a job captured (see scope_to_list)."""
    paths = [entry.get("path") for entry in entries or [] if entry.get("path") is not None]
    if "" in paths:
        return EVERYTHING
    return AgencyScope(root_path=paths[0]) if paths else NOTHING


def scope_within(inner: AgencyScope, outer: AgencyScope) -> bool:
    """Does `outer` hold everything `inner` holds? (A job's captured scope and a user's today.)"""
    if outer.everything or inner.is_empty:
        return True
    return bool(
        not inner.everything and outer.root_path and inner.root_path.startswith(outer.root_path)
    )


def is_coordinator(user) -> bool:
    """Training coordinators (and superusers) work across the whole province."""
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.COORDINATOR))


def is_office_user(user) -> bool:
    """Personnel officers, coordinators and superusers use the back office."""
    return is_coordinator(user) or (
        user.is_authenticated and has_role(user, Role.PERSONNEL_OFFICER)
    )


def can_edit_content(user) -> bool:
    """Editors and moderators (and superusers) work in the Wagtail admin."""
    return user.is_authenticated and (
        user.is_superuser or has_role(user, Role.EDITOR) or has_role(user, Role.MODERATOR)
    )


def _role_view(allowed, rule: str):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allowed(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.access_rule = rule  # read by the test that walks every /office/ URL
        return wrapped

    return decorator


# Back-office pages: anonymous users log in first; every other role gets 404.
office_view = _role_view(is_office_user, "office")
# Pages for coordinators only: anonymous users log in first; every other role gets 404.
coordinator_view = _role_view(is_coordinator, "coordinator")


def agency_scope_for(user) -> AgencyScope:
    """Coordinators and superusers: the province; a personnel officer: their agency's subtree."""
    if isinstance(user, Acting):
        return user.scope
    if not user.is_authenticated:
        return NOTHING
    cached = getattr(user, "_agency_scope", None)
    if cached is not None:
        return cached
    if is_coordinator(user):
        scope = EVERYTHING
    elif has_role(user, Role.PERSONNEL_OFFICER) and user.agency_id is not None:
        scope = AgencyScope(
            root_path=Agency.objects.values_list("path", flat=True).get(pk=user.agency_id)
        )
    else:
        scope = NOTHING
    user._agency_scope = scope
    return scope


def can_see_sensitive(user) -> bool:
    """Ethnicity, religion and party membership: for personnel officers and coordinators only.

    Callers reach a cadre through the scoped access functions, so "in scope" is already given.
    """
    return is_office_user(user)


def access_agency_by_id(user, pk) -> Agency:
    """The agency with this id if the user's scope holds it; 404 otherwise (even if it exists)."""
    scope = agency_scope_for(user)
    try:
        return Agency.objects.select_related("kind").get(scope.agency_q(), pk=pk)
    except (Agency.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_cadre_by_id(user, pk) -> Cadre:
    """The cadre with this id if the user manages the cadre's agency; 404 otherwise."""
    scope = agency_scope_for(user)
    try:
        return Cadre.objects.select_related("agency__kind", "category", "user").get(
            scope.agency_q("agency__"), pk=pk
        )
    except (Cadre.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_own_cadre(user) -> Cadre:
    """The signed-in user's own registry record; 404 when the account belongs to no cadre."""
    if not user.is_authenticated:
        raise Http404
    try:
        return Cadre.objects.select_related("agency", "category").get(user_id=user.pk)
    except Cadre.DoesNotExist:
        raise Http404 from None


def access_agency_for_reading(user, pk) -> Agency:
    """Like access_agency_by_id, but also a past agency that ended into one the user manages.

    A merged commune usually sat outside the successor's subtree (under a dissolved district);
    the successor's personnel officer still needs to read its page and history.
    """
    try:
        return access_agency_by_id(user, pk)
    except Http404:
        pass
    scope = agency_scope_for(user)
    if scope.is_empty:
        raise Http404
    try:
        ended_into_scope = AgencyEventLink.objects.filter(
            scope.agency_q("event__links__agency__"),
            agency_id=int(pk),
            role=AgencyEventRole.SOURCE,
            event__kind__in=["merge", "split"],
            event__links__role=AgencyEventRole.TARGET,
        ).exists()
    except (ValueError, TypeError):
        raise Http404 from None
    if not ended_into_scope:
        raise Http404
    return Agency.objects.select_related("kind").get(pk=pk)


def access_rotation_plan_by_id(user, pk):
    """A rotation plan of a cadre whose agency (when planned) the user manages; 404 otherwise."""
    scope = agency_scope_for(user)
    try:
        return RotationPlan.objects.select_related(
            "cadre",
            "from_agency",
            "to_agency",
            "from_posting",
            "executed_posting",
            "created_by",
            "service_exception",
        ).get(scope.agency_q("from_agency__"), pk=pk)
    except (RotationPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_assignment_by_id(user, pk):
    """An officer assignment in an agency the user manages; 404 otherwise."""
    scope = agency_scope_for(user)
    try:
        return OfficerAssignment.objects.select_related("agency", "cadre", "kind").get(
            scope.agency_q("agency__"), pk=pk
        )
    except (OfficerAssignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
