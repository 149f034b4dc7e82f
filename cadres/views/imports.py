"""Office imports of agencies and cadres: upload, check, preview, confirm, result."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cadres import imports
from cadres.access import (
    agency_scope_for,
    job_within,
    office_view,
)
from cadres.forms import (
    ImportUploadForm,
)
from cadres.models import ImportJob, ImportStatus

IMPORT_KINDS = {
    "cadres": (imports.import_cadres, imports.CADRE_COLUMNS),
    "agencies": (imports.import_agencies, imports.AGENCY_COLUMNS),
}


# --- Imports ---


def _import_kind(kind: str):
    try:
        return IMPORT_KINDS[kind]
    except KeyError:
        raise Http404 from None


def _session_key(kind: str) -> str:
    return f"cadres_import_{kind}"


def _access_job(request, pk) -> ImportJob:
    """Only the uploader, and only while their scope still covers the one captured at upload."""
    job = ImportJob.objects.filter(pk=pk, uploaded_by=request.user).first()
    if job is None or not job_within(job, agency_scope_for(request.user)):
        raise Http404
    return job


def _session_job(request, kind: str) -> ImportJob | None:
    stored = request.session.get(_session_key(kind)) or {}
    if not stored.get("job"):
        return None
    try:
        return _access_job(request, stored["job"])
    except Http404:
        return None


@office_view
def import_upload(request, kind: str):
    _import_kind(kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        previous = _session_job(request, kind)
        if previous is not None:
            imports.job_cancel(previous)  # a new file replaces the one not yet confirmed
        upload = form.cleaned_data["file"]
        # Kept in media storage (shared with the workers, never served), checked in the background.
        job = imports.job_start(
            user=request.user, kind=kind, upload=upload, scope=agency_scope_for(request.user)
        )
        request.session[_session_key(kind)] = {
            "name": job.file_name,
            "original": job.original_name,
            "job": job.pk,
        }
        return redirect("cadres:import_job", pk=job.pk)
    return render(request, "cadres/import_upload.html", {"form": form, "kind": kind})


@office_view
def import_preview(request, kind: str):
    """The page of the last file uploaded in this session (the address used before jobs)."""
    _import_kind(kind)
    job = _session_job(request, kind)
    if job is None or job.kind != kind:
        return redirect("cadres:import_upload", kind=kind)
    return _job_page(request, job)


@office_view
def import_job(request, pk: int):
    return _job_page(request, _access_job(request, pk))


def _job_page(request, job: ImportJob):
    """Progress while running; the preview (problems or counts) with Confirm; the result."""
    if request.method == "POST" and "cancel" in request.POST:
        imports.job_cancel(job)
        request.session.pop(_session_key(job.kind), None)
        messages.info(request, _("The import was cancelled; nothing was written."))
        return redirect("cadres:import_upload", kind=job.kind)
    if request.method == "POST" and "confirm" in request.POST:
        if imports.job_confirm(job) or job.status in (ImportStatus.WRITING, ImportStatus.DONE):
            return redirect("cadres:import_job", pk=job.pk)  # a second confirm does nothing
        job.refresh_from_db()
    result = imports.job_result(job)
    summary = ""
    if job.status == ImportStatus.DONE:
        request.session.pop(_session_key(job.kind), None)
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
            "kind": job.kind,
            "result": result,
            "summary": summary,
            "original_name": job.original_name,
        },
    )


@office_view
def import_template(request, kind: str):
    _run, columns = _import_kind(kind)
    response = HttpResponse(
        imports.template_workbook(columns),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = "mau-nhap-can-bo.xlsx" if kind == "cadres" else "mau-nhap-don-vi.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
