"""Who may do what: every role check, the agency scope of a user, and the access functions and
view decorators that answer 404 outside it (a wrong role is treated like an object out of reach)."""

from collections.abc import Iterable
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
    PlanningEntry,
    RotationPlan,
    Scope,
    User,
)
from cadres.roles import Role, has_role

# --- Scopes: what part of the tree a user sees ---------------------------------------------


@dataclass(frozen=True)
class ScopePart:
    """The agencies under one path ("" is the whole province), of the given kinds only (agency
    kind ids; none given: every kind). A kind-narrowed part follows a vertical line (every
    Front committee, every commune People's Committee) and holds no other agency of the tree."""

    path: str = ""
    kinds: frozenset[int] = frozenset()

    def contains(self, agency: Agency) -> bool:
        return agency.path.startswith(self.path) and (
            not self.kinds or agency.kind_id in self.kinds
        )

    def q(self, prefix: str = "") -> Q:
        condition = Q()
        if self.path:
            condition &= Q(**{f"{prefix}path__startswith": self.path})
        if self.kinds:
            condition &= Q(**{f"{prefix}kind__in": sorted(self.kinds)})
        return condition

    def within(self, other: "ScopePart") -> bool:
        """Is every agency of this part in `other`?"""
        if not self.path.startswith(other.path):
            return False
        return not other.kinds or (bool(self.kinds) and self.kinds <= other.kinds)

    def intersection(self, other: "ScopePart") -> "ScopePart | None":
        if self.path.startswith(other.path):
            path = self.path
        elif other.path.startswith(self.path):
            path = other.path
        else:
            return None
        if self.kinds and other.kinds:
            kinds = self.kinds & other.kinds
            if not kinds:
                return None
        else:
            kinds = self.kinds or other.kinds
        return ScopePart(path, kinds)

    def sort_key(self) -> tuple:
        return (self.path, sorted(self.kinds))


@dataclass(frozen=True)
class AgencyScope:
    """The agencies a user sees: the union of its parts. The whole province is the one part
    with path "" and no kinds; no part at all is nothing. Build it with `AgencyScope.of`."""

    parts: tuple[ScopePart, ...] = ()

    @classmethod
    def of(cls, parts: Iterable[ScopePart]) -> "AgencyScope":
        """The union of the parts, without parts that another one already holds."""
        by_path: dict[str, frozenset[int] | None] = {}
        for part in parts:
            if part.path in by_path:
                known = by_path[part.path]
                # Two parts on one path: their kinds add up; "every kind" wins.
                by_path[part.path] = known | part.kinds if known and part.kinds else frozenset()
            else:
                by_path[part.path] = part.kinds
        merged = [ScopePart(path, kinds) for path, kinds in by_path.items()]
        kept = [
            part
            for part in merged
            if not any(other != part and part.within(other) for other in merged)
        ]
        return cls(parts=tuple(sorted(kept, key=ScopePart.sort_key)))

    @classmethod
    def subtree(cls, path: str, kinds: Iterable[int] = ()) -> "AgencyScope":
        return cls.of([ScopePart(path, frozenset(kinds))])

    @property
    def everything(self) -> bool:
        return any(part.path == "" and not part.kinds for part in self.parts)

    @property
    def is_empty(self) -> bool:
        return not self.parts

    def contains(self, agency: Agency) -> bool:
        return any(part.contains(agency) for part in self.parts)

    def holds(self, part: ScopePart) -> bool:
        """Is every agency of `part` in this scope? Kind by kind, so two narrowed parts on one
        subtree together hold a part with both kinds. (It answers no when only several
        subtrees together would cover a part: safe, never too generous.)"""
        if not part.kinds:
            return any(part.within(mine) for mine in self.parts)
        return all(
            any(
                part.path.startswith(mine.path) and (not mine.kinds or kind in mine.kinds)
                for mine in self.parts
            )
            for kind in part.kinds
        )

    def agency_q(self, prefix: str = "") -> Q:
        """A filter on agencies (or, with a prefix such as "agency__", on what points at them):
        one OR of path-prefix and kind conditions, so a page's query count does not grow."""
        if self.everything:
            return Q()
        if self.is_empty:
            return Q(pk__in=[])
        condition = Q()
        for part in self.parts:
            condition |= part.q(prefix)
        return condition


EVERYTHING = AgencyScope(parts=(ScopePart(""),))
NOTHING = AgencyScope()


def scope_intersection(a: AgencyScope, b: AgencyScope) -> AgencyScope:
    """What both scopes hold (part by part: the intersection of two unions)."""
    return AgencyScope.of(
        common
        for mine in a.parts
        for theirs in b.parts
        if (common := mine.intersection(theirs)) is not None
    )


def scope_within(inner: AgencyScope, outer: AgencyScope) -> bool:
    """Does `outer` hold everything `inner` holds? (A job's captured scope and a user's today.)"""
    return all(outer.holds(part) for part in inner.parts)


def scope_to_list(scope: AgencyScope) -> list[dict]:
    """A scope as the list a job keeps: one entry per part ("" is the whole province)."""
    return [
        {"path": part.path, **({"kinds": sorted(part.kinds)} if part.kinds else {})}
        for part in scope.parts
    ]


def scope_from_list(entries: list[dict]) -> AgencyScope:
    """The scope a job captured (see scope_to_list)."""
    return AgencyScope.of(
        ScopePart(entry["path"], frozenset(entry.get("kinds") or ()))
        for entry in entries or []
        if entry.get("path") is not None
    )


def granted_scopes(user_ids: Iterable[int]) -> dict[int, AgencyScope]:
    """The scopes users hold now (their grants not withdrawn), in one query for them all."""
    rows = (
        Scope.objects.filter(user_id__in=list(user_ids), withdrawn_at__isnull=True)
        .values_list("user_id", "pk", "agency__path", "kinds")
        .order_by()
    )
    grants: dict[int, dict[int, tuple[str, set[int]]]] = {}
    for user_id, grant_id, path, kind_id in rows:
        _path, kinds = grants.setdefault(user_id, {}).setdefault(grant_id, (path or "", set()))
        if kind_id is not None:
            kinds.add(kind_id)
    return {
        user_id: AgencyScope.of(ScopePart(path, frozenset(kinds)) for path, kinds in by_id.values())
        for user_id, by_id in grants.items()
    }


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


# --- Roles ----------------------------------------------------------------------------------


def is_coordinator(user) -> bool:
    """Training coordinators (and superusers) work across the whole province."""
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.COORDINATOR))


def is_office_worker(user) -> bool:
    """Personnel officers, coordinators and superusers: they read and change the registry."""
    return is_coordinator(user) or (
        user.is_authenticated and has_role(user, Role.PERSONNEL_OFFICER)
    )


def is_leader(user) -> bool:
    """Leaders follow the results of their scopes and change nothing."""
    return user.is_authenticated and has_role(user, Role.LEADER)


def is_assessor(user) -> bool:
    """Members of a dân vận body who assess "Dân vận khéo" registrations in their scopes."""
    return user.is_authenticated and has_role(user, Role.ASSESSOR)


def is_office_user(user) -> bool:
    """Everyone who uses the back office: its workers and the leaders who read it."""
    return is_office_worker(user) or is_leader(user)


def can_change(user) -> bool:
    """May this user change what their scope holds? Leaders (alone) may not; the system, or a
    job acting for nobody, works within the scope it was given."""
    if isinstance(user, Acting) and user.user is None:
        return True
    return is_office_worker(user)


def can_edit_content(user) -> bool:
    """Editors and moderators (and superusers) work in the Wagtail admin."""
    return user.is_authenticated and (
        user.is_superuser or has_role(user, Role.EDITOR) or has_role(user, Role.MODERATOR)
    )


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _role_view(reads, writes, rule: str):
    """A view for users that `reads` allows; requests that may change something (any method
    but GET and HEAD) need `writes` too. Anonymous users log in first; the others get 404."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            allowed = reads if request.method in SAFE_METHODS else writes
            if not allowed(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.access_rule = rule  # read by the test that walks every /office/ URL
        return wrapped

    return decorator


# Back-office pages that show what a scope holds: leaders read them; a POST needs a worker.
office_view = _role_view(is_office_user, is_office_worker, "office")
# Back-office pages that exist to change something (forms, queues, imports): workers only.
office_work_view = _role_view(is_office_worker, is_office_worker, "office_work")
# Pages of the "Dân vận khéo" movement that assessors read too (a registration's page): office
# users and assessors read them; leaders only read.
emulation_view = _role_view(
    lambda u: is_office_user(u) or is_assessor(u),
    lambda u: is_office_worker(u) or is_assessor(u),
    "office",
)
# Pages where assessors assess and recognise: assessors and coordinators only.
assessor_view = _role_view(
    lambda u: is_assessor(u) or is_coordinator(u),
    lambda u: is_assessor(u) or is_coordinator(u),
    "assessor",
)
# Pages for coordinators only: anonymous users log in first; every other role gets 404.
coordinator_view = _role_view(is_coordinator, is_coordinator, "coordinator")


def agency_scope_for(user) -> AgencyScope:
    """What the user sees: coordinators and superusers the province; personnel officers and
    leaders the union of the scopes granted to them; everyone else nothing."""
    if isinstance(user, Acting):
        return user.scope
    if not user.is_authenticated:
        return NOTHING
    cached = getattr(user, "_agency_scope", None)
    if cached is not None:
        return cached
    if is_coordinator(user):
        scope = EVERYTHING
    elif has_role(user, Role.PERSONNEL_OFFICER) or has_role(user, Role.LEADER):
        scope = granted_scopes([user.pk]).get(user.pk, NOTHING)
    else:
        scope = NOTHING
    user._agency_scope = scope
    return scope


def assessment_scope_for(user) -> AgencyScope:
    """The dân vận bodies whose assessments the user takes part in: an assessor's granted
    scopes (the body's subtree), the province for coordinators, nothing for everyone else."""
    if isinstance(user, Acting):
        return user.scope
    if not user.is_authenticated:
        return NOTHING
    cached = getattr(user, "_assessment_scope", None)
    if cached is not None:
        return cached
    if is_coordinator(user):
        scope = EVERYTHING
    elif is_assessor(user):
        scope = granted_scopes([user.pk]).get(user.pk, NOTHING)
    else:
        scope = NOTHING
    user._assessment_scope = scope
    return scope


def change_scope_for(actor) -> AgencyScope:
    """What the actor may change: their scope, or nothing for those who only read."""
    return agency_scope_for(actor) if can_change(actor) else NOTHING


def can_see_sensitive(user) -> bool:
    """Ethnicity, religion and party membership: for personnel officers and coordinators only
    (leaders follow results, not personal data).

    Callers reach a cadre through the scoped access functions, so "in scope" is already given.
    """
    return is_office_worker(user)


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
            "to_title",
            "to_job_position",
        ).get(scope.agency_q("from_agency__"), pk=pk)
    except (RotationPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_planning_entry_by_id(user, pk):
    """A planning entry for a title of an agency the user manages; 404 otherwise."""
    scope = agency_scope_for(user)
    try:
        return PlanningEntry.objects.select_related(
            "cadre", "agency", "title", "added_by", "removed_by"
        ).get(scope.agency_q("agency__"), pk=pk)
    except (PlanningEntry.DoesNotExist, ValueError, TypeError):
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


def access_user_by_id(user, pk):
    """An account whose scopes a coordinator or administrator manages; 404 for everyone else."""
    if not is_coordinator(user):
        raise Http404
    try:
        return User.objects.get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_scope_grant_by_id(user, pk) -> Scope:
    """A scope grant, for coordinators and administrators; 404 for everyone else."""
    if not is_coordinator(user):
        raise Http404
    try:
        return Scope.objects.select_related("user", "agency").get(pk=pk)
    except (Scope.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
