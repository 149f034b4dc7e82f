"""Pages of the "Dân vận khéo" movement: officers register and follow their agencies'
models and exemplars; assessors assess and decide; any agency records a replication."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cadres import imports, jobs, queue
from cadres.access import (
    assessment_scope_for,
    assessor_view,
    change_scope_for,
    emulation_view,
    is_assessor,
    is_coordinator,
    is_office_user,
    office_work_view,
)
from cadres.models import Agency, Cadre, ImportJob
from cadres.spreadsheets import CONTENT_TYPES
from curriculum.emulation import imports as emulation_imports
from curriculum.emulation import selectors, services
from curriculum.emulation.forms import (
    AssessmentForm,
    DecisionForm,
    EvidenceForm,
    RegistrationForm,
    ReplicationForm,
)
from curriculum.emulation.models import EmulationCriterion, RegistrationStatus
from curriculum.emulation.rules import levels_for, rule_for
from curriculum.emulation.services import EmulationError

PAGE_SIZE = 50


def _render(request, template: str, context: dict):
    # Assessors who are not office staff get the movement's own menu, not the office's.
    context["office_user"] = is_office_user(request.user)
    return render(request, template, context)


def _year(request) -> int | None:
    try:
        return int(request.GET.get("year") or 0) or None
    except ValueError:
        return None


def _changeable_agencies(user):
    return (
        Agency.objects.filter(change_scope_for(user).agency_q(), valid_to__isnull=True)
        .select_related("kind")
        .order_by("path")
    )


def _is_body_assessor(user, registration) -> bool:
    return (is_assessor(user) or is_coordinator(user)) and assessment_scope_for(user).contains(
        registration.assessing_body
    )


@emulation_view
def emulation_list(request):
    year = _year(request)
    status = request.GET.get("status", "")
    if status not in RegistrationStatus.values:
        status = ""
    rows = selectors.registrations_for(request.user, year=year, status=status)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(
        request,
        "curriculum/emulation/list.html",
        {
            "page_obj": page_obj,
            "registrations": page_obj.object_list,
            "years": selectors.years_for(request.user),
            "year": year,
            "status": status,
            "statuses": RegistrationStatus.choices,
            "counts": selectors.emulation_counts(request.user, year=year),
            "assesses": is_assessor(request.user) or is_coordinator(request.user),
            "filter_query": f"year={year or ''}&status={status}",
        },
    )


@office_work_view
def emulation_register(request):
    agencies = _changeable_agencies(request.user)
    cadres = Cadre.objects.filter(change_scope_for(request.user).agency_q("agency__"))
    form = RegistrationForm(
        request.POST or None, request.FILES or None, agencies=agencies, cadres=cadres
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                actor=request.user,
                year=data["year"],
                case_kind=data["case_kind"],
                field=data["field"],
                title=data["title"],
                lead_agency=data["lead_agency"],
                exemplar_cadre=data["exemplar_code"],
                participants=data["participant_codes"],
                goals=data["goals"],
                description=data["description"],
                start_date=data["start_date"],
                evidence_files=data["evidence"],
            )
        except EmulationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Registered. %(body)s will assess it.")
                % {"body": registration.assessing_body.name},
            )
            return redirect("curriculum:emulation_detail", pk=registration.pk)
    return _render(request, "curriculum/emulation/register.html", {"form": form})


@emulation_view
def emulation_detail(request, pk):
    registration = selectors.access_registration_by_id(request.user, pk)
    user = request.user
    assesses = _is_body_assessor(user, registration)
    open_record = registration.status != RegistrationStatus.RECOGNISED
    return _render(
        request,
        "curriculum/emulation/detail.html",
        {
            "r": registration,
            "rule": rule_for(registration.assessing_body),
            "may_add_evidence": change_scope_for(user).contains(registration.lead_agency),
            "evidence_form": EvidenceForm(),
            "may_assess": assesses and open_record,
            "may_decide": assesses and open_record and bool(registration.assessments.all()),
        },
    )


@emulation_view
def emulation_evidence(request, pk, evidence_pk):
    """An evidence file: private, handed out to the agency's officers and the assessors only."""
    evidence = selectors.access_evidence_by_id(request.user, pk, evidence_pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


@office_work_view
def emulation_evidence_add(request, pk):
    registration = selectors.access_registration_by_id(request.user, pk)
    if request.method == "POST":
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = services.evidence_add(
                    actor=request.user,
                    registration=registration,
                    files=form.cleaned_data["evidence"],
                )
            except EmulationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("%(count)s file(s) added.") % {"count": len(saved)})
        else:
            for error in form.errors.get("evidence", []):
                messages.error(request, error)
    return redirect("curriculum:emulation_detail", pk=registration.pk)


@assessor_view
def emulation_queue(request):
    waiting_only = request.GET.get("all") != "1"
    rows = selectors.assessment_queue(request.user, waiting_only=waiting_only)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(
        request,
        "curriculum/emulation/queue.html",
        {"page_obj": page_obj, "registrations": page_obj.object_list, "waiting_only": waiting_only},
    )


def _assessed(request, pk):
    registration = selectors.access_registration_by_id(request.user, pk)
    if not _is_body_assessor(request.user, registration):
        raise Http404
    return registration


@assessor_view
def emulation_assess(request, pk):
    registration = _assessed(request, pk)
    criteria = EmulationCriterion.objects.filter(active=True)
    form = AssessmentForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record(
                actor=request.user,
                registration=registration,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except EmulationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect("curriculum:emulation_detail", pk=registration.pk)
    return _render(
        request,
        "curriculum/emulation/assess.html",
        {"r": registration, "form": form, "criteria": form.criteria},
    )


@assessor_view
def emulation_decide(request, pk):
    registration = _assessed(request, pk)
    levels = levels_for(registration.assessing_body)
    form = DecisionForm(request.POST or None, levels=levels)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.recognition_decide(
                actor=request.user,
                registration=registration,
                recognised=data["recognised"],
                level=data["level"],
                number=data["number"],
                decided_on=data["decided_on"],
                reason=data["reason"],
            )
        except EmulationError as error:
            form.add_error(None, error.message)
        else:
            registration.refresh_from_db()
            if registration.case_study_id:
                messages.success(
                    request,
                    _("Decision recorded. A draft case study was opened for the editors."),
                )
            else:
                messages.success(request, _("Decision recorded."))
            return redirect("curriculum:emulation_detail", pk=registration.pk)
    return _render(request, "curriculum/emulation/decide.html", {"r": registration, "form": form})


@office_work_view
def emulation_replicate(request):
    sources = selectors.recognised_models()
    form = ReplicationForm(
        request.POST or None,
        sources=sources,
        agencies=_changeable_agencies(request.user),
        initial={"source": request.GET.get("source")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.replication_record(
                actor=request.user,
                source=data["source"],
                agency=data["agency"],
                started_on=data["started_on"],
                note=data["note"],
            )
        except EmulationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Replication recorded."))
            return redirect("curriculum:emulation_list")
    return _render(request, "curriculum/emulation/replicate.html", {"form": form})


@office_work_view
def emulation_import(request):
    """Upload a year's list: checked in the background, then confirmed (all rows or none)."""
    if request.method == "POST" and request.FILES.get("file"):
        job = imports.job_create(
            user=request.user,
            import_kind=emulation_imports.KIND,
            upload=request.FILES["file"],
            scope=change_scope_for(request.user),
        )
        queue.job_enqueue(job)
        return redirect("curriculum:emulation_import_job", pk=job.pk)
    return _render(
        request, "curriculum/emulation/import.html", {"columns": emulation_imports.COLUMNS}
    )


@office_work_view
def emulation_import_template(request):
    response = HttpResponse(emulation_imports.template_xlsx(), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = 'attachment; filename="dang-ky-dan-van-kheo.xlsx"'
    return response


@office_work_view
def emulation_import_job(request, pk):
    """The import's progress, then the rows it creates or its problems, and Confirm."""
    job = jobs.access_job_by_id(request.user, pk, ImportJob)
    if job.import_kind != emulation_imports.KIND:
        raise Http404
    if request.method == "POST" and "cancel" in request.POST:
        imports.job_cancel(job)
        messages.info(request, _("The import was cancelled; nothing was written."))
        return redirect("curriculum:emulation_list")
    if request.method == "POST" and "confirm" in request.POST:
        if imports.job_confirm(job):
            queue.job_enqueue(job)
        return redirect("curriculum:emulation_import_job", pk=job.pk)
    queue.requeue_if_stale(job)
    job.refresh_from_db()
    return _render(
        request,
        "curriculum/emulation/import_job.html",
        {
            "job": job,
            "result": imports.job_result(job),
            "kind": emulation_imports.KIND,
            "original_name": job.original_name,
            "writing": job.step == "write",
        },
    )
