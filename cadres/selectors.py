"""Reads of the registry on behalf of a user, already limited to what that user may see."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from cadres.access import agency_scope_for
from cadres.models import Agency, Cadre, CadreCategory, Posting
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


def cadre_postings(*, cadre: Cadre) -> QuerySet[Posting]:
    """The whole posting history of a cadre, newest first (access checked by the caller)."""
    return cadre.postings.select_related("agency__kind").order_by("-start_date", "-id")


def cadre_open_posting(*, cadre: Cadre) -> Posting | None:
    return cadre.postings.filter(end_date__isnull=True).select_related("agency").first()


def agencies_in_scope(*, user) -> QuerySet[Agency]:
    """The user's agencies in tree order (path order is depth-first order)."""
    scope = agency_scope_for(user)
    return Agency.objects.filter(scope.agency_q()).select_related("kind").order_by("path")


def agency_tree(*, user) -> list[Agency]:
    """Agencies in scope in tree order, each with `serving_count` and an indent level."""
    agencies = list(
        agencies_in_scope(user=user).annotate(
            serving_count=Count("postings", filter=Q(postings__end_date__isnull=True))
        )
    )
    top_depth = min((a.depth for a in agencies), default=1)
    for agency in agencies:
        agency.indent = agency.depth - top_depth
    return agencies


def agency_children(*, agency: Agency) -> QuerySet[Agency]:
    return agency.get_children().select_related("kind")


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
    """Headline numbers of the user's scope for the office dashboard (two queries)."""
    scope = agency_scope_for(user)
    totals = Cadre.objects.filter(scope.agency_q("agency__")).aggregate(
        cadres=Count("pk", distinct=True),
        serving=Count("pk", filter=Q(postings__end_date__isnull=True), distinct=True),
        with_account=Count("pk", filter=Q(user__isnull=False), distinct=True),
        party_members=Count("pk", filter=Q(is_party_member=True), distinct=True),
    )
    return OfficeCounts(
        agencies=Agency.objects.filter(scope.agency_q()).count(),
        cadres=totals["cadres"],
        serving=totals["serving"],
        with_account=totals["with_account"],
        party_members=totals["party_members"],
    )
