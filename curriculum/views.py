"""Curriculum views outside Wagtail's page tree: the catalog shortcut, search, checking a quiz."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from wagtail import hooks

from curriculum import selectors
from curriculum.models import CatalogPage, LessonPage
from curriculum.quiz import QuizError, answers_from_post, find_quiz, grade_quiz


def catalog(request):
    """The nav links here by name; the catalog itself is a page editors may move or rename."""
    page = CatalogPage.objects.live().public().order_by("path").first()
    if page is None:
        raise Http404
    return redirect(page.get_url(request))


def search(request):
    context = selectors.search_pages(request)
    return render(request, "curriculum/search.html", context)


QUIZ_SUBMITTED_HOOK = "curriculum_quiz_submitted"


@login_required
@require_POST
def quiz_check(request, page_id: int, block_id: str):
    """Grade the answers and show the result; nothing is recorded (the learning part does that)."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=page_id)
    restricted = any(not r.accept_request(request) for r in lesson.get_view_restrictions())
    if restricted or find_quiz(lesson, block_id) is None:
        raise Http404
    # The learning capability (training) records attempts of enrolled cadres through this hook;
    # curriculum never imports it. A hook that handles the submission returns the response.
    for hook in hooks.get_hooks(QUIZ_SUBMITTED_HOOK):
        response = hook(request, lesson, block_id)
        if response is not None:
            return response
    context = {"page": lesson, "lesson": lesson, "block_id": block_id, "result": None}
    try:
        answers = answers_from_post(lesson, block_id, request.POST)
        context["result"] = grade_quiz(lesson, block_id, answers)
    except QuizError as error:
        context["error"] = str(error)
    status = 200 if context["result"] else 400
    return render(request, "curriculum/quiz_result.html", context, status=status)
