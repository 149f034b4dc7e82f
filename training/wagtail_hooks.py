"""Training hooks into curriculum pages: enrolled cadres' lesson visits and quiz answers count,
course pages list their classes, lesson pages show the visitor's quiz results.

Hooks keep the dependency one way: curriculum serves pages and grades quizzes without knowing
training; training records progress and attempts for cadres with an enrolment.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSet

from curriculum.models import COURSE_PAGE_CONTEXT_HOOK, LESSON_PAGE_CONTEXT_HOOK, LessonPage
from curriculum.views import QUIZ_CHECK_ALLOWED_HOOK, QUIZ_SUBMITTED_HOOK
from training import selectors, services
from training.models import (
    DocumentFormat,
    EnrolmentStatus,
    GradingScheme,
    IssuingBody,
    TrainingRequirement,
)
from training.views.learning import (
    course_page_classes,
    lesson_page_quizzes,
    record_quiz_attempt,
)


@hooks.register("before_serve_page")
def record_lesson_progress(page, request, serve_args, serve_kwargs):
    if not isinstance(page, LessonPage) or not request.user.is_authenticated:
        return None
    if request.method != "GET" or getattr(request, "is_preview", False):
        return None
    enrolment = selectors.learning_enrolment(user=request.user, lesson=page)
    # A revisit of a lesson of a class already under way has nothing to record.
    revisit = enrolment is not None and enrolment.lesson_opened
    if enrolment is not None and not (revisit and enrolment.status != EnrolmentStatus.APPROVED):
        services.lesson_open(enrolment=enrolment, lesson=page)
    return None


hooks.register(QUIZ_SUBMITTED_HOOK, record_quiz_attempt)
hooks.register(
    QUIZ_CHECK_ALLOWED_HOOK,
    lambda user, lesson: selectors.learns_course_of(user=user, lesson=lesson),
)
# The course page lists the classes to join; the lesson page shows the visitor's quiz results.
hooks.register(COURSE_PAGE_CONTEXT_HOOK, course_page_classes)
hooks.register(LESSON_PAGE_CONTEXT_HOOK, lesson_page_quizzes)


# --- Certificates: issuing bodies are edited in the admin ---------------------------------


class IssuingBodyViewSet(ModelViewSet):
    model = IssuingBody
    icon = "doc-full"
    menu_label = _("Issuing bodies")
    add_to_admin_menu = True
    form_fields = [
        "code",
        "name",
        "document_format",
        "parent_name",
        "heading_name",
        "place_name",
        "number_format",
        "certificate_suffix",
        "attestation_suffix",
        "signing_mode",
        "signing_for",
        "signer_title",
        "signer_name",
        "agency",
        "is_default",
    ]
    list_display = ["name", "document_format", "place_name", "signer_name", "is_default"]


class DocumentFormatViewSet(ModelViewSet):
    """Party and State formats as data with their basis; administrators correct them here."""

    model = DocumentFormat
    icon = "doc-full-inverse"
    menu_label = _("Document formats")
    add_to_settings_menu = True
    form_fields = [
        "code",
        "name",
        "heading",
        "separator",
        "mark_on_behalf",
        "mark_deputy",
        "mark_by_order",
        "mark_authorised",
        "day_zero_below",
        "month_zero_below",
        "basis",
        "note",
    ]
    list_display = ["name", "basis"]


class GradingSchemeViewSet(ModelViewSet):
    """How scores become grades, band by band, with the rule they follow (example values are
    marked as such until a school checks them against its own rules)."""

    model = GradingScheme
    icon = "list-ol"
    menu_label = _("Grading schemes")
    add_to_settings_menu = True
    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("max_score"),
        FieldPanel("basis"),
        FieldPanel("is_example"),
        InlinePanel("bands", label=_("Grade bands"), min_num=1),
    ]
    list_display = ["name", "max_score", "basis", "is_example"]


@hooks.register("register_admin_viewset")
def register_grading_scheme_viewset():
    return GradingSchemeViewSet("grading_schemes")


@hooks.register("register_admin_viewset")
def register_issuing_body_viewset():
    return IssuingBodyViewSet("issuing_bodies")


@hooks.register("register_admin_viewset")
def register_document_format_viewset():
    return DocumentFormatViewSet("document_formats")


class TrainingRequirementViewSet(ModelViewSet):
    """What training a responsibility, job position, title or cadre category requires (a course,
    or periods of one of Decree 171/2025's five content kinds), with its validity and basis."""

    model = TrainingRequirement
    icon = "tasks"
    menu_label = _("Training requirements")
    add_to_settings_menu = True
    form_fields = [
        "name",
        "course",
        "content_kind",
        "periods",
        "responsibility_kind",
        "job_position",
        "title",
        "category",
        "validity_years",
        "basis",
        "is_example",
        "sort_order",
    ]
    list_display = [
        "name",
        Column("target", label=_("Required by")),
        "validity_years",
        "basis",
        BooleanColumn("is_example", label=_("example values")),
    ]
    list_filter = ["content_kind", "is_example"]


@hooks.register("register_admin_viewset")
def register_training_requirement_viewset():
    return TrainingRequirementViewSet("training_requirements")
