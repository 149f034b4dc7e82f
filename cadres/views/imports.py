"""Office imports of agencies and cadres: upload, check, preview, confirm, result."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cadres import imports, jobs, queue, selectors
from cadres.access import agency_scope_for, office_work_view
from cadres.forms import ImportUploadForm
from cadres.models import ImportJob, ImportStep, JobStatus
from cadres.spreadsheets import CONTENT_TYPES, template_workbook

IMPORT_COLUMNS = {"cadres": imports.CADRE_COLUMNS, "agencies": imports.AGENCY_COLUMNS}
TEMPLATE_NAMES = {"cadres": "mau-nhap-can-bo.xlsx", "agencies": "mau-nhap-don-vi.xlsx"}


def _columns(kind: str):
    try:
        return IMPORT_COLUMNS[kind]
    except KeyError:
        raise Http404 from None


def _session_key(kind: str) -> str:
    return f"cadres_import_{kind}"


def _access_job(request, pk) -> ImportJob:
    """Only the uploader, and only while their scope still covers the one captured at upload."""
    return jobs.access_job_by_id(request.user, pk, ImportJob)


def _session_job(request, kind: str) -> ImportJob | None:
    stored = request.session.get(_session_key(kind)) or {}
    if not stored.get("job"):
        return None
    try:
        return _access_job(request, stored["job"])
    except Http404:
        return None


@office_work_view
def import_upload(request, kind: str):
    _columns(kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        previous = _session_job(request, kind)
        if previous is not None:
            imports.job_cancel(previous)  # a new file replaces the one not yet confirmed
        job = imports.job_create(
            user=request.user,
            import_kind=kind,
            upload=form.cleaned_data["file"],
            scope=agency_scope_for(request.user),
        )
        queue.job_enqueue(job)  # the check runs in the background
        request.session[_session_key(kind)] = {"job": job.pk}
        return redirect("cadres:import_job", pk=job.pk)
    return render(request, "cadres/import_upload.html", {"form": form, "kind": kind})


@office_work_view
def import_preview(request, kind: str):
    """The page of the last file uploaded in this session (the address used before jobs)."""
    _columns(kind)
    job = _session_job(request, kind)
    if job is None or job.import_kind != kind:
        return redirect("cadres:import_upload", kind=kind)
    return _job_page(request, job)


@office_work_view
def import_job(request, pk: int):
    return _job_page(request, _access_job(request, pk))


def _job_page(request, job: ImportJob):
    """Progress while running; the preview (problems or counts) with Confirm; the result."""
    kind = job.import_kind
    if request.method == "POST" and "cancel" in request.POST:
        imports.job_cancel(job)
        request.session.pop(_session_key(kind), None)
        messages.info(request, _("The import was cancelled; nothing was written."))
        return redirect("cadres:import_upload", kind=kind)
    if request.method == "POST" and "confirm" in request.POST:
        if imports.job_confirm(job):
            queue.job_enqueue(job)
        # A second confirm does nothing; either way, the page shows where the job is.
        return redirect("cadres:import_job", pk=job.pk)
    queue.requeue_if_stale(job)
    job.refresh_from_db()
    result = imports.job_result(job)
    summary = ""
    if job.status == JobStatus.DONE:
        request.session.pop(_session_key(kind), None)
        summary = (
            _(
                "Imported: %(created)d created, %(updated)d updated, %(transferred)d "
                "transferred or moved, %(unchanged)d unchanged."
            )
            % result.__dict__
        )
    return render(
        request,
        "cadres/import_preview.html",
        {
            "job": job,
            "kind": kind,
            "result": result,
            "summary": summary,
            "original_name": job.original_name,
            "writing": job.step == ImportStep.WRITE,
        },
    )


@office_work_view
def import_template(request, kind: str):
    """The template, its example row made of codes the user may use, and sheets listing them."""
    columns = _columns(kind)
    examples, references = selectors.import_template_values(user=request.user, kind=kind)
    workbook = template_workbook(columns, examples=examples, references=references)
    response = HttpResponse(workbook, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_NAMES[kind]}"'
    return response
