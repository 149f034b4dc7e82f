"""Wagtail pages of the portal and its course material: catalog, courses, lessons, resources and
"Dân vận khéo" case studies, plus topics as snippets."""

import hashlib
import threading
from functools import cached_property

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.paginator import Paginator
from django.core.signals import request_finished, request_started
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index
from wagtail.url_routing import RouteResult

from cadres.models import CadreCategory
from cadres.versions import bump_version, read_version
from curriculum.blocks import BaseStreamBlock, KeyFigureBlock, LessonStreamBlock
from curriculum.choices import (
    CaseField,
    CaseKind,
    ContentKind,
    CourseLevel,
    CredentialKind,
    RecognitionLevel,
    ResourceKind,
)
from curriculum.emulation.panels import EmulationRecordPanel
from curriculum.forms import (
    CaseStudyFilterForm,
    CatalogFilterForm,
    FoldedSlugPageForm,
    ResourceFilterForm,
)
from curriculum.public_pages import public_page_serve
from curriculum.search import FoldedAutocompleteField, searchable

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]
# What other capabilities add to a course or lesson page for the visitor (training adds the
# classes to join and the visitor's quiz results) through Wagtail hooks, so curriculum never
# imports them. A hook takes (page, request) and returns a dict for the template's context;
# its "panels" (template names) are added to the page's `page_panels`, shown outside the cache.
COURSE_PAGE_CONTEXT_HOOK = "curriculum_course_page_context"
LESSON_PAGE_CONTEXT_HOOK = "curriculum_lesson_page_context"


def _with_hooks(hook_name: str, page, request, context: dict) -> dict:
    context["page_panels"] = []
    for hook in hooks.get_hooks(hook_name):
        extra = dict(hook(page, request) or {})
        context["page_panels"] += extra.pop("panels", [])
        context.update(extra)
    return context


LISTING_PAGE_SIZE = 12


class Topic(index.Indexed, models.Model):
    """A subject that courses are tagged with (a snippet editors manage)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [*searchable("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class CachedRestrictionsMixin:
    """A page found through the cached route carries its view restrictions (see cached_route);
    any other copy of it (the admin's) reads them as Wagtail does."""

    def get_view_restrictions(self):
        cached = getattr(self, "cached_view_restrictions", None)
        if cached is not None:
            return cached
        # Wagtail's own reads the ancestors, then their restrictions (two queries): one here.
        # An alias carries its source's restrictions, as in Wagtail.
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()


class LoginRequiredPageMixin(CachedRestrictionsMixin):
    """Pages only logged-in users may read; anonymous visitors go to the login page and back."""

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)


# What the course page shows besides content (training: the classes to join, seats left); the
# capability that adds it registers the vary (curriculum.public_pages) under this name.
COURSE_PAGE_VARY = "curriculum.course_page"


class PublicPageMixin(CachedRestrictionsMixin):
    """A page everyone may read: stored whole for anonymous visitors until the next publish
    (curriculum.page_cache), varying by `public_vary` when it shows more than content."""

    public_vary: str | None = None

    def serve(self, request, *args, **kwargs):
        def serve():
            return super(PublicPageMixin, self).serve(request, *args, **kwargs)

        return public_page_serve(self, request, serve, self.public_vary)


class HomePage(PublicPageMixin, Page):
    """The portal's front page, at the root of the site."""

    base_form_class = FoldedSlugPageForm

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("featured_courses", label=_("featured courses"), max_num=6),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "curriculum.CatalogPage",
        "curriculum.ResourceIndexPage",
        "curriculum.CaseStudyIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        # Every page of the portal is found through here: the walk down the tree costs two
        # queries per level, so the page found is cached until the next publish (see cached_route).
        if not path_components:
            return super().route(request, path_components)
        return cached_route(
            request,
            self,
            path_components,
            lambda: (
                route_by_url_path(self, path_components)
                or super(HomePage, self).route(request, path_components)
            ),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(home_sections(self))
        return context


class HomeFeaturedCourse(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_courses")
    course = models.ForeignKey(
        "curriculum.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("course")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured course")
        verbose_name_plural = _("featured courses")


class CatalogPage(PublicPageMixin, Page):
    """The course catalog: every published course under it, filterable by content kind."""

    base_form_class = FoldedSlugPageForm

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + searchable("title", boost=2)

    parent_page_types = ["curriculum.HomePage"]
    subpage_types = ["curriculum.CoursePage"]

    class Meta:
        verbose_name = _("course catalog")
        verbose_name_plural = _("course catalogs")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(catalog_listing(self, request.GET))
        return context


class CoursePage(PublicPageMixin, Page):
    """A course: what it teaches, to whom, how it is credited and completed; lessons are children."""

    public_vary = COURSE_PAGE_VARY

    base_form_class = FoldedSlugPageForm

    code = models.CharField(
        _("course code"),
        max_length=30,
        unique=True,
        help_text=_("A short unique code, e.g. DV-01."),
    )
    summary = models.TextField(_("summary"), max_length=600)
    objectives = RichTextField(_("objectives"), blank=True, features=RICH_TEXT_FEATURES)
    audience = ParentalManyToManyField(
        CadreCategory, verbose_name=_("audience"), blank=True, related_name="courses"
    )
    content_kind = models.CharField(_("content kind"), max_length=30, choices=ContentKind.choices)
    periods = models.PositiveSmallIntegerField(
        _("hours (periods)"),
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
        help_text=_("Teaching periods (tiết) credited on completion."),
    )
    level = models.CharField(
        _("level"), max_length=20, choices=CourseLevel.choices, default=CourseLevel.BASIC
    )
    credential_kind = models.CharField(
        _("credential"),
        max_length=20,
        choices=CredentialKind.choices,
        default=CredentialKind.ATTESTATION,
    )
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty means the credential does not expire."),
    )
    prerequisites = ParentalManyToManyField(
        "self",
        verbose_name=_("prerequisite courses"),
        symmetrical=False,
        blank=True,
        related_name="required_by",
    )
    pass_mark_percent = models.PositiveSmallIntegerField(
        _("quiz pass mark (%)"),
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    allowed_attempts = models.PositiveSmallIntegerField(
        _("allowed quiz attempts"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Share of in-person sessions a learner must attend; 0 for online-only."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("code"), FieldPanel("content_kind"), FieldPanel("level")]),
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [FieldPanel("audience", widget=forms.CheckboxSelectMultiple), FieldPanel("topics")],
            heading=_("Audience and topics"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("periods"), FieldPanel("credential_kind")]),
                FieldPanel("validity_months"),
                FieldPanel("prerequisites"),
            ],
            heading=_("Credit"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("pass_mark_percent"),
                        FieldPanel("allowed_attempts"),
                        FieldPanel("min_attendance_percent"),
                    ]
                )
            ],
            heading=_("Completion rule"),
        ),
    ]
    search_fields = Page.search_fields + [
        *searchable("title", boost=2),
        FoldedAutocompleteField("title"),
        *searchable("summary", "objectives"),
        index.SearchField("code"),
        index.FilterField("content_kind"),
        index.FilterField("level"),
    ]

    parent_page_types = ["curriculum.CatalogPage"]
    subpage_types = ["curriculum.LessonPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark_percent__lte=100),
                name="course_pass_mark_at_most_100",
            ),
            models.CheckConstraint(
                condition=models.Q(min_attendance_percent__lte=100),
                name="course_attendance_at_most_100",
            ),
            models.CheckConstraint(
                condition=models.Q(allowed_attempts__gte=1), name="course_attempts_at_least_1"
            ),
            models.CheckConstraint(condition=models.Q(periods__gte=1), name="course_periods_gte_1"),
        ]

    @property
    def search_snippet(self) -> str:
        return self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(course_detail(self))
        return _with_hooks(COURSE_PAGE_CONTEXT_HOOK, self, request, context)


class LessonPage(LoginRequiredPageMixin, Page):
    """One lesson of a course, in the course's order; readable by logged-in users only."""

    base_form_class = FoldedSlugPageForm

    summary = models.TextField(_("summary"), max_length=400, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=30, validators=[MinValueValidator(1)]
    )
    body = StreamField(LessonStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("estimated_minutes")]),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        *searchable("title", boost=2),
        FoldedAutocompleteField("title"),
        *searchable("summary", "body"),
    ]

    parent_page_types = ["curriculum.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @property
    def search_snippet(self) -> str:
        return self.summary

    @property
    def quiz_block_ids(self) -> list[str]:
        # From the raw JSON: no block is converted and no query runs (the body may be cached).
        return [block["id"] for block in self.body.raw_data if block["type"] == "quiz"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_detail(self))
        return _with_hooks(LESSON_PAGE_CONTEXT_HOOK, self, request, context)


class ResourceIndexPage(LoginRequiredPageMixin, Page):
    """Legal and guidance documents; readable by logged-in users only."""

    base_form_class = FoldedSlugPageForm

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["curriculum.HomePage"]
    subpage_types = ["curriculum.ResourcePage"]

    class Meta:
        verbose_name = _("resource library")
        verbose_name_plural = _("resource libraries")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(resource_listing(self, request.GET))
        return context


class ResourcePage(LoginRequiredPageMixin, Page):
    """A legal or guidance document (Nghị quyết, Chỉ thị, Hướng dẫn…) and its file."""

    base_form_class = FoldedSlugPageForm

    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind.choices)
    number = models.CharField(_("number"), max_length=60, help_text=_("e.g. 23-NQ/TU"))
    issued_on = models.DateField(_("date issued"))
    issuing_body = models.CharField(pgettext_lazy("document", "issuing body"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Put it in the private collection “Tài liệu khóa học”."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("notes"), blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("number"), FieldPanel("issued_on")]),
        FieldPanel("issuing_body"),
        FieldPanel("summary"),
        FieldPanel("document"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        *searchable("title", boost=2),
        FoldedAutocompleteField("title"),
        *searchable("summary", "issuing_body", "body"),
        index.SearchField("number"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["curriculum.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    @property
    def search_snippet(self) -> str:
        return self.summary or f"{self.number} · {self.issuing_body}"


class CaseStudyIndexPage(PublicPageMixin, Page):
    """ "Dân vận khéo" models and exemplars, filterable by field, year and unit."""

    base_form_class = FoldedSlugPageForm

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["curriculum.HomePage"]
    subpage_types = ["curriculum.CaseStudyPage"]

    class Meta:
        verbose_name = _("case study library")
        verbose_name_plural = _("case study libraries")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(case_study_listing(self, request.GET))
        return context


class CaseStudyPage(PublicPageMixin, Page):
    """A "Dân vận khéo" model or exemplar, written up as teaching material."""

    base_form_class = FoldedSlugPageForm

    case_kind = models.CharField(
        _("model or exemplar"), max_length=20, choices=CaseKind.choices, default=CaseKind.MODEL
    )
    field = models.CharField(_("field"), max_length=30, choices=CaseField.choices)
    unit = models.CharField(_("unit"), max_length=200, help_text=_("Who built the model."))
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    recognition_level = models.CharField(
        _("level of recognition"),
        max_length=20,
        choices=RecognitionLevel.choices,
        default=RecognitionLevel.COMMUNE,
    )
    summary = models.TextField(_("summary"), max_length=600)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    problem = RichTextField(_("the problem"), features=RICH_TEXT_FEATURES)
    approach = RichTextField(_("how it was done"), features=RICH_TEXT_FEATURES)
    key_figures = StreamField(
        [("figure", KeyFigureBlock())], verbose_name=_("results in figures"), blank=True
    )
    results = RichTextField(_("results"), blank=True, features=RICH_TEXT_FEATURES)
    replication = RichTextField(_("how to replicate"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [
        # The "Dân vận khéo" record a recognition opened this page from (when it did).
        EmulationRecordPanel(heading=_("“Dân vận khéo” record")),
        FieldRowPanel([FieldPanel("case_kind"), FieldPanel("field")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("year"), FieldPanel("recognition_level")]),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("problem"),
        FieldPanel("approach"),
        FieldPanel("key_figures"),
        FieldPanel("results"),
        FieldPanel("replication"),
    ]
    search_fields = Page.search_fields + [
        *searchable("title", boost=2),
        FoldedAutocompleteField("title"),
        *searchable("summary", "unit", "problem", "approach", "results", "replication"),
        *searchable("movement_labels"),
        index.FilterField("field"),
        index.FilterField("year"),
    ]

    parent_page_types = ["curriculum.CaseStudyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=1990) & models.Q(year__lte=2100),
                name="case_study_year_plausible",
            )
        ]

    @property
    def search_snippet(self) -> str:
        return self.summary

    def movement_labels(self) -> str:
        # Indexed so that "dan van kheo" or "kinh te" finds every model of the movement or field;
        # in Vietnamese whatever language the publisher's request used.
        with translation.override("vi"):
            return f"Dân vận khéo. {CaseKind(self.case_kind).label}. {CaseField(self.field).label}"


class ContentVersion(models.Model):
    """One row: bumped on every publish, so cached fragments of every server process expire."""

    number = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return str(self.number)


# --- The content version: part of every cached fragment's and route's key ---
#
# A version number of the published curriculum, part of every cached page fragment's key.
#
# A fragment of one page also shows other pages (a course lists its lessons, the home page lists
# courses), so a page's own `cache_key` is not enough: any publish, unpublish, move or delete bumps
# the version and every fragment, cached route and cached site is looked up afresh.
#
# The number lives in the database (one row) so that every server process sees a bump; each process
# keeps it in the cache for a few seconds, so a page view costs no query for it. With a shared cache
# (Redis) a bump is seen at once; with per-process memory caches within VERSION_SECONDS.

VERSION_KEY = "curriculum:content-version"
VERSION_SECONDS = 5
# Fragments expire anyway after this; a version bump retires them at once.
FRAGMENT_SECONDS = 600


class _RequestMemo(threading.local):
    """The content version read once per request (several caches of one page are keyed by
    it); outside a request (commands, workers) it is read every time."""

    active = False
    version = None


_memo = _RequestMemo()


def _request_started(**_kwargs) -> None:
    _memo.active, _memo.version = True, None


def _request_finished(**_kwargs) -> None:
    _memo.active, _memo.version = False, None


request_started.connect(_request_started, dispatch_uid="curriculum-version-memo-start")
request_finished.connect(_request_finished, dispatch_uid="curriculum-version-memo-end")


def remember_content_version(version: int) -> None:
    """A version read from the cache with something else (one round trip for both)."""
    if _memo.active:
        _memo.version = version


def content_version() -> int:
    if _memo.active and _memo.version is not None:
        return _memo.version
    version = read_version(ContentVersion, VERSION_KEY, VERSION_SECONDS)
    remember_content_version(version)
    return version


def bump_content_version(**_kwargs) -> None:
    bump_version(ContentVersion, VERSION_KEY)
    _memo.version = None


def route_by_url_path(root, path_components) -> RouteResult | None:
    """The live page at this path below root, found by its url_path in two queries (the page
    and its specific row) instead of two per level of the tree; None when Wagtail's own walk
    must answer (no such page, or a page type with a route of its own)."""
    url_path = root.url_path + "/".join(path_components) + "/"
    page = Page.objects.filter(url_path=url_path).specific().first()
    if page is None or type(page).route is not Page.route:
        return None
    if not page.live:
        raise Http404
    return RouteResult(page)


def route_cache_key(hostname: str, port, path_components) -> str:
    path = "/".join(path_components)
    digest = hashlib.md5(f"{hostname}:{port}/{path}".encode(), usedforsecurity=False).hexdigest()
    return f"curriculum:route:{digest}"


def cached_route(request, root, path_components, route):
    """The live page at this path below root, from the cache or by walking the tree (`route`).

    Stored with the content version it was found under (a copy of an older version is never
    used); the site middleware reads it together with the version and the site, in one round
    trip, and leaves it on the request."""
    key = route_cache_key(request.get_host().split(":")[0], request.get_port(), path_components)
    if getattr(request, "_curriculum_route_key", None) == key:
        entry = request._curriculum_route_entry
    else:
        entry = cache.get(key)
    version = content_version()
    if entry is not None and entry["version"] == version and entry["root"] == root.pk:
        return RouteResult(entry["page"])
    result = route()
    # Only plain page hits are cached; routes with arguments (none in this portal) are not.
    if isinstance(result, RouteResult) and not result.args and not result.kwargs:
        # Wagtail checks the page's and its ancestors' view restrictions on every view (two
        # queries); they change only with a bump of the version, so they travel with the page.
        result.page.cached_view_restrictions = list(result.page.get_view_restrictions())
        entry = {"version": version, "root": root.pk, "page": result.page}
        cache.set(key, entry, FRAGMENT_SECONDS)
    return result


# --- What each page shows besides its own fields (Wagtail pages are their own views) ---


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
    def _course_and_lessons(self) -> tuple[Page | None, list[Page]]:
        # One query for the course (the parent: its path is the lesson's minus one step) and the
        # live lessons beside this one; the fragment shows only their titles and addresses.
        course_path = self.lesson.path[: -self.lesson.steplen]
        rows = list(
            Page.objects.filter(
                Q(path=course_path)
                | Q(path__startswith=course_path, depth=self.lesson.depth, live=True)
            )
            .order_by("path")
            .only("id", "title", "slug", "url_path", "path", "depth", "live", "content_type_id")
        )
        course = rows[0] if rows and rows[0].path == course_path else None
        lessons = [row for row in rows if row.depth == self.lesson.depth]
        return course, lessons

    @property
    def course(self) -> Page | None:
        return self._course_and_lessons[0]

    @property
    def lessons(self) -> list[Page]:
        return self._course_and_lessons[1]

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
    # quiz_states: the visitor's results per quiz block, if another capability records them.
    return {
        "nav": LessonNavigation(lesson),
        "content_version": content_version(),
        "quiz_states": {},
        "quiz_state_key": "",
    }


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


# The "Dân vận khéo" records: models of this app kept in their own module.
from curriculum.emulation.models import (  # noqa: E402, F401
    Assessment,
    AssessmentScore,
    Decision,
    EmulationCriterion,
    Evidence,
    Registration,
    Replication,
)
