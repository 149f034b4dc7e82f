"""Running a class held in person: sessions, the attendance sheet, the check-in screen, rosters
and sheets, results, the class sheet's import, the completion decision.

Coordinators run every class; the staff they name as a class's organisers run that class only
(selectors.access_run_offering answers 404 to anyone else, and for online classes).
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadres import imports, jobs, queue
from cadres.access import NOTHING, coordinator_view, is_coordinator
from cadres.models import ImportJob
from cadres.spreadsheets import CONTENT_TYPES, content_disposition
from training import class_sheet, classroom, selectors
from training.forms import DecisionForm, SessionForm
from training.models import AttendanceStatus, Session
from training.pdf import qr_data_uri, render_pdf
from training.services import TrainingError, issuing_body_for
from training.views.common import show_error


def runner_view(view):
    """Pages of those who run a class: anonymous users log in first; anyone who runs no class
    gets 404 (before a method check could say more), and the view's access function answers 404
    to an organiser of another class."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.runs_any_class(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.access_rule = "organiser"  # read by the test that walks every /office/ URL
    return wrapped


def _class_page(offering) -> str:
    return reverse("training:class_run", args=[offering.pk])


def _decided(request, offering):
    """A page that changes the class, opened after its decision: back to the class, saying why."""
    decision = getattr(offering, "completion_decision", None)
    if decision is None:
        return None
    messages.info(
        request,
        classroom.DECIDED % {"number": decision.number, "date": f"{decision.decided_on:%d/%m/%Y}"},
    )
    return redirect(_class_page(offering))


@runner_view
def runner_home(request):
    """The classes held in person the user runs."""
    return render(
        request,
        "training/classroom/runner_home.html",
        {"offerings": selectors.offerings_run_by(user=request.user)},
    )


def _class_grid(offering):
    """The class grid; its sessions read once (the grid and its completion checks list them)."""
    prefetch_related_objects([offering], "sessions")
    return selectors.class_grid(offering=offering)


@runner_view
def class_run(request, pk):
    """A class's sessions, its learners' marks and standing, and what to do next."""
    offering = selectors.access_run_offering(request.user, pk)
    return render(
        request,
        "training/classroom/class_run.html",
        {
            "offering": offering,
            **_class_grid(offering),
            "counted": selectors.counted_statuses(offering),
            "statuses": AttendanceStatus,
            "decision": getattr(offering, "completion_decision", None),
            "can_decide": is_coordinator(request.user),
            "session_form": SessionForm(),
        },
    )


@runner_view
def session_edit(request, pk, session_pk=None):
    offering = selectors.access_run_offering(request.user, pk)
    if (decided := _decided(request, offering)) is not None:
        return decided
    session = (
        selectors.access_run_session(request.user, pk, session_pk)
        if session_pk
        else Session(offering=offering, place=offering.venue)
    )
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            classroom.session_save(actor=request.user, session=form.save(commit=False))
        except TrainingError as error:
            show_error(request, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect(_class_page(offering))
    return render(
        request,
        "training/classroom/session_form.html",
        {"offering": offering, "session": session if session_pk else None, "form": form},
    )


@runner_view
@require_POST
def session_remove(request, pk, session_pk):
    session = selectors.access_run_session(request.user, pk, session_pk)
    try:
        classroom.session_remove(actor=request.user, session=session)
    except TrainingError as error:
        show_error(request, error)
    else:
        messages.success(request, _("The session is removed."))
    return redirect(_class_page(session.offering))


@runner_view
def session_attendance(request, pk, session_pk):
    """The attendance sheet of one session: every learner, one mark each, saved at once."""
    session = selectors.access_run_session(request.user, pk, session_pk)
    offering = session.offering
    if (decided := _decided(request, offering)) is not None:
        return decided
    learners = list(
        classroom.attending_enrolments(offering)
        .select_related("cadre__agency")
        .order_by("cadre__name_sort_text", "pk")
    )
    current = {a.enrolment_id: a for a in session.attendances.all()}
    if request.method == "POST":
        marks = {}
        for enrolment in learners:
            value = request.POST.get(f"mark-{enrolment.pk}", "")
            if value:
                marks[enrolment.pk] = value
        try:
            count = classroom.attendance_mark(actor=request.user, session=session, marks=marks)
        except TrainingError as error:
            show_error(request, error)
        else:
            messages.success(request, _("%(count)s mark(s) saved.") % {"count": count})
            return redirect(_class_page(offering))
    return render(
        request,
        "training/classroom/attendance.html",
        {
            "session": session,
            "offering": offering,
            "rows": [{"enrolment": e, "mark": current.get(e.pk)} for e in learners],
            "statuses": AttendanceStatus.choices,
        },
    )


@runner_view
def session_check_in(request, pk, session_pk):
    """The organiser's screen: this minute's QR code; the page renews it by itself."""
    session = selectors.access_run_session(request.user, pk, session_pk)
    offering = session.offering
    if (decided := _decided(request, offering)) is not None:
        return decided
    code = classroom.check_in_code(session)
    # The site's own address (as on certificates), never the Host header a request brings.
    url = settings.SITE_URL + reverse("training:check_in", args=[session.pk, code])
    opens, closes = classroom.check_in_window(session)
    now = timezone.now()
    checked_in = (
        session.attendances.filter(source="check_in")
        .select_related("enrolment__cadre")
        .order_by("-marked_at")
    )
    return render(
        request,
        "training/classroom/check_in.html",
        {
            "session": session,
            "offering": session.offering,
            "code": code,
            "url": url,
            "qr": qr_data_uri(url, scale=8),
            "open_now": opens <= now <= closes,
            "opens": opens,
            "closes": closes,
            "checked_in": checked_in,
        },
    )


@runner_view
def session_roster_pdf(request, pk, session_pk):
    """A printable roster of the session: learners in name order with a column to sign."""
    session = selectors.access_run_session(request.user, pk, session_pk)
    learners = (
        classroom.attending_enrolments(session.offering)
        .select_related("cadre__agency")
        .order_by("cadre__name_sort_text", "pk")
    )
    pdf = render_pdf(
        "training/pdf/roster.html",
        {
            "session": session,
            "offering": session.offering,
            "learners": learners,
            "body": issuing_body_for(session.offering),
        },
    )
    response = HttpResponse(pdf, content_type=CONTENT_TYPES["pdf"])
    name = f"danh-sach-diem-danh-{session.offering.code}-{session.date:%Y%m%d}.pdf"
    response["Content-Disposition"] = content_disposition(name, inline=True)
    return response


@runner_view
def class_sheet_xlsx(request, pk):
    """The class sheet: learners × sessions with their marks and the result; fill it in and
    import it back, or print it as a sign-in sheet."""
    offering = selectors.access_run_offering(request.user, pk)
    response = HttpResponse(class_sheet.sheet_xlsx(offering), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = content_disposition(f"lop-{offering.code}-diem-danh.xlsx")
    return response


@runner_view
def class_results(request, pk):
    """Every learner's final assessment on one form: a score where the class grades, passed or
    not otherwise."""
    offering = selectors.access_run_offering(request.user, pk)
    if (decided := _decided(request, offering)) is not None:
        return decided
    grid = _class_grid(offering)
    scheme = offering.grading_scheme
    if request.method == "POST":
        errors = 0
        for row in grid["rows"]:
            enrolment = row["enrolment"]
            raw = request.POST.get(f"result-{enrolment.pk}", "").strip()
            if not raw:
                continue
            try:
                if scheme is not None:
                    score = classroom.parse_score(raw, scheme.max_score)
                    classroom.result_save(actor=request.user, enrolment=enrolment, score=score)
                else:
                    classroom.result_save(
                        actor=request.user, enrolment=enrolment, passed=raw == "passed"
                    )
            except TrainingError as error:
                errors += 1
                messages.error(request, f"{enrolment.cadre.full_name}: {error.messages[0]}")
        if not errors:
            messages.success(request, _("The results are saved."))
            return redirect(_class_page(offering))
    return render(
        request,
        "training/classroom/results.html",
        {"offering": offering, "rows": grid["rows"], "scheme": scheme},
    )


@runner_view
def class_sheet_import(request, pk):
    """Upload the filled-in class sheet: checked in the background, then confirmed."""
    offering = selectors.access_run_offering(request.user, pk)
    if (decided := _decided(request, offering)) is not None:
        return decided
    if request.method == "POST" and request.FILES.get("file"):
        job = imports.job_create(
            user=request.user,
            import_kind=class_sheet.KIND,
            upload=request.FILES["file"],
            scope=NOTHING,  # the class, not a part of the registry, is what it may touch
            params={"offering_id": offering.pk},
        )
        queue.job_enqueue(job)
        return redirect("training:class_sheet_job", pk=offering.pk, job_pk=job.pk)
    return render(request, "training/classroom/sheet_upload.html", {"offering": offering})


@runner_view
def class_sheet_job(request, pk, job_pk):
    """The class sheet's import: progress, the rows it changes or its problems, confirm."""
    offering = selectors.access_run_offering(request.user, pk)
    job = jobs.access_job_by_id(request.user, job_pk, ImportJob)
    if job.import_kind != class_sheet.KIND or job.params.get("offering_id") != offering.pk:
        raise Http404
    if request.method == "POST" and "cancel" in request.POST:
        imports.job_cancel(job)
        messages.info(request, _("The import was cancelled; nothing was written."))
        return redirect(_class_page(offering))
    if request.method == "POST" and "confirm" in request.POST:
        if imports.job_confirm(job):
            queue.job_enqueue(job)
        return redirect("training:class_sheet_job", pk=offering.pk, job_pk=job.pk)
    queue.requeue_if_stale(job)
    job.refresh_from_db()
    return render(
        request,
        "training/classroom/sheet_job.html",
        {
            "offering": offering,
            "job": job,
            "result": imports.job_result(job),
            "kind": class_sheet.KIND,
            "original_name": job.original_name,
            "writing": job.step == "write",
        },
    )


@coordinator_view
def class_decision(request, pk):
    """Confirm the class's results by decision: who completes, who does not and why."""
    offering = selectors.access_run_offering(request.user, pk)
    decision = getattr(offering, "completion_decision", None)
    form = DecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and decision is None and form.is_valid():
        try:
            outcome = classroom.completion_decide(
                actor=request.user, offering=offering, **form.cleaned_data
            )
        except TrainingError as error:
            show_error(request, error)
        else:
            messages.success(
                request,
                _(
                    "Decision %(number)s recorded: %(done)s completed, %(not_done)s not "
                    "completed, %(certificates)s certificate(s) issued."
                )
                % {
                    "number": outcome.decision.number,
                    "done": len(outcome.completed),
                    "not_done": len(outcome.not_completed),
                    "certificates": len(outcome.certificates),
                },
            )
            return redirect(_class_page(offering))
    grid = _class_grid(offering)
    return render(
        request,
        "training/classroom/decision.html",
        {"offering": offering, "form": form, "decision": decision, "rows": grid["rows"]},
    )
