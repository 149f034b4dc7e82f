"""Training hooks into curriculum pages: enrolled cadres' lesson visits and quiz answers count,
course pages list their classes, lesson pages show the visitor's quiz results.

Hooks keep the dependency one way: curriculum serves pages and grades quizzes without knowing
training; training records progress and attempts for cadres with an enrolment.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from curriculum.models import COURSE_PAGE_CONTEXT_HOOK, LESSON_PAGE_CONTEXT_HOOK, LessonPage
from curriculum.views import QUIZ_SUBMITTED_HOOK
from training import selectors, services
from training.models import IssuingBody
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
    if enrolment is not None:
        services.lesson_open(enrolment=enrolment, lesson=page)
    return None


hooks.register(QUIZ_SUBMITTED_HOOK, record_quiz_attempt)
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
        "parent_name",
        "heading_name",
        "place_name",
        "number_format",
        "certificate_suffix",
        "attestation_suffix",
        "signer_name",
        "signer_title",
        "agency",
        "is_default",
    ]
    list_display = ["name", "place_name", "signer_name", "is_default"]


@hooks.register("register_admin_viewset")
def register_issuing_body_viewset():
    return IssuingBodyViewSet("issuing_bodies")
