"""Curriculum views outside Wagtail's page tree: the catalog shortcut, search, checking a quiz."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cadres.access import can_edit_content
from curriculum import selectors
from curriculum.models import CatalogPage, LessonPage
from curriculum.public_pages import mark_public
from curriculum.quiz import QuizError, answers_from_post, find_quiz, grade_quiz


def catalog(request):
    """The nav links here by name; the catalog itself is a page editors may move or rename."""
    page = CatalogPage.objects.live().public().order_by("path").first()
    if page is None:
        raise Http404
    return redirect(page.get_url(request))


def search(request):
    context = selectors.search_pages(request)
    response = render(request, "curriculum/search.html", context)
    if not request.user.is_authenticated:
        # Results for visitors depend on published pages only: stored until the next publish.
        mark_public(response)
    return response


QUIZ_SUBMITTED_HOOK = "curriculum_quiz_submitted"
# Hooks answering "is this user learning this lesson's course?" (training: an approved
# enrolment in a class of it that has started). Checking answers for anyone else would let
# them be mined before a class starts; editors and moderators, who write the quizzes, may try.
QUIZ_CHECK_ALLOWED_HOOK = "curriculum_quiz_check_allowed"
QUIZ_ONLY_FOR_LEARNERS = _(
    "Only learners of a class of this course can check their answers, once the class has started."
)


def may_check_quiz(user, lesson) -> bool:
    if can_edit_content(user):
        return True
    return any(hook(user, lesson) for hook in hooks.get_hooks(QUIZ_CHECK_ALLOWED_HOOK))


@login_required
def quiz_check(request, page_id: int, block_id: str):
    """Grade a quiz: POST the answers, then read the result at the same address (GET).

    The learning capability (training) records attempts of enrolled cadres through a hook and
    sends them to the attempt's own page; curriculum never imports it. Otherwise the check is
    practice: the answers are kept in the session, so reloading the result or switching the
    language shows it again without sending anything twice.
    """
    lesson = get_object_or_404(LessonPage.objects.live(), pk=page_id)
    restricted = any(not r.accept_request(request) for r in lesson.get_view_restrictions())
    if restricted or find_quiz(lesson, block_id) is None:
        raise Http404
    back = f"{lesson.url}#quiz-{block_id}"
    session_key = f"curriculum:quiz:{page_id}:{block_id}"
    if not may_check_quiz(request.user, lesson):
        request.session.pop(session_key, None)
        if request.method == "POST":
            messages.error(request, QUIZ_ONLY_FOR_LEARNERS)
        return redirect(back)
    if request.method == "POST":
        for hook in hooks.get_hooks(QUIZ_SUBMITTED_HOOK):
            response = hook(request, lesson, block_id)
            if response is not None:
                return response
        try:
            answers = answers_from_post(lesson, block_id, request.POST)
            grade_quiz(lesson, block_id, answers)
        except QuizError as error:
            messages.error(request, str(error))
            return redirect(back)
        request.session[session_key] = answers
        return redirect(request.path)
    answers = request.session.get(session_key)
    if answers is None:
        return redirect(back)  # nothing checked yet: the quiz is on the lesson
    try:
        result = grade_quiz(lesson, block_id, answers)
    except QuizError:  # the quiz was edited since: check it again
        request.session.pop(session_key, None)
        return redirect(back)
    context = {"page": lesson, "lesson": lesson, "block_id": block_id, "result": result}
    return render(request, "curriculum/quiz_result.html", context)
