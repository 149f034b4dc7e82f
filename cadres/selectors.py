"""Reads of the registry on behalf of a user, already limited to what that user may see."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.access import agency_scope_for, can_change, is_coordinator
from cadres.audit import type_label
from cadres.models import (
    Agency,
    AgencyEvent,
    AgencyEventKind,
    AgencyEventLink,
    AgencyEventRole,
    AgencyKind,
    AuditAction,
    AuditEntry,
    Cadre,
    CadreCategory,
    ImportJob,
    ImportStep,
    JobPosition,
    JobStatus,
    LeadershipTitle,
    OfficerAssignment,
    OutgoingEmail,
    PlanningEntry,
    PlanningLimit,
    PlanningLimitKind,
    Posting,
    ResponsibilityKind,
    RotationForm,
    RotationPlan,
    RotationRule,
    RotationRuleKind,
    RotationStatus,
    Scope,
    StaffingRule,
    User,
    listed_parents,
    tree_indents,
)
from cadres.retirement import Retirement, Roadmap, months_between, retirement_of
from cadres.roles import Role
from cadres.spreadsheets import ReferenceSheet
from cadres.text import fold


@dataclass(frozen=True)
class CadreFilters:
    """What the cadre list is narrowed by; None means "any"."""

    query: str = ""
    agency: Agency | None = None  # the agency and everything under it
    category_id: int | None = None
    theory_level: str = ""
    is_party_member: bool | None = None
    has_account: bool | None = None
    is_serving: bool | None = None


def open_postings_prefetch() -> Prefetch:
    return Prefetch(
        "postings",
        queryset=Posting.objects.filter(end_date__isnull=True).select_related("agency"),
        to_attr="open_postings",
    )


def cadre_search_q(query: str) -> Q:
    """Every folded word of the query must occur in the folded name, or the query in the code."""
    words = fold(query).split()
    if not words:
        return Q()
    by_name = Q()
    for word in words:
        by_name &= Q(folded_name__contains=word)
    return by_name | Q(personnel_code__iexact=query.strip())


def cadre_list(*, user, filters: CadreFilters = CadreFilters()) -> QuerySet[Cadre]:
    """Cadres of the user's agencies, filtered, in Vietnamese name order; constant queries."""
    scope = agency_scope_for(user)
    cadres = Cadre.objects.filter(scope.agency_q("agency__"))
    if filters.query.strip():
        cadres = cadres.filter(cadre_search_q(filters.query))
    if filters.agency is not None:
        cadres = cadres.filter(agency__path__startswith=filters.agency.path)
    if filters.category_id is not None:
        cadres = cadres.filter(category_id=filters.category_id)
    if filters.theory_level:
        cadres = cadres.filter(theory_level=filters.theory_level)
    if filters.is_party_member is not None:
        cadres = cadres.filter(is_party_member=filters.is_party_member)
    if filters.has_account is not None:
        cadres = cadres.filter(user__isnull=not filters.has_account)
    if filters.is_serving is not None:
        serving = Q(postings__end_date__isnull=True)
        cadres = cadres.filter(serving) if filters.is_serving else cadres.exclude(serving)
    return (
        cadres.select_related("agency", "category", "user")
        .prefetch_related(open_postings_prefetch())
        .order_by("name_sort_text", "personnel_code")
    )


CATEGORY_CHOICES_KEY = "cadres:category-choices"


def category_choices() -> list[tuple[int, str]]:
    """Cadre categories as (id, name) in their order, from the cache: every view of the cadre
    list offers them, and they change only through the admin (cadres.apps forgets them then)."""
    choices = cache.get(CATEGORY_CHOICES_KEY)
    if choices is None:
        choices = list(CadreCategory.objects.values_list("pk", "name"))
        cache.set(CATEGORY_CHOICES_KEY, choices, 600)
    return choices


def forget_category_choices(**_kwargs) -> None:
    cache.delete(CATEGORY_CHOICES_KEY)
    transaction.on_commit(lambda: cache.delete(CATEGORY_CHOICES_KEY))


def cadre_list_rows(*, user, filters: CadreFilters = CadreFilters()) -> QuerySet[Cadre]:
    """The list page's rows: cadre_list with the open posting's agency and position read in the
    same query (`open_agency_name`, `open_position`, None when the cadre has left)."""
    open_posting = Posting.objects.filter(cadre=OuterRef("pk"), end_date__isnull=True).order_by(
        "-start_date", "-id"
    )
    return (
        cadre_list(user=user, filters=filters)
        .prefetch_related(None)
        .annotate(
            open_posting_id=Subquery(open_posting.values("pk")[:1]),
            open_agency_name=Subquery(open_posting.values("agency__name")[:1]),
            open_position=Subquery(open_posting.values("position")[:1]),
        )
    )


def page_number(value) -> int:
    """A page number as asked for (a query string's text): 1 for anything but a number >= 1."""
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


def counted_page(queryset, number, size: int) -> Page:
    """A page of the queryset with its total counted in the same query (a window count), where
    Paginator asks for the count first; page numbers are read as Paginator.get_page does."""
    paginator = Paginator(queryset, size)
    number = page_number(number)
    start = (number - 1) * size
    rows = list(queryset.annotate(listed_total=Window(Count("pk")))[start : start + size])
    if not rows and number > 1:  # past the end: Paginator's own answer (the last page)
        return paginator.get_page(number)
    paginator.count = rows[0].listed_total if rows else 0  # a cached_property, set ahead
    return Page(rows, number, paginator)


def cadre_postings(*, cadre: Cadre) -> QuerySet[Posting]:
    """The whole posting history of a cadre, newest first (access checked by the caller)."""
    # Former names come along so each row can show the agency's name as it was (constant queries).
    return (
        cadre.postings.select_related("agency__kind", "job_position", "title")
        .prefetch_related("agency__former_names")
        .order_by("-start_date", "-id")
    )


def cadre_open_posting(*, cadre: Cadre) -> Posting | None:
    return (
        cadre.postings.filter(end_date__isnull=True)
        .select_related("agency", "job_position", "title")
        .first()
    )


def agency_on(cadre: Cadre, day: date) -> int:
    """The id of the agency the cadre was posted in on `day` (the latest posting started by
    then, if several); the current agency when no posting covers the day."""
    held = (
        Posting.objects.filter(cadre=cadre, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .order_by("-start_date")
        .values_list("agency_id", flat=True)
        .first()
    )
    return held or cadre.agency_id


def agencies_in_scope(*, user) -> QuerySet[Agency]:
    """The user's agencies in tree order (path order is depth-first order)."""
    scope = agency_scope_for(user)
    return Agency.objects.filter(scope.agency_q()).select_related("kind").order_by("path")


def agency_tree(*, user) -> list[Agency]:
    """Agencies in scope in tree order, each with `serving_count` and an indent level (one
    step per ancestor in the list: a scope narrowed to kinds leaves the others out)."""
    agencies = list(
        agencies_in_scope(user=user).annotate(
            serving_count=Count("postings", filter=Q(postings__end_date__isnull=True))
        )
    )
    indents = tree_indents(agencies)
    for agency in agencies:
        agency.indent = indents[agency.pk]
    return agencies


def agency_children(*, agency: Agency) -> QuerySet[Agency]:
    return agency.get_children().select_related("kind")


def agency_children_in_scope(*, user, agency: Agency) -> QuerySet[Agency]:
    """The units under an agency that the user sees (a scope narrowed to kinds may not)."""
    return agency_children(agency=agency).filter(agency_scope_for(user).agency_q())


def agency_serving_postings(*, agency: Agency) -> QuerySet[Posting]:
    """Open postings in this very agency, with the cadres, in Vietnamese name order."""
    return (
        Posting.objects.filter(agency=agency, end_date__isnull=True)
        .select_related("cadre__category")
        .order_by("cadre__name_sort_text")
    )


def categories() -> QuerySet[CadreCategory]:
    return CadreCategory.objects.all()


@dataclass(frozen=True)
class OfficeCounts:
    agencies: int
    cadres: int
    serving: int
    with_account: int
    party_members: int


def office_counts(*, user) -> OfficeCounts:
    """Headline numbers of the user's scope for the office dashboard, in one query: the scope's
    agencies, their cadres and those cadres' postings joined, each counted distinct."""
    scope = agency_scope_for(user)
    # (Named apart from the relation: an aggregate called "cadres" would hide it.)
    totals = Agency.objects.filter(scope.agency_q()).aggregate(
        n_agencies=Count("pk", distinct=True),
        n_cadres=Count("cadres", distinct=True),
        serving=Count("cadres", filter=Q(cadres__postings__end_date__isnull=True), distinct=True),
        with_account=Count("cadres", filter=Q(cadres__user__isnull=False), distinct=True),
        party_members=Count("cadres", filter=Q(cadres__is_party_member=True), distinct=True),
    )
    return OfficeCounts(
        agencies=totals["n_agencies"],
        cadres=totals["n_cadres"],
        serving=totals["serving"],
        with_account=totals["with_account"],
        party_members=totals["party_members"],
    )


@dataclass(frozen=True)
class PendingWork:
    """One kind of work waiting for the user, for the office home: how many, and where."""

    label: str
    count: int
    url: str


# Extension point: the kinds of waiting work other capabilities add to the office home
# (training: enrolment requests, expiring certificates), one query each; cadres never imports them.
PendingWorkSource = Callable[[object], list[PendingWork]]
PENDING_WORK_SOURCES: list[PendingWorkSource] = []


def register_pending_work(source: PendingWorkSource) -> PendingWorkSource:
    if source not in PENDING_WORK_SOURCES:
        PENDING_WORK_SOURCES.append(source)
    return source


def pending_work(*, user) -> list[PendingWork]:
    """What is waiting for this user in their scope, the registry's own kinds first. Leaders
    change nothing, so nothing waits for them here."""
    if not can_change(user):
        return []
    scope = agency_scope_for(user)
    imports_waiting = list(
        ImportJob.objects.filter(
            requested_by=user, status=JobStatus.WAITING, step=ImportStep.CHECK, problems=[]
        )
        .order_by("-pk")
        .values_list("pk", flat=True)[:100]
    )
    work = [
        PendingWork(
            _("rotation plans to approve"),
            RotationPlan.objects.filter(
                scope.agency_q("from_agency__"), status=RotationStatus.PROPOSED
            ).count(),
            reverse("cadres:rotation_list") + "?status=proposed",
        ),
        PendingWork(
            _("imports checked, waiting for your confirmation"),
            len(imports_waiting),
            reverse("cadres:import_job", args=[imports_waiting[0]]) if imports_waiting else "",
        ),
    ]
    for source in PENDING_WORK_SOURCES:
        work += source(user)
    return [item for item in work if item.count]


@dataclass(frozen=True)
class KeyFigure:
    """One figure of a dashboard panel: a value with what it counts, linking to its detail."""

    label: str
    value: str
    note: str = ""
    url: str = ""
    warn: bool = False  # needs attention (shown as such, not only by colour)


@dataclass(frozen=True)
class DashboardPanel:
    """A panel of the office home: key figures, or a short ranked list, for the user's scopes."""

    title: str
    figures: list[KeyFigure]
    note: str = ""
    ranked: bool = False  # a list in order (worst first), not a grid of figures


# Extension point: panels other capabilities add to the office home (training: the reporting
# year's figures and the communes that lag); each source answers for one user.
DashboardSource = Callable[[object], list[DashboardPanel]]
DASHBOARD_SOURCES: list[DashboardSource] = []


def register_dashboard_panels(source: DashboardSource) -> DashboardSource:
    if source not in DASHBOARD_SOURCES:
        DASHBOARD_SOURCES.append(source)
    return source


def dashboard_panels(*, user) -> list[DashboardPanel]:
    return [panel for source in DASHBOARD_SOURCES for panel in source(user)]


# --- Agency history ---


@dataclass(frozen=True)
class AgencyHistory:
    events: list[AgencyEvent]
    successors: list[Agency]  # what a merger or split turned this agency into ("now part of")
    predecessors: list[Agency]  # what was merged or split into it
    former_names: list


def agency_history(*, agency: Agency) -> AgencyHistory:
    """The events an agency took part in, newest first, with its successors and predecessors."""
    events = list(
        AgencyEvent.objects.filter(links__agency=agency)
        .distinct()
        .prefetch_related(
            Prefetch("links", queryset=AgencyEventLink.objects.select_related("agency__kind"))
        )
        .order_by("-effective_date", "-id")
    )
    successors, predecessors = {}, {}
    for event in events:
        if event.kind not in (AgencyEventKind.MERGE, AgencyEventKind.SPLIT):
            continue
        links = list(event.links.all())
        roles = {link.role for link in links if link.agency_id == agency.pk}
        for link in links:
            if AgencyEventRole.SOURCE in roles and link.role == AgencyEventRole.TARGET:
                successors[link.agency_id] = link.agency
            if AgencyEventRole.TARGET in roles and link.role == AgencyEventRole.SOURCE:
                predecessors[link.agency_id] = link.agency
    return AgencyHistory(
        events=events,
        successors=list(successors.values()),
        predecessors=list(predecessors.values()),
        former_names=list(agency.former_names.all()),
    )


def agency_assignments(*, agency: Agency) -> list[OfficerAssignment]:
    """Every officer assignment of the agency, current ones first, then newest first."""
    return sorted(
        OfficerAssignment.objects.filter(agency=agency).select_related("cadre", "kind"),
        key=lambda a: (a.end_date is not None, -a.start_date.toordinal(), a.kind.sort_order),
    )


def responsibility_kinds() -> QuerySet[ResponsibilityKind]:
    return ResponsibilityKind.objects.all()


# --- Coverage: is every required responsibility of every agency filled? ---


# What a coverage extension says of a filled slot's holder (see COVERAGE_EXTENSIONS).
TRAINED = "trained"
UNTRAINED = "untrained"
EXPIRED = "expired"


@dataclass
class CoverageAction:
    """A button an extension puts on a slot: a POST to `url` with these hidden fields."""

    label: str
    url: str
    fields: dict


@dataclass
class CoverageSlot:
    """One required responsibility of one agency, and the officer holding it (or nobody)."""

    agency: Agency
    kind: ResponsibilityKind
    assignment: OfficerAssignment | None
    # Extra badges (text, css class) that apps built on the registry add (see below).
    labels: list[tuple[str, str]] = field(default_factory=list)
    retires_on: date | None = None  # the holder's retirement date
    # Set by an extension that knows training: TRAINED, UNTRAINED or EXPIRED ("" when none does),
    # the gaps it found (name, state) and what can be done about them.
    training: str = ""
    gaps: list[tuple[str, str]] = field(default_factory=list)
    actions: list[CoverageAction] = field(default_factory=list)

    @property
    def filled(self) -> bool:
        return self.assignment is not None

    @property
    def holder(self) -> Cadre | None:
        return self.assignment.cadre if self.assignment else None


@dataclass
class CoverageRow:
    agency: Agency
    indent: int
    slots: list[CoverageSlot]
    total_required: int = 0  # this agency and every current agency under it
    total_filled: int = 0
    total_trained: int = 0  # filled slots whose holder an extension says is trained …
    total_untrained: int = 0
    total_expired: int = 0

    @property
    def required(self) -> int:
        return len(self.slots)

    @property
    def filled(self) -> int:
        return sum(1 for slot in self.slots if slot.filled)

    @property
    def total_vacant(self) -> int:
        return self.total_required - self.total_filled

    def _own(self, state: str) -> int:
        return sum(1 for slot in self.slots if slot.filled and slot.training == state)


@dataclass
class KindCount:
    kind: ResponsibilityKind
    required: int = 0
    filled: int = 0
    trained: int = 0
    untrained: int = 0
    expired: int = 0

    @property
    def vacant(self) -> int:
        return self.required - self.filled


@dataclass
class Coverage:
    root: Agency | None
    rows: list[CoverageRow]
    by_kind: list[KindCount]

    @property
    def tracks_training(self) -> bool:
        """Whether an extension marked the holders trained or not (training is installed)."""
        return any(slot.training for slot in self.slots)

    def _count(self, state: str) -> int:
        return sum(getattr(count, state) for count in self.by_kind)

    @property
    def trained(self) -> int:
        return self._count("trained")

    @property
    def untrained(self) -> int:
        return self._count("untrained")

    @property
    def expired(self) -> int:
        return self._count("expired")

    @property
    def required(self) -> int:
        return sum(count.required for count in self.by_kind)

    @property
    def filled(self) -> int:
        return sum(count.filled for count in self.by_kind)

    @property
    def vacant(self) -> int:
        return self.required - self.filled

    @property
    def slots(self) -> list[CoverageSlot]:
        return [slot for row in self.rows for slot in row.slots]


# Extension point: apps built on the registry (training: "trained / untrained / expired")
# register a callable here from their AppConfig.ready(). It gets every slot of the page at once
# and must add its labels with a constant number of queries; it sets `slot.training` to
# TRAINED, UNTRAINED or EXPIRED, and the counts roll up the tree. cadres never imports them.
CoverageExtension = Callable[[list[CoverageSlot]], None]
COVERAGE_EXTENSIONS: list[CoverageExtension] = []


def register_coverage_extension(extension: CoverageExtension) -> CoverageExtension:
    if extension not in COVERAGE_EXTENSIONS:
        COVERAGE_EXTENSIONS.append(extension)
    return extension


# Extension point: links other capabilities add to a cadre's office page (training: the
# training record, training done elsewhere), registered from their AppConfig.ready().
CadrePageLinks = Callable[[Cadre, object], list[tuple[str, str]]]
CADRE_PAGE_LINKS: list[CadrePageLinks] = []


def register_cadre_page_links(links: CadrePageLinks) -> CadrePageLinks:
    if links not in CADRE_PAGE_LINKS:
        CADRE_PAGE_LINKS.append(links)
    return links


def cadre_page_links(*, cadre: Cadre, user) -> list[tuple[str, str]]:
    """(label, url) pairs for the cadre's page, from every registered capability."""
    return [link for links in CADRE_PAGE_LINKS for link in links(cadre, user)]


def coverage(*, user, root: Agency | None = None, today: date | None = None) -> Coverage:
    """Every current agency in scope (under `root` if given) with its required responsibilities
    filled or vacant, counts rolled up the tree: three queries whatever the size of the tree."""
    today = today or date.today()
    scope = agency_scope_for(user)
    current = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    agencies = Agency.objects.filter(scope.agency_q()).filter(current)
    if root is not None:
        agencies = agencies.filter(path__startswith=root.path)
    agencies = list(agencies.select_related("kind").order_by("path"))

    required: dict[int, list[ResponsibilityKind]] = {}
    for rule in StaffingRule.objects.select_related("responsibility_kind"):
        required.setdefault(rule.agency_kind_id, []).append(rule.responsibility_kind)
    for kinds in required.values():
        kinds.sort(key=lambda k: (k.sort_order, k.name))

    held = OfficerAssignment.objects.filter(
        scope.agency_q("agency__"), end_date__isnull=True
    ).select_related("cadre")
    if root is not None:
        held = held.filter(agency__path__startswith=root.path)
    holders = {(a.agency_id, a.kind_id): a for a in held}

    indents = tree_indents(agencies)
    parents = listed_parents([a.path for a in agencies])
    rows, by_path = [], {}
    for agency in agencies:
        slots = [
            CoverageSlot(agency=agency, kind=kind, assignment=holders.get((agency.pk, kind.pk)))
            for kind in required.get(agency.kind_id, [])
        ]
        rows.append(CoverageRow(agency=agency, indent=indents[agency.pk], slots=slots))
    all_slots = [slot for row in rows for slot in row.slots]
    _mark_retirements(all_slots, today)
    for extension in COVERAGE_EXTENSIONS:
        extension(all_slots)

    states = (TRAINED, UNTRAINED, EXPIRED)
    for row in rows:
        row.total_required, row.total_filled = row.required, row.filled
        row.total_trained, row.total_untrained, row.total_expired = (row._own(s) for s in states)
        by_path[row.agency.path] = row
    # Deepest first, so each total is complete before it is added to its listed ancestor's:
    # totals add up only what the user sees, never an agency their scope leaves out.
    totals = ("total_required", "total_filled", "total_trained", "total_untrained", "total_expired")
    for row in sorted(rows, key=lambda r: -r.agency.depth):
        parent = by_path.get(parents[row.agency.path])
        if parent is not None:
            for name in totals:
                setattr(parent, name, getattr(parent, name) + getattr(row, name))

    counts: dict[int, KindCount] = {}
    for slot in all_slots:
        count = counts.setdefault(slot.kind.pk, KindCount(kind=slot.kind))
        count.required += 1
        count.filled += slot.filled
        if slot.filled and slot.training in states:
            setattr(count, slot.training, getattr(count, slot.training) + 1)
    by_kind = sorted(counts.values(), key=lambda c: (c.kind.sort_order, c.kind.name))
    return Coverage(root=root, rows=rows, by_kind=by_kind)


def _mark_retirements(slots: list[CoverageSlot], today: date) -> None:
    """The holders' retirement dates; a badge on those retiring soon (one query for the table).

    "Soon" is a local planning horizon (CADRES_RETIREMENT_SOON_MONTHS), not a legal period.
    """
    filled = [slot for slot in slots if slot.filled]
    if not filled:
        return
    roadmap = Roadmap.load()
    soon = settings.CADRES_RETIREMENT_SOON_MONTHS
    for slot in filled:
        retirement = retirement_of(slot.holder, roadmap)
        slot.retires_on = retirement.on
        if retirement.months_left(today) < soon:
            slot.labels.append(
                (
                    _("retires on %(date)s") % {"date": retirement.on.strftime("%d/%m/%Y")},
                    "badge-warn",
                )
            )


# --- Rotation plans ---


def rotation_plans(*, user, status: str = "") -> QuerySet[RotationPlan]:
    """Plans for cadres of the user's agencies, newest planned date first."""
    scope = agency_scope_for(user)
    plans = RotationPlan.objects.filter(scope.agency_q("from_agency__"))
    if status:
        plans = plans.filter(status=status)
    return plans.select_related("cadre", "from_agency", "to_agency").order_by(
        "-planned_date", "-id"
    )


def cadre_retirement(*, cadre: Cadre, roadmap: Roadmap | None = None) -> Retirement:
    """When the cadre retires (Decree 135/2020/NĐ-CP's roadmap, or a decided date)."""
    return retirement_of(cadre, roadmap or Roadmap.load())


@dataclass(frozen=True)
class RuleWarning:
    """A rule a plan does not meet, and the legal basis of the rule."""

    text: str
    basis: str


def rotation_rules(*, form: str) -> dict[str, RotationRule]:
    """The general rule of each kind for a form of move (none for a form without rules)."""
    return {r.kind: r for r in RotationRule.objects.filter(form=form, is_exception=False)}


def rotation_exceptions() -> QuerySet[RotationRule]:
    return RotationRule.objects.filter(is_exception=True, kind=RotationRuleKind.SERVICE_LEFT)


def _years_months(months: int) -> dict:
    return {"years": months // 12, "months": months % 12}


def rotation_warnings(*, plan: RotationPlan, roadmap: Roadmap | None = None) -> list[RuleWarning]:
    """The plan checked against the rules of its form on the planned date; warnings only."""
    warnings = []
    rules = rotation_rules(form=plan.form)
    service = plan.service_exception or rules.get(RotationRuleKind.SERVICE_LEFT)
    if service is not None:
        retirement = cadre_retirement(cadre=plan.cadre, roadmap=roadmap)
        left = retirement.months_left(plan.planned_date)
        if left < service.months:
            warnings.append(
                RuleWarning(
                    _(
                        "On the planned date %(name)s has %(years)d years and %(months)d months "
                        "of service left (retirement on %(retires)s), fewer than required: "
                        "%(rule)s."
                    )
                    % {
                        "name": plan.cadre.full_name,
                        **_years_months(left),
                        "retires": retirement.on.strftime("%d/%m/%Y"),
                        "rule": service.name,
                    },
                    service.basis,
                )
            )
    if plan.form == RotationForm.ROTATION and not cadre_in_planning(
        cadre=plan.cadre, year=plan.planned_date.year
    ):
        warnings.append(
            RuleWarning(
                _(
                    "%(name)s is not in planning (quy hoạch) for any title: a rotated cadre "
                    "should be in planning and have the prospects for it."
                )
                % {"name": plan.cadre.full_name},
                str(ROTATION_PLANNING_BASIS),
            )
        )
    in_post = rules.get(RotationRuleKind.TIME_IN_POST)
    if in_post is not None:
        if plan.planned_end is None:
            warnings.append(
                RuleWarning(
                    _("The plan has no planned end or review date: %(rule)s.")
                    % {"rule": in_post.name},
                    in_post.basis,
                )
            )
        else:
            months = months_between(plan.planned_date, plan.planned_end)
            if months < in_post.months:
                warnings.append(
                    RuleWarning(
                        _(
                            "The plan ends on %(end)s, after %(years)d years and %(months)d "
                            "months in the post, shorter than required: %(rule)s."
                        )
                        % {
                            "end": plan.planned_end.strftime("%d/%m/%Y"),
                            **_years_months(months),
                            "rule": in_post.name,
                        },
                        in_post.basis,
                    )
                )
    return warnings


def rotation_vacated(*, plan: RotationPlan) -> list[OfficerAssignment]:
    """Responsibilities the plan would leave with nobody (two queries): the cadre's open
    assignments outside the agency rotated to, in agencies where no one else is responsible.
    A warning on the plan's page, never a block."""
    if plan.status not in (RotationStatus.PROPOSED, RotationStatus.APPROVED):
        return []
    held = list(
        OfficerAssignment.objects.filter(cadre=plan.cadre, end_date__isnull=True)
        .exclude(agency=plan.to_agency)
        .select_related("agency", "kind")
        .order_by("agency__path", "kind__sort_order")
    )
    others = set(
        OfficerAssignment.objects.filter(
            agency__in=[a.agency_id for a in held], end_date__isnull=True
        )
        .exclude(cadre=plan.cadre)
        .values_list("agency_id", flat=True)
    )
    return [a for a in held if a.agency_id not in others]


# --- A person's notices ---


def notices_for(*, user) -> QuerySet[OutgoingEmail]:
    """The emails addressed to this account, newest first (never anyone else's)."""
    return OutgoingEmail.objects.filter(user=user).order_by("-created_at", "-pk")


# --- Planning (quy hoạch) ---

ROTATION_PLANNING_BASIS = gettext_lazy("Regulation 65-QĐ/TW of 28/4/2022, principles of rotation")


def cadre_in_planning(*, cadre: Cadre, year: int) -> bool:
    """The cadre holds an active planning entry whose term covers the year."""
    return PlanningEntry.objects.filter(
        cadre=cadre, removed_on__isnull=True, term_start__lte=year, term_end__gte=year
    ).exists()


def planning_limits() -> dict[str, PlanningLimit]:
    return {limit.kind: limit for limit in PlanningLimit.objects.all()}


def planning_terms(*, user) -> list[tuple[int, int]]:
    """The terms the user's register holds, newest first."""
    scope = agency_scope_for(user)
    return list(
        PlanningEntry.objects.filter(scope.agency_q("agency__"))
        .values_list("term_start", "term_end")
        .distinct()
        .order_by("-term_start", "-term_end")
    )


@dataclass
class PlanningSlot:
    """One title of one agency for a term, and the cadres planned for it."""

    agency: Agency
    title: LeadershipTitle
    entries: list[PlanningEntry] = field(default_factory=list)
    warnings: list[RuleWarning] = field(default_factory=list)


def planning_entries(*, user, term_start: int | None = None, removed: bool | None = False):
    """Entries of the user's agencies (active ones unless `removed`, both kinds when it is
    None), in register order."""
    scope = agency_scope_for(user)
    entries = PlanningEntry.objects.filter(scope.agency_q("agency__"))
    if term_start:
        entries = entries.filter(term_start=term_start)
    if removed is not None:
        entries = entries.filter(removed_on__isnull=not removed)
    return entries.select_related("cadre", "agency", "title").order_by(
        "agency__path", "title__sort_order", "title__name", "cadre__name_sort_text", "pk"
    )


def _limit_text(limit: PlanningLimit, text: str, **values) -> RuleWarning:
    return RuleWarning(text % {"limit": limit.value, **values}, limit.basis)


def planning_warnings_for(
    entries: list[PlanningEntry],
    *,
    roadmap: Roadmap | None = None,
    limits: dict[str, PlanningLimit] | None = None,
) -> dict[int, list[RuleWarning]]:
    """Each active entry checked against the limits (three queries for any number of entries:
    the limits, the entries counted, the retirement ages; two when the caller has read the
    limits): more people on its title than allowed, more titles for its cadre in the term than
    allowed, too little service left when the cadre was first planned. Warnings only."""
    active = [e for e in entries if e.removed_on is None]
    warnings: dict[int, list[RuleWarning]] = {e.pk: [] for e in entries}
    if not active:
        return warnings
    limits = planning_limits() if limits is None else limits
    terms = {e.term_start for e in active}
    cadre_ids = {e.cadre_id for e in active}
    slots = {(e.agency_id, e.title_id, e.term_start) for e in active}
    # One read of what the three checks count: every entry of the planned cadres (their titles
    # in the term, when each was first planned) and the active entries of the same titles.
    per_title: dict[tuple, int] = defaultdict(int)
    per_person: dict[tuple, int] = defaultdict(int)
    first_planned: dict[int, date] = {}
    for cadre_id, agency_id, title_id, term_start, removed_on, basis_date in (
        PlanningEntry.objects.filter(
            Q(cadre_id__in=cadre_ids)
            | Q(
                removed_on__isnull=True,
                term_start__in=terms,
                agency_id__in={s[0] for s in slots},
                title_id__in={s[1] for s in slots},
            )
        )
        .order_by()
        .values_list("cadre_id", "agency_id", "title_id", "term_start", "removed_on", "basis_date")
    ):
        if removed_on is None:
            per_title[(agency_id, title_id, term_start)] += 1
            if cadre_id in cadre_ids:
                per_person[(cadre_id, term_start)] += 1
        if cadre_id in cadre_ids:
            first = first_planned.get(cadre_id)
            first_planned[cadre_id] = basis_date if first is None else min(first, basis_date)
    roadmap = roadmap or Roadmap.load()
    title_limit = limits.get(PlanningLimitKind.PEOPLE_PER_TITLE)
    person_limit = limits.get(PlanningLimitKind.TITLES_PER_PERSON)
    service_limit = limits.get(PlanningLimitKind.SERVICE_LEFT)
    for entry in active:
        found = warnings[entry.pk]
        count = per_title.get((entry.agency_id, entry.title_id, entry.term_start), 0)
        if title_limit and count > title_limit.value:
            found.append(
                _limit_text(
                    title_limit,
                    _("%(count)d cadres are planned for this title, more than %(limit)d."),
                    count=count,
                )
            )
        count = per_person.get((entry.cadre_id, entry.term_start), 0)
        if person_limit and count > person_limit.value:
            found.append(
                _limit_text(
                    person_limit,
                    _(
                        "%(name)s is planned for %(count)d titles in this term, more than %(limit)d."
                    ),
                    name=entry.cadre.full_name,
                    count=count,
                )
            )
        first = first_planned.get(entry.cadre_id)
        if service_limit and first == entry.basis_date:
            retirement = retirement_of(entry.cadre, roadmap)
            left = retirement.months_left(entry.basis_date)
            if left < service_limit.value:
                found.append(
                    _limit_text(
                        service_limit,
                        _(
                            "When first planned (%(date)s) %(name)s had %(years)d years and "
                            "%(months)d months of service left, fewer than %(limit)d months."
                        ),
                        date=entry.basis_date.strftime("%d/%m/%Y"),
                        name=entry.cadre.full_name,
                        **_years_months(left),
                    )
                )
    return warnings


# Extension point: what other capabilities say of planned cadres (training: the title's
# training requirements each lacks). Each gets the entries and sets `entry.gaps` to a list of
# (text, state) pairs; registered from AppConfig.ready(), queries must not grow with entries.
PlanningExtension = Callable[[list[PlanningEntry]], None]
PLANNING_EXTENSIONS: list[PlanningExtension] = []


def register_planning_extension(extension: PlanningExtension) -> PlanningExtension:
    if extension not in PLANNING_EXTENSIONS:
        PLANNING_EXTENSIONS.append(extension)
    return extension


def mark_planning(entries: list[PlanningEntry]) -> None:
    for entry in entries:
        entry.gaps = None  # None: nothing knows; [] : no gap
    for extension in PLANNING_EXTENSIONS:
        extension(entries)


def planning_register(
    *,
    user,
    term_start: int | None = None,
    limits: dict[str, PlanningLimit] | None = None,
    entries: list[PlanningEntry] | None = None,
) -> list[PlanningSlot]:
    """The register of the user's agencies for a term: per agency and title, the planned
    cadres, each with the limits it breaks and its gaps. Queries do not grow with the rows.
    `entries`: the active entries of planning_entries for the term, when already read."""
    if entries is None:
        entries = list(planning_entries(user=user, term_start=term_start))
    warnings = planning_warnings_for(entries, limits=limits)
    mark_planning(entries)
    slots: dict[tuple, PlanningSlot] = {}
    for entry in entries:
        entry.warnings = warnings[entry.pk]
        key = (entry.agency_id, entry.title_id, entry.term_start)
        slot = slots.get(key)
        if slot is None:
            slot = slots[key] = PlanningSlot(agency=entry.agency, title=entry.title)
        slot.entries.append(entry)
    return list(slots.values())


def cadre_planning_history(*, cadre: Cadre) -> list[PlanningEntry]:
    """Every planning entry of the cadre, active and removed, newest term first."""
    return list(
        PlanningEntry.objects.filter(cadre=cadre)
        .select_related("agency", "title", "added_by", "removed_by")
        .order_by("-term_start", "-basis_date", "-pk")
    )


# Extension point: sections other capabilities add to a rotation plan's page (training: the
# target post's training requirements the cadre lacks), registered from AppConfig.ready().
# Each gets the plan and the request and returns HTML (already escaped) or "".
RotationPlanPanel = Callable[[RotationPlan, object], str]
ROTATION_PLAN_PANELS: list[RotationPlanPanel] = []


def register_rotation_plan_panel(panel: RotationPlanPanel) -> RotationPlanPanel:
    if panel not in ROTATION_PLAN_PANELS:
        ROTATION_PLAN_PANELS.append(panel)
    return panel


def rotation_plan_panels(*, plan: RotationPlan, request) -> list[str]:
    return [html for panel in ROTATION_PLAN_PANELS if (html := panel(plan, request))]


# --- Import templates ---


def import_template_values(*, user, kind: str) -> tuple[dict[str, str], list[ReferenceSheet]]:
    """An example row made of codes that exist in the user's scope, and sheets of the values
    the import accepts: the current agencies (code, name, kind) and the editable lists."""
    scope = agency_scope_for(user)
    agencies = list(
        Agency.objects.filter(scope.agency_q(), valid_to__isnull=True)
        .select_related("kind")
        .order_by("path")
        .only("code", "name", "path", "depth", "kind__name")
    )
    sheets = [
        ReferenceSheet(
            "Mã đơn vị",
            ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"],
            [[a.code, a.name, a.kind.name] for a in agencies],
        )
    ]
    examples = {}
    if kind == "cadres":
        deepest = max(agencies, key=lambda a: a.depth, default=None)
        if deepest is not None:
            examples["agency"] = deepest.code
        categories = list(CadreCategory.objects.values_list("name", flat=True))
        if categories:
            examples["category"] = categories[0]
        sheets.append(ReferenceSheet("Đối tượng", ["Đối tượng"], [[name] for name in categories]))
        for title, model in (("Mã vị trí việc làm", JobPosition), ("Mã chức vụ", LeadershipTitle)):
            rows = [list(row) for row in model.objects.values_list("code", "name")]
            sheets.append(ReferenceSheet(title, [title, "Tên"], rows))
        sheets.append(
            ReferenceSheet(
                "Giá trị khác",
                ["Cột", "Giá trị"],
                [
                    ["Giới tính", "Nam; Nữ"],
                    ["Đảng viên", "Có; Không"],
                    ["Trình độ LLCT", "Sơ cấp; Trung cấp; Cao cấp; Cử nhân"],
                    ["Ngày", "dd/mm/yyyy, ví dụ 05/03/2026"],
                ],
            )
        )
    else:
        if agencies:
            examples["parent"] = agencies[0].code
            examples["code"] = f"{agencies[0].code}-MOI"[:40]
        kinds = list(AgencyKind.objects.values_list("name", flat=True))
        if kinds:
            examples["kind"] = kinds[0]
        sheets.append(ReferenceSheet("Loại đơn vị", ["Loại đơn vị"], [[name] for name in kinds]))
    return examples, sheets


# --- Users and their scopes (coordinators and administrators) ---

# Roles whose holders see what their scopes hold (coordinators see everything anyway).
SCOPED_ROLES = (Role.PERSONNEL_OFFICER, Role.LEADER)


def _active_scopes_prefetch() -> Prefetch:
    return Prefetch(
        "scopes",
        queryset=Scope.objects.filter(withdrawn_at__isnull=True)
        .select_related("agency")
        .prefetch_related("kinds")
        .order_by("granted_at", "pk"),
        to_attr="active_scopes",
    )


def scoped_users(*, query: str = "", role: str = "") -> QuerySet[User]:
    """Personnel officers, leaders and anyone holding a scope, by name: the users whose scopes
    coordinators manage. Roles and active scopes come along (constant queries)."""
    roles = [r.value for r in SCOPED_ROLES if not role or r.value == role]
    holders = Q(groups__name__in=roles)
    if not role:
        holders |= Q(pk__in=Scope.objects.filter(withdrawn_at__isnull=True).values("user_id"))
    users = User.objects.filter(holders)
    for word in query.split():
        users = users.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    return (
        User.objects.filter(pk__in=users.values("pk"))
        .prefetch_related("groups", _active_scopes_prefetch())
        .order_by("last_name", "first_name", "username")
    )


def user_active_scopes(*, user) -> list[Scope]:
    """The scopes a user holds now, oldest first, with their agencies and kinds."""
    return list(
        Scope.objects.filter(user=user, withdrawn_at__isnull=True)
        .select_related("agency__kind", "granted_by")
        .prefetch_related("kinds")
        .order_by("granted_at", "pk")
    )


def user_scope_history(*, user) -> list[Scope]:
    """Every scope the user ever held, newest first: who granted and withdrew it, when."""
    return list(
        Scope.objects.filter(user=user)
        .select_related("agency", "granted_by", "withdrawn_by")
        .prefetch_related("kinds")
        .order_by("-granted_at", "-pk")
    )


def agency_kinds() -> QuerySet[AgencyKind]:
    return AgencyKind.objects.all()


def current_agencies() -> QuerySet[Agency]:
    """Every current agency of the province in tree order (for choosing a scope's agency)."""
    return Agency.objects.filter(valid_to__isnull=True).select_related("kind").order_by("path")


def current_successors() -> dict[int, int]:
    """For every agency ended by a merger or a split, the live agency it now counts under.

    Events are followed in date order, so a chain (A merged into B, B later into C) leads to C.
    A split sends its source to its first successor: a report rolled up into today's agencies
    puts what the split agency did under that one (the split page decides where people went;
    past figures cannot be divided). Dissolved agencies have no successor and stay themselves.
    """
    links = (
        AgencyEventLink.objects.filter(
            event__kind__in=[AgencyEventKind.MERGE, AgencyEventKind.SPLIT],
            role__in=[AgencyEventRole.SOURCE, AgencyEventRole.TARGET],
        )
        .order_by("event__effective_date", "event_id", "id")
        .values_list("event_id", "agency_id", "role")
    )
    sources: dict[int, list[int]] = {}
    first_target: dict[int, int] = {}
    for event_id, agency_id, role in links:
        if role == AgencyEventRole.SOURCE:
            sources.setdefault(event_id, []).append(agency_id)
        else:
            first_target.setdefault(event_id, agency_id)
    successor: dict[int, int] = {}
    for event_id, ended in sources.items():
        target = first_target.get(event_id)
        if target is None:
            continue
        for agency_id in ended:
            if agency_id != target:
                successor[agency_id] = target
    resolved: dict[int, int] = {}
    for agency_id in successor:
        seen = {agency_id}
        current = successor[agency_id]
        while current in successor and current not in seen:  # guard against a cycle of events
            seen.add(current)
            current = successor[current]
        resolved[agency_id] = current
    return resolved


# --- The audit trail ---


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page is narrowed to (all optional)."""

    cadre_id: int | None = None
    agency_id: int | None = None
    target_type: str = ""
    target_id: int | None = None
    action: str = ""
    job_id: int | None = None
    views: bool = False  # the views of full records instead of the changes


def audit_entries(*, user, filters: AuditFilter = AuditFilter()) -> QuerySet:
    """The trail for coordinators (and administrators), newest first; nothing for anyone else.

    Coordinators see the province; the entries of an agency's subtree come with `agency_id`.
    """
    if not is_coordinator(user):
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.select_related("cadre", "agency")
    reads = [AuditAction.VIEWED, AuditAction.EXPORTED]
    if filters.views:
        entries = entries.filter(action__in=reads)
    else:
        entries = entries.exclude(action__in=reads)
        if filters.action:
            entries = entries.filter(action=filters.action)
    if filters.cadre_id is not None:
        entries = entries.filter(cadre_id=filters.cadre_id)
    if filters.agency_id is not None:
        agency = Agency.objects.filter(pk=filters.agency_id).only("path").first()
        entries = entries.filter(agency__path__startswith=agency.path) if agency else entries.none()
    if filters.target_type:
        entries = entries.filter(target_type=filters.target_type)
        if filters.target_id is not None:
            entries = entries.filter(target_id=filters.target_id)
    if filters.job_id is not None:
        entries = entries.filter(job_id=filters.job_id)
    return entries.order_by("-at", "-pk")


def audit_target_types() -> list[tuple[str, str]]:
    """The kinds of object the trail holds, as users read them (for the filter)."""
    types = AuditEntry.objects.order_by().values_list("target_type", flat=True).distinct()
    return sorted(((t, type_label(t)) for t in types), key=lambda pair: str(pair[1]))
