"""Pages of the learning capability: classes, enrolment, approval, learning, feedback, record."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadres.access import access_cadre_by_id, access_own_cadre, agency_scope_for, is_office_user
from cadres.models import Cadre
from cadres.selectors import CadreFilters, cadre_list
from curriculum.models import LessonPage
from curriculum.quiz import QuizError, answers_from_post
from training import selectors, services
from training.forms import ExternalTrainingForm, FeedbackForm, OfferingForm, RejectForm
from training.models import EnrolmentStatus
from training.pdf import render_pdf
from training.services import TrainingError

MAX_NOMINATIONS = 200


def _error(request, error: TrainingError) -> None:
    for message in error.messages:
        messages.error(request, message)


def office_only(view):
    """Back-office pages: anonymous users log in first; other roles get 404."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_office_user(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def coordinator_only(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.is_coordinator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


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
        _error(request, error)
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
        _error(request, error)
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
            _error(request, error)
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
    return _record_pdf(cadre)


def _record_pdf(cadre: Cadre) -> HttpResponse:
    record = selectors.training_record(cadre=cadre)
    pdf = render_pdf("training/pdf/record.html", {"record": record})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="ho-so-boi-duong-{cadre.personnel_code}.pdf"'
    )
    return response


# --- Office: approvals, nominations, external training, a cadre's record ----------------


@office_only
def approval_queue(request):
    queue = selectors.approval_queue(user=request.user)
    if request.method == "POST":
        ids = request.POST.getlist("enrolment")
        chosen = list(queue.filter(pk__in=ids))
        approve = request.POST.get("action") == "approve"
        try:
            result = services.enrolments_decide(
                actor=request.user,
                enrolments=chosen,
                approve=approve,
                reason=request.POST.get("reason", ""),
            )
        except TrainingError as error:
            _error(request, error)
        else:
            if result.done:
                done_message = (
                    _("%(count)s enrolment(s) approved.")
                    if approve
                    else _("%(count)s enrolment(s) rejected.")
                )
                messages.success(request, done_message % {"count": len(result.done)})
            for enrolment, reason in result.refused:
                messages.error(request, f"{enrolment.cadre.full_name}: {reason}")
            if not chosen:
                messages.error(request, _("Choose at least one enrolment."))
        return redirect("training:approval_queue")
    return render(
        request,
        "training/approval_queue.html",
        {"queue": queue[:500], "total": queue.count(), "reject_form": RejectForm()},
    )


@office_only
def offering_nominate(request, pk):
    offering = selectors.access_offering_by_id(request.user, pk)
    scope = agency_scope_for(request.user)
    query = request.GET.get("q", "").strip()
    candidates = cadre_list(user=request.user, filters=CadreFilters(query=query))
    if request.method == "POST":
        ids = request.POST.getlist("cadre")[:MAX_NOMINATIONS]
        chosen = list(
            Cadre.objects.select_related("agency").filter(scope.agency_q("agency__"), pk__in=ids)
        )
        try:
            enrolments = services.enrolment_nominate(
                actor=request.user, offering=offering, cadres=chosen
            )
        except TrainingError as error:
            _error(request, error)
        else:
            waiting = sum(1 for e in enrolments if e.status == EnrolmentStatus.WAITLISTED)
            messages.success(
                request,
                _("%(count)s cadre(s) nominated, %(waiting)s of them on the waitlist.")
                % {"count": len(enrolments), "waiting": waiting},
            )
            return redirect("training:office_offering_detail", pk=offering.pk)
    return render(
        request,
        "training/offering_nominate.html",
        {"offering": offering, "candidates": candidates[:100], "query": query},
    )


@office_only
def cadre_record(request, pk):
    cadre = access_cadre_by_id(request.user, pk)
    record = selectors.training_record(cadre=cadre)
    return render(request, "training/my_record.html", {"record": record, "own": False})


@office_only
def cadre_record_pdf(request, pk):
    return _record_pdf(access_cadre_by_id(request.user, pk))


@login_required
def external_training_evidence(request, pk):
    """The evidence file of training done elsewhere (a diploma scan): private, so never /media/."""
    record = selectors.access_external_training(request.user, pk)
    if not record.evidence:
        raise Http404
    name = record.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(record.evidence.open("rb"), as_attachment=True, filename=name)


@office_only
def external_training_new(request, pk):
    cadre = access_cadre_by_id(request.user, pk)
    form = ExternalTrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.external_training_record(actor=request.user, cadre=cadre, **form.cleaned_data)
        except TrainingError as error:
            _error(request, error)
        else:
            messages.success(request, _("The external training was recorded."))
            return redirect("training:cadre_record", pk=cadre.pk)
    return render(request, "training/external_training_form.html", {"form": form, "cadre": cadre})


# --- Office: classes (coordinators) -----------------------------------------------------


@office_only
def office_offering_list(request):
    if selectors.is_coordinator(request.user):
        offerings = selectors.offerings_managed(user=request.user)
    else:
        offerings = selectors.offerings_open_for_nomination()
    return render(
        request,
        "training/office_offering_list.html",
        {"offerings": offerings, "can_manage": selectors.is_coordinator(request.user)},
    )


@office_only
def office_offering_detail(request, pk):
    offering = selectors.access_offering_by_id(request.user, pk)
    enrolments = selectors.offering_enrolments(user=request.user, offering=offering)
    is_coordinator = selectors.is_coordinator(request.user)
    return render(
        request,
        "training/office_offering_detail.html",
        {
            "offering": offering,
            "enrolments": enrolments,
            "seats_taken": offering.enrolments.filter(status__in=services.SEAT_HOLDING).count(),
            "feedback": selectors.feedback_summary(offering=offering) if is_coordinator else None,
            "can_manage": is_coordinator,
        },
    )


@coordinator_only
def offering_edit(request, pk=None):
    offering = selectors.access_managed_offering(request.user, pk) if pk else None
    form = OfferingForm(request.POST or None, instance=offering)
    if request.method == "POST" and form.is_valid():
        offering = form.save(commit=False)
        if offering.created_by_id is None:
            offering.created_by = request.user
        offering.save()
        form.save_m2m()
        messages.success(request, _("The class was saved."))
        return redirect("training:office_offering_detail", pk=offering.pk)
    return render(request, "training/offering_form.html", {"form": form, "offering": offering})
