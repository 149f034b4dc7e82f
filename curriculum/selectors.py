"""Every read of curriculum pages a user sees, scoped to what the user may see, in few queries."""

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.utils.functional import SimpleLazyObject
from django.utils.text import Truncator
from wagtail.images import get_image_model
from wagtail.models import Page

from curriculum.caching import content_version
from curriculum.forms import CaseStudyFilterForm, CatalogFilterForm, ResourceFilterForm, SearchForm
from curriculum.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CoursePage,
    LessonPage,
    ResourcePage,
)
from curriculum.search import folded_query

__all__ = ["content_version"]

SEARCH_PAGE_SIZE = 20
LISTING_PAGE_SIZE = 12
SNIPPET_CHARS = 220
# Public material shows to everyone; lessons and resources only to logged-in users.
PUBLIC_SEARCH_TYPES = (CoursePage, CaseStudyPage)
MEMBER_SEARCH_TYPES = (CoursePage, LessonPage, ResourcePage, CaseStudyPage)


def _with_cover(queryset):
    # One query for the images and one for all their renditions, however many cards there are.
    Image = get_image_model()
    return queryset.select_related("cover_image").prefetch_related(
        Prefetch("cover_image__renditions", queryset=Image.get_rendition_model().objects.all())
    )


def home_sections(home) -> dict:
    """Featured courses (the newest three when none are chosen) and the latest case studies."""

    def featured():
        chosen = [
            item.course
            for item in home.featured_courses.select_related("course", "course__cover_image")
            .prefetch_related("course__cover_image__renditions")
            .filter(course__live=True)
        ]
        return chosen or list(
            _with_cover(CoursePage.objects.live().order_by("-first_published_at"))[:3]
        )

    def latest_cases():
        cases = CaseStudyPage.objects.live().public().order_by("-year", "-first_published_at")
        return list(_with_cover(cases)[:3])

    # Lazy: a cached fragment that hits never runs these queries.
    return {
        "featured_courses": SimpleLazyObject(featured),
        "latest_case_studies": SimpleLazyObject(latest_cases),
        "case_index": SimpleLazyObject(
            lambda: CaseStudyIndexPage.objects.live().child_of(home).first()
        ),
        "content_version": content_version(),
    }


def catalog_listing(catalog, params) -> dict:
    form = CatalogFilterForm(params or None)
    kind = form.cleaned_data.get("kind", "") if form.is_valid() else ""

    def courses():
        found = _with_cover(CoursePage.objects.live().child_of(catalog).order_by("path"))
        return list(found.filter(content_kind=kind) if kind else found)

    return {
        "filter_form": form,
        "kind": kind,
        "courses": SimpleLazyObject(courses),
        "content_version": content_version(),
    }


class CourseDetail:
    """What a course page shows besides its own fields; read only when the cached fragment misses."""

    def __init__(self, course: CoursePage):
        self.course = course

    @cached_property
    def lessons(self) -> list[LessonPage]:
        return list(
            LessonPage.objects.live()
            .child_of(self.course)
            .order_by("path")
            .only(
                "id", "title", "slug", "url_path", "path", "depth", "summary", "estimated_minutes"
            )
        )

    @cached_property
    def total_minutes(self) -> int:
        return sum(lesson.estimated_minutes for lesson in self.lessons)

    @cached_property
    def audience(self) -> list:
        return list(self.course.audience.all())

    @cached_property
    def topics(self) -> list:
        return list(self.course.topics.all())

    @cached_property
    def prerequisites(self) -> list[CoursePage]:
        return list(self.course.prerequisites.live().only("id", "title", "url_path", "path"))


def course_detail(course: CoursePage) -> dict:
    return {"detail": CourseDetail(course), "content_version": content_version()}


class LessonNavigation:
    """The lesson's course and its place among the other lessons, read lazily (see CourseDetail)."""

    def __init__(self, lesson: LessonPage):
        self.lesson = lesson

    @cached_property
    def course(self) -> CoursePage | None:
        # The parent's tree path is the lesson's minus one step: one query instead of two.
        return CoursePage.objects.filter(path=self.lesson.path[: -self.lesson.steplen]).first()

    @cached_property
    def lessons(self) -> list[LessonPage]:
        return list(
            LessonPage.objects.live()
            .sibling_of(self.lesson, inclusive=True)
            .order_by("path")
            .only("id", "title", "slug", "url_path", "path", "depth", "estimated_minutes")
        )

    @cached_property
    def position(self) -> int | None:
        ids = [item.pk for item in self.lessons]
        return ids.index(self.lesson.pk) if self.lesson.pk in ids else None

    @property
    def number(self) -> int | None:
        return None if self.position is None else self.position + 1

    @property
    def previous(self) -> LessonPage | None:
        return self.lessons[self.position - 1] if self.position else None

    @property
    def next(self) -> LessonPage | None:
        position = self.position
        if position is None or position + 1 >= len(self.lessons):
            return None
        return self.lessons[position + 1]


def lesson_detail(lesson: LessonPage) -> dict:
    return {"nav": LessonNavigation(lesson), "content_version": content_version()}


def resource_listing(resource_index, params) -> dict:
    form = ResourceFilterForm(params or None)
    resources = (
        ResourcePage.objects.live()
        .child_of(resource_index)
        .select_related("document")
        .order_by("-issued_on", "title")
    )
    if form.is_valid() and form.cleaned_data.get("kind"):
        resources = resources.filter(kind=form.cleaned_data["kind"])
    page = Paginator(resources, LISTING_PAGE_SIZE).get_page(params.get("page"))
    return {"filter_form": form, "resources": page, "filter_query": _filters_only(params)}


def case_study_listing(case_index, params) -> dict:
    base = CaseStudyPage.objects.live().child_of(case_index)
    years = sorted(set(base.values_list("year", flat=True)), reverse=True)
    units = sorted(set(base.values_list("unit", flat=True)))
    form = CaseStudyFilterForm(params or None, years=years, units=units)
    cases = _with_cover(base.order_by("-year", "title"))
    if form.is_valid():
        data = form.cleaned_data
        if data.get("field"):
            cases = cases.filter(field=data["field"])
        if data.get("year"):
            cases = cases.filter(year=data["year"])
        if data.get("unit"):
            cases = cases.filter(unit=data["unit"])
    page = Paginator(cases, LISTING_PAGE_SIZE).get_page(params.get("page"))
    return {"filter_form": form, "case_studies": page, "filter_query": _filters_only(params)}


def _filters_only(params) -> str:
    # Pagination links keep the filters but not the old page number.
    query = params.copy()
    query.pop("page", None)
    return query.urlencode()


@dataclass(frozen=True)
class SearchHit:
    type_label: str
    title: str
    url: str
    snippet: str


def search_pages(request) -> dict:
    """Courses, lessons, resources and case studies matching ?q=, as this user may see them."""
    params, user = request.GET, request.user
    form = SearchForm(params or None)
    if not form.is_valid():
        return {"form": form, "query": "", "hits": None, "page_obj": None}
    query = form.cleaned_data["q"]
    types = MEMBER_SEARCH_TYPES if user.is_authenticated else PUBLIC_SEARCH_TYPES
    pages = Page.objects.live().type(*types)
    if not user.is_authenticated:
        pages = pages.public()
    results = pages.search(folded_query(query))
    page_obj = Paginator(results, SEARCH_PAGE_SIZE).get_page(params.get("page"))
    ids = [page.pk for page in page_obj.object_list]
    specific = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    hits = []
    for pk in ids:
        page = specific.get(pk)
        if page is None:
            continue
        hits.append(
            SearchHit(
                type_label=str(page._meta.verbose_name).capitalize(),
                title=page.title,
                url=page.get_url(request),
                snippet=Truncator(getattr(page, "search_snippet", "")).chars(SNIPPET_CHARS),
            )
        )
    return {
        "form": form,
        "query": query,
        "hits": hits,
        "page_obj": page_obj,
        "filter_query": urlencode({"q": query}),
    }
