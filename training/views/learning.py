"""Cadres' side of training: classes, enrolment, my courses, quiz attempts, feedback, record."""

from datetime import UTC, datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadres.access import (
    access_own_cadre,
)
from cadres.spreadsheets import content_disposition
from curriculum.models import LessonPage
from curriculum.quiz import QuizError, answers_from_post, grade_quiz
from training import calendar, classroom, selectors, services
from training.forms import FeedbackForm
from training.models import LEARNING
from training.services import TrainingError
from training.views.common import record_pdf_response, show_error

# --- Cadres: classes, enrolment, my courses ---------------------------------------------


@login_required
def offering_list(request):
    """Classes a cadre can still join: open now, opening soon; those they are in, apart."""
    cadre = access_own_cadre(request.user)
    return render(
        request,
        "training/offering_list.html",
        {"classes": selectors.joinable_offerings(cadre=cadre), "cadre": cadre},
    )


@login_required
def offering_detail(request, pk):
    offering = selectors.access_offering_by_id(request.user, pk)
    cadre = access_own_cadre(request.user)
    enrolment = cadre.enrolments.filter(offering=offering).first()
    problems = [] if enrolment else services.eligibility_problems(cadre=cadre, offering=offering)
    learning = enrolment is not None and enrolment.status in LEARNING
    return render(
        request,
        "training/offering_detail.html",
        {
            "offering": offering,
            "enrolment": enrolment,
            "problems": problems,
            # Right after joining, the way in is to the lessons (not only a way out).
            "first_lesson": selectors.first_lesson(course=offering.course) if learning else None,
            "seats_taken": offering.enrolments.filter(status__in=services.SEAT_HOLDING).count(),
            "schedule": (
                selectors.learner_schedule(offering=offering, enrolment=enrolment)
                if offering.has_sessions
                else None
            ),
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


@login_required
def enrolment_withdraw(request, pk):
    """Leave a class: a GET asks to confirm (the seat goes to someone else), the POST does it."""
    enrolment = selectors.access_own_enrolment(request.user, pk)
    if request.method != "POST":
        return render(request, "training/withdraw_confirm.html", {"enrolment": enrolment})
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
    """Grade and record a quiz of an enrolled cadre (called through curriculum's quiz hook),
    then send them to the attempt's own page, so a reload never sends the answers again.

    Returns None when nothing is to be recorded: the user has no enrolment that lets them learn
    this lesson now, or has passed this quiz already (trying again is revision). Curriculum
    then only checks the answers, as practice.
    """
    enrolment = selectors.learning_enrolment(user=request.user, lesson=lesson)
    if enrolment is None:
        return None
    state = selectors.quiz_states(user=request.user, lesson=lesson).get(block_id)
    if state is not None and state.passed:
        return None
    try:
        answers = answers_from_post(lesson, block_id, request.POST)
        attempt, _result = services.quiz_submit(
            enrolment=enrolment, lesson=lesson, block_id=block_id, answers=answers
        )
    except (TrainingError, QuizError) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
        return redirect(lesson.url + f"#quiz-{block_id}")
    return redirect("training:quiz_attempt", pk=attempt.pk)


@login_required
def quiz_attempt(request, pk):
    """One recorded attempt: the score, each question right or wrong, what to do next."""
    attempt = selectors.access_own_attempt(request.user, pk)
    enrolment = attempt.enrolment
    course = enrolment.offering.course
    lesson = attempt.lesson.specific
    try:
        result = grade_quiz(
            lesson, attempt.block_id, attempt.answers, pass_mark_percent=course.pass_mark_percent
        )
    except QuizError:  # the quiz was edited or removed since: the recorded score still stands
        result = None
    return render(
        request,
        "training/quiz_result.html",
        {
            "lesson": lesson,
            "attempt": attempt,
            "result": result,
            "enrolment": enrolment,
            "attempts_left": max(0, course.allowed_attempts - attempt.number),
            "is_last": not attempt.enrolment.quiz_attempts.filter(
                block_id=attempt.block_id, number__gt=attempt.number
            ).exists(),
            "certificate": selectors.valid_certificate(enrolment=enrolment),
        },
    )


def course_page_classes(course, request) -> dict:
    """For the course page (curriculum's hook): the classes of this course one can still join."""
    cadre = selectors.own_cadre(request.user)
    return {
        "panels": ["training/_course_classes.html"],
        "course_classes": selectors.joinable_offerings(cadre=cadre, course=course),
        "course_cadre": cadre,
    }


def lesson_page_quizzes(lesson, request) -> dict:
    """For the lesson page (curriculum's hook): where the visitor stands on each quiz."""
    states = selectors.quiz_states(user=request.user, lesson=lesson)
    return {
        "quiz_states": states,
        "quiz_state_key": ",".join(state.key for state in states.values()),
    }


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


# --- Classes held in person: self check-in, the calendar ------------------------------------

CHECK_IN_SALT = "training.check-in"
CHECK_IN_TOKEN_MAX_AGE = 15 * 60  # seconds a scan may wait for its phone's login


def check_in(request, session_pk, code):
    """Where the QR code on the organiser's screen leads. The scan is judged at its own moment:
    a phone that must log in first carries that moment through the login, signed."""
    session = selectors.access_check_in_session(session_pk)
    scanned = timezone.now()
    if not request.user.is_authenticated:
        token = signing.dumps(
            {"session": session.pk, "code": code, "at": scanned.timestamp()}, salt=CHECK_IN_SALT
        )
        confirm = reverse("training:check_in_confirm") + "?" + urlencode({"t": token})
        return redirect_to_login(confirm)
    return _check_in(request, session, code, scanned)


@require_POST
@login_required
def check_in_typed(request, session_pk):
    """The code typed from the organiser's screen, for a phone whose camera will not scan."""
    session = selectors.access_check_in_session(session_pk)
    return _check_in(request, session, request.POST.get("code", ""), timezone.now())


@login_required
def check_in_confirm(request):
    """After the login a scan led to: check in as of the moment of the scan."""
    try:
        data = signing.loads(
            request.GET.get("t", ""), salt=CHECK_IN_SALT, max_age=CHECK_IN_TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        raise Http404 from None
    session = selectors.access_check_in_session(data["session"])
    scanned = datetime.fromtimestamp(data["at"], tz=UTC)
    return _check_in(request, session, data["code"], scanned)


def _check_in(request, session, code, scanned):
    try:
        mark = classroom.attendance_check_in(
            user=request.user, session=session, code=code, scanned_at=scanned
        )
    except TrainingError as error:
        return render(
            request,
            "training/check_in_result.html",
            {"session": session, "problems": error.messages},
            status=400,
        )
    return render(request, "training/check_in_result.html", {"session": session, "mark": mark})


@login_required
def enrolment_calendar(request, pk):
    """The class's sessions as a calendar file (.ics) for the learner's phone or computer."""
    enrolment = selectors.access_own_enrolment(request.user, pk)
    response = HttpResponse(
        calendar.sessions_ics(enrolment.offering), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition(f"lich-hoc-{enrolment.offering.code}.ics")
    return response
