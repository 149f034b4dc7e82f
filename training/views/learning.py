"""Cadres' side of training: classes, enrolment, my courses, quiz attempts, feedback, record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadres.access import (
    access_own_cadre,
)
from curriculum.models import LessonPage
from curriculum.quiz import QuizError, answers_from_post
from training import selectors, services
from training.forms import FeedbackForm
from training.services import TrainingError
from training.views.common import record_pdf_response, show_error

MAX_NOMINATIONS = 200

# --- Cadres: classes, enrolment, my courses ---------------------------------------------


@login_required
def offering_list(request):
    cadre = access_own_cadre(request.user)
    offerings = list(selectors.offerings_for_cadre(cadre=cadre))
    mine = {e.offering_id: e for e in cadre.enrolments.filter(offering__in=offerings)}
    rows = [{"offering": o, "enrolment": mine.get(o.pk)} for o in offerings]
    return render(request, "training/offering_list.html", {"rows": rows, "cadre": cadre})


@login_required
def offering_detail(request, pk):
    offering = selectors.access_offering_by_id(request.user, pk)
    cadre = access_own_cadre(request.user)
    enrolment = cadre.enrolments.filter(offering=offering).first()
    problems = [] if enrolment else services.eligibility_problems(cadre=cadre, offering=offering)
    return render(
        request,
        "training/offering_detail.html",
        {
            "offering": offering,
            "enrolment": enrolment,
            "problems": problems,
            "seats_taken": offering.enrolments.filter(status__in=services.SEAT_HOLDING).count(),
        },
    )


@require_POST
@login_required
def offering_enrol(request, pk):
    offering = selectors.access_offering_by_id(request.user, pk)
    cadre = access_own_cadre(request.user)
    try:
        enrolment = services.enrolment_request(cadre=cadre, offering=offering)
    except TrainingError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            _("Your request was recorded: %(status)s.")
            % {"status": enrolment.get_status_display()},
        )
    return redirect("training:offering_detail", pk=offering.pk)


@require_POST
@login_required
def enrolment_withdraw(request, pk):
    enrolment = selectors.access_own_enrolment(request.user, pk)
    try:
        services.enrolment_withdraw(actor=request.user, enrolment=enrolment)
    except TrainingError as error:
        show_error(request, error)
    else:
        messages.success(request, _("You have withdrawn from the class."))
    return redirect("training:my_courses")


@login_required
def my_courses(request):
    cadre = access_own_cadre(request.user)
    return render(
        request,
        "training/my_courses.html",
        {"courses": selectors.my_courses(cadre=cadre), "cadre": cadre},
    )


def record_quiz_attempt(request, lesson: LessonPage, block_id: str):
    """Grade and record a quiz of an enrolled cadre (called through curriculum's quiz hook).

    Returns None when the user has no enrolment that lets them learn this lesson now: the
    curriculum then only checks the answers, recording nothing.
    """
    enrolment = selectors.learning_enrolment(user=request.user, lesson=lesson)
    if enrolment is None:
        return None
    try:
        answers = answers_from_post(lesson, block_id, request.POST)
        attempt, result = services.quiz_submit(
            enrolment=enrolment, lesson=lesson, block_id=block_id, answers=answers
        )
    except (TrainingError, QuizError) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
        return redirect(lesson.url + f"#quiz-{block_id}")
    enrolment.refresh_from_db()
    return render(
        request,
        "training/quiz_result.html",
        {
            "lesson": lesson,
            "attempt": attempt,
            "result": result,
            "enrolment": enrolment,
            "attempts_left": enrolment.offering.course.allowed_attempts - attempt.number,
        },
    )


@login_required
def feedback(request, pk):
    enrolment = selectors.access_own_enrolment(request.user, pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(
                enrolment=enrolment,
                rating=form.cleaned_data["rating"],
                comments=form.cleaned_data["comments"],
            )
        except TrainingError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("training:my_courses")
    return render(request, "training/feedback.html", {"enrolment": enrolment, "form": form})


@login_required
def my_record(request):
    cadre = access_own_cadre(request.user)
    record = selectors.training_record(cadre=cadre)
    return render(request, "training/my_record.html", {"record": record, "own": True})


@login_required
def my_record_pdf(request):
    cadre = access_own_cadre(request.user)
    return record_pdf_response(cadre)
