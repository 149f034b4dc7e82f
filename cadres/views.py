"""Back-office pages of the registry: thin views over the access functions, selectors and services."""

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cadres import exports, imports, selectors, services
from cadres.access import (
    access_agency_by_id,
    access_agency_for_reading,
    access_assignment_by_id,
    access_cadre_by_id,
    access_own_cadre,
    access_rotation_plan_by_id,
    agency_scope_for,
    can_see_sensitive,
    is_office_user,
    job_within,
)
from cadres.forms import (
    SPLIT_MAX_PARTS,
    SPLIT_MIN_PARTS,
    AgencyCreateForm,
    AgencyDissolveForm,
    AgencyForm,
    AgencyMergeForm,
    AgencyMoveForm,
    AgencyRenameForm,
    AgencySplitForm,
    AssignmentEndForm,
    CadreCreateForm,
    CadreDetailsForm,
    CadreFilterForm,
    ImportUploadForm,
    LeaveForm,
    OfficerAssignForm,
    RotationCancelForm,
    RotationPlanForm,
    TransferForm,
    yes_no,
)
from cadres.models import Cadre, ExportJob, ExportStatus, ImportJob, ImportStatus, RotationStatus

PAGE_SIZE = 50
FILTER_NAMES = ("agency", "category", "level", "party", "account", "status")
MAX_BULK_ACCOUNTS = 500  # one request opens at most this many accounts
IMPORT_KINDS = {
    "cadres": (imports.import_cadres, imports.CADRE_COLUMNS),
    "agencies": (imports.import_agencies, imports.AGENCY_COLUMNS),
}


def office_view(view):
    """Anonymous users go to the login page; users without an office role get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_office_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


# --- Dashboard ---


@office_view
def office_home(request):
    counts = selectors.office_counts(user=request.user)
    scope = agency_scope_for(request.user)
    root = None
    if scope.root_path is not None:
        root = access_agency_by_id(request.user, request.user.agency_id)
    return render(request, "cadres/office_home.html", {"counts": counts, "root": root})


# --- Cadres ---


def _filters_from(request) -> tuple[CadreFilterForm, selectors.CadreFilters]:
    agencies = list(selectors.agencies_in_scope(user=request.user))
    form = CadreFilterForm(request.GET or None, agencies=agencies)
    agency_id = request.GET.get("agency")
    # An agency outside the user's scope is a 404, like every other object out of reach.
    agency = access_agency_by_id(request.user, agency_id) if agency_id else None
    if not form.is_valid():
        return form, selectors.CadreFilters(agency=agency)
    data = form.cleaned_data
    filters = selectors.CadreFilters(
        query=data["q"],
        agency=agency,
        category_id=data["category"].pk if data["category"] else None,
        theory_level=data["level"],
        is_party_member=yes_no(data["party"]),
        has_account=yes_no(data["account"]),
        is_serving={"serving": True, "left": False}.get(data["status"]),
    )
    return form, filters


@office_view
def cadre_list(request):
    form, filters = _filters_from(request)
    cadres = selectors.cadre_list(user=request.user, filters=filters)
    page = Paginator(cadres, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cadres/cadre_list.html",
        {
            "form": form,
            "page": page,
            "query_string": query.urlencode(),
            "show_sensitive": can_see_sensitive(request.user),
            "filters_active": any(request.GET.get(name) for name in FILTER_NAMES),
        },
    )


@office_view
def cadre_export(request, fmt: str):
    """Start an export of the filtered list as a background job (POST, from the list's buttons).

    A GET (an old link) shows what would be exported and the button that starts it: a GET
    never starts work.
    """
    _form, filters = _filters_from(request)  # the list's query string, parsed as the list does
    if request.method != "POST":
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "cadres/export_start.html",
            {
                "fmt": fmt,
                "count": selectors.cadre_list(user=request.user, filters=filters).count(),
                "query_string": query.urlencode(),
            },
        )
    job = exports.job_start(
        user=request.user, fmt=fmt, filters=filters, scope=agency_scope_for(request.user)
    )
    return redirect("cadres:export_job", pk=job.pk)


def _access_export_job(request, pk) -> ExportJob:
    """Only the requester, and only while their scope still covers the one captured."""
    job = ExportJob.objects.filter(pk=pk, requested_by=request.user).first()
    if job is None or not job_within(job, agency_scope_for(request.user)):
        raise Http404
    return job


@office_view
def export_job(request, pk: int):
    """Progress while the file is written (the page refreshes itself), then a download link."""
    job = _access_export_job(request, pk)
    return render(
        request,
        "cadres/export_job.html",
        {
            "job": job,
            "file_ready": job.status == ExportStatus.DONE and exports.job_path(job) is not None,
            "file_name": exports.download_name(job),
        },
    )


@office_view
def export_download(request, pk: int):
    job = _access_export_job(request, pk)
    path = exports.job_path(job) if job.status == ExportStatus.DONE else None
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), content_type=exports.CONTENT_TYPES[job.extension])
    response["Content-Disposition"] = exports.content_disposition(exports.download_name(job))
    return response


@office_view
def cadre_detail(request, pk: int):
    cadre = access_cadre_by_id(request.user, pk)
    return render(
        request,
        "cadres/cadre_detail.html",
        {
            "cadre": cadre,
            "postings": selectors.cadre_postings(cadre=cadre),
            "show_sensitive": can_see_sensitive(request.user),
        },
    )


@office_view
def cadre_history(request, pk: int):
    cadre = access_cadre_by_id(request.user, pk)
    agencies = selectors.agencies_in_scope(user=request.user)
    transfer_form = TransferForm(
        request.POST if "transfer" in request.POST else None, agencies=agencies
    )
    leave_form = LeaveForm(request.POST if "leave" in request.POST else None)
    if request.method == "POST":
        try:
            if "transfer" in request.POST and transfer_form.is_valid():
                services.cadre_transfer(
                    actor=request.user, cadre=cadre, **transfer_form.cleaned_data
                )
                messages.success(request, _("The transfer is recorded."))
                return redirect("cadres:cadre_history", pk=cadre.pk)
            if "leave" in request.POST and leave_form.is_valid():
                services.cadre_leave(actor=request.user, cadre=cadre, **leave_form.cleaned_data)
                messages.success(request, _("The cadre's leaving is recorded."))
                return redirect("cadres:cadre_history", pk=cadre.pk)
        except services.RegistryError as error:
            messages.error(request, error.message)
    return render(
        request,
        "cadres/cadre_history.html",
        {
            "cadre": cadre,
            "postings": selectors.cadre_postings(cadre=cadre),
            "current": selectors.cadre_open_posting(cadre=cadre),
            "transfer_form": transfer_form,
            "leave_form": leave_form,
        },
    )


@office_view
def cadre_create(request):
    agencies = selectors.agencies_in_scope(user=request.user)
    form = CadreCreateForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cadre = services.cadre_create(
                actor=request.user,
                personnel_code=data["personnel_code"],
                details=form.details(),
                agency=data["agency"],
                position=data["position"],
                start_date=data["start_date"],
            )
        except services.RegistryError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, services.validation_message(error))
        else:
            messages.success(request, _("The cadre is added to the registry."))
            return redirect("cadres:cadre_detail", pk=cadre.pk)
    return render(request, "cadres/cadre_form.html", {"form": form, "cadre": None})


@office_view
def cadre_edit(request, pk: int):
    cadre = access_cadre_by_id(request.user, pk)
    form = CadreDetailsForm(request.POST or None, initial=CadreDetailsForm.initial_from(cadre))
    if request.method == "POST" and form.is_valid():
        try:
            services.cadre_update(actor=request.user, cadre=cadre, details=form.details())
        except services.RegistryError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, services.validation_message(error))
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("cadres:cadre_detail", pk=cadre.pk)
    return render(request, "cadres/cadre_form.html", {"form": form, "cadre": cadre})


@office_view
@require_POST
def cadre_account_open(request, pk: int):
    cadre = access_cadre_by_id(request.user, pk)
    try:
        opened = services.cadre_account_open(actor=request.user, cadre=cadre)
    except services.RegistryError as error:
        messages.error(request, error.message)
        return redirect("cadres:cadre_detail", pk=cadre.pk)
    return render(request, "cadres/accounts_opened.html", {"opened": [opened]})


@office_view
@require_POST
def cadre_accounts_open(request):
    """Accounts for every serving cadre without one in the current filter (up to a limit)."""
    _form, filters = _filters_from(request)
    filters = selectors.CadreFilters(
        **{**filters.__dict__, "has_account": False, "is_serving": True}
    )
    cadres = list(selectors.cadre_list(user=request.user, filters=filters)[:MAX_BULK_ACCOUNTS])
    if not cadres:
        messages.info(request, _("Every serving cadre in this list already has an account."))
        return redirect(f"{reverse('cadres:cadre_list')}?{request.GET.urlencode()}")
    try:
        opened = services.cadre_accounts_open(actor=request.user, cadres=cadres)
    except services.RegistryError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('cadres:cadre_list')}?{request.GET.urlencode()}")
    return render(request, "cadres/accounts_opened.html", {"opened": opened})


@login_required
def my_profile(request):
    """A cadre's own record; sensitive fields stay with the personnel department."""
    cadre = access_own_cadre(request.user)
    return render(
        request,
        "cadres/my_profile.html",
        {"cadre": cadre, "postings": selectors.cadre_postings(cadre=cadre)},
    )


# --- Agencies ---


@office_view
def agency_tree(request):
    return render(
        request, "cadres/agency_tree.html", {"agencies": selectors.agency_tree(user=request.user)}
    )


@office_view
def agency_detail(request, pk: int):
    agency = access_agency_for_reading(request.user, pk)
    scope = agency_scope_for(request.user)
    parent = agency.get_parent()
    return render(
        request,
        "cadres/agency_detail.html",
        {
            "agency": agency,
            "manages": scope.contains(agency),
            "scope": scope,
            "parent": parent if parent is not None and scope.contains(parent) else None,
            "children": selectors.agency_children(agency=agency),
            "postings": selectors.agency_serving_postings(agency=agency),
            "history": selectors.agency_history(agency=agency),
            "assignments": selectors.agency_assignments(agency=agency),
        },
    )


@office_view
def agency_edit(request, pk: int):
    agency = access_agency_by_id(request.user, pk)
    initial = {
        f: getattr(agency, f)
        for f in ("kind", "admin_code", "admin_code_list", "valid_from")
    }
    form = AgencyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_update(actor=request.user, agency=agency, **form.cleaned_data)
        except services.RegistryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("cadres:agency_detail", pk=agency.pk)
    return render(request, "cadres/agency_form.html", {"form": form, "agency": agency})


@office_view
def agency_create(request, parent_pk: int):
    parent = access_agency_by_id(request.user, parent_pk)
    form = AgencyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agency = services.agency_create(
                actor=request.user,
                parent=parent,
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                admin_code=data["admin_code"],
                admin_code_list=data["admin_code_list"],
                valid_from=data["valid_from"],
            )
        except services.RegistryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The agency is added."))
            return redirect("cadres:agency_detail", pk=agency.pk)
    return render(request, "cadres/agency_form.html", {"form": form, "parent": parent})


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


# --- Agency events ---

EVENT_FORMS = {
    "rename": AgencyRenameForm,
    "move": AgencyMoveForm,
    "merge": AgencyMergeForm,
    "dissolve": AgencyDissolveForm,
}


def _event_form(kind: str, request, agencies):
    form_class = EVENT_FORMS[kind]
    data = request.POST if request.POST.get("event") == kind else None
    if form_class in (AgencyMoveForm, AgencyMergeForm):
        return form_class(data, agencies=agencies, prefix=kind)
    return form_class(data, prefix=kind)


@office_view
def agency_change(request, pk: int):
    """Record a dated renaming, move, merger or dissolution of an agency, with its decision."""
    agency = access_agency_by_id(request.user, pk)
    if agency.valid_to is not None:
        raise Http404  # an ended agency changes no more; its successor does
    others = (
        selectors.agencies_in_scope(user=request.user)
        .filter(valid_to__isnull=True)
        .exclude(pk=agency.pk)
    )
    forms = {kind: _event_form(kind, request, others) for kind in EVENT_FORMS}
    kind = request.POST.get("event")
    if request.method == "POST" and kind in forms and forms[kind].is_valid():
        form = forms[kind]
        data = form.cleaned_data
        common = {
            "actor": request.user,
            "effective_date": data["effective_date"],
            "basis": form.basis(),
            "note": data["note"],
        }
        try:
            if kind == "rename":
                services.agency_rename(agency=agency, new_name=data["new_name"], **common)
            elif kind == "move":
                services.agency_move(agency=agency, new_parent=data["new_parent"], **common)
            elif kind == "merge":
                result = services.agency_merge(sources=[agency], target=data["target"], **common)
                messages.success(
                    request,
                    _("%(postings)d current postings and %(assignments)d assignments moved.")
                    % {
                        "postings": result.moved_postings,
                        "assignments": result.moved_assignments,
                    },
                )
            else:
                services.agency_dissolve(agency=agency, **common)
        except services.RegistryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The change is recorded."))
            return redirect("cadres:agency_detail", pk=agency.pk)
    return render(request, "cadres/agency_change.html", {"agency": agency, "forms": forms})


def _split_part_count(request) -> int:
    raw = request.POST.get("parts") if request.method == "POST" else request.GET.get("parts")
    try:
        count = int(raw)
    except (TypeError, ValueError):
        return SPLIT_MIN_PARTS
    return min(max(count, SPLIT_MIN_PARTS), SPLIT_MAX_PARTS)


@office_view
def agency_split(request, pk: int):
    """Split an agency into 2–5 parts, new or existing; each current posting and unit is placed."""
    agency = access_agency_by_id(request.user, pk)
    if agency.valid_to is not None:
        raise Http404  # an ended agency changes no more
    part_count = _split_part_count(request)
    successors = (
        selectors.agencies_in_scope(user=request.user)
        .filter(valid_to__isnull=True)
        .exclude(path__startswith=agency.path)
    )
    form = AgencySplitForm(
        request.POST or None,
        part_count=part_count,
        agencies=successors,
        postings=selectors.agency_serving_postings(agency=agency),
        units=selectors.agency_children(agency=agency).filter(valid_to__isnull=True),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.agency_split(
                actor=request.user,
                source=agency,
                targets=form.targets(parent=agency.get_parent()),
                posting_targets=form.posting_targets(),
                child_targets=form.child_targets(),
                effective_date=data["effective_date"],
                basis=form.basis(),
                note=data["note"],
            )
        except services.RegistryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The split is recorded: %(postings)d current postings moved.")
                % {"postings": result.moved_postings},
            )
            return redirect("cadres:agency_detail", pk=agency.pk)
    return render(
        request,
        "cadres/agency_split.html",
        {
            "agency": agency,
            "form": form,
            "part_count": part_count,
            "part_choices": range(SPLIT_MIN_PARTS, SPLIT_MAX_PARTS + 1),
        },
    )


# --- Responsible officers and coverage ---


def _coverage_root(request):
    agency_id = request.GET.get("agency")
    return access_agency_by_id(request.user, agency_id) if agency_id else None


@office_view
def coverage(request):
    root = _coverage_root(request)
    result = selectors.coverage(user=request.user, root=root)
    return render(request, "cadres/coverage.html", {"coverage": result, "root": root})


@office_view
def coverage_export(request):
    root = _coverage_root(request)
    result = selectors.coverage(user=request.user, root=root)
    headers, rows = exports.coverage_table(result)
    response = HttpResponse(
        exports.to_xlsx(headers, rows, title="Phụ trách dân vận"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = date.today().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="phu-trach-dan-van-{stamp}.xlsx"'
    return response


def _cadre_in_scope_by_code(user, code: str):
    scope = agency_scope_for(user)
    return Cadre.objects.filter(scope.agency_q("agency__"), personnel_code=code.strip()).first()


@office_view
def officer_assign(request, pk: int):
    agency = access_agency_by_id(request.user, pk)
    form = OfficerAssignForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cadre = _cadre_in_scope_by_code(request.user, data["personnel_code"])
        if cadre is None:
            form.add_error(
                "personnel_code", _("No cadre of your agencies has this personnel code.")
            )
        else:
            try:
                services.officer_assign(
                    actor=request.user,
                    agency=agency,
                    cadre=cadre,
                    kind=data["kind"],
                    start_date=data["start_date"],
                    decision_number=data["decision_number"],
                )
            except services.RegistryError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The officer is assigned."))
                return redirect("cadres:agency_detail", pk=agency.pk)
    return render(request, "cadres/officer_assign.html", {"agency": agency, "form": form})


@office_view
def assignment_end(request, pk: int):
    assignment = access_assignment_by_id(request.user, pk)
    form = AssignmentEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.officer_assignment_end(
                actor=request.user, assignment=assignment, end_date=form.cleaned_data["end_date"]
            )
        except services.RegistryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The assignment is ended."))
            return redirect("cadres:agency_detail", pk=assignment.agency_id)
    return render(request, "cadres/assignment_end.html", {"assignment": assignment, "form": form})


# --- Rotation plans ---


@office_view
def rotation_list(request):
    status = request.GET.get("status", "")
    if status not in RotationStatus.values:
        status = ""
    plans = selectors.rotation_plans(user=request.user, status=status)
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cadres/rotation_list.html",
        {
            "page": page,
            "status": status,
            "statuses": RotationStatus.choices,
            "query_string": f"status={status}" if status else "",
        },
    )


@office_view
def rotation_create(request):
    cadre = access_cadre_by_id(request.user, request.GET.get("cadre"))
    current = selectors.cadre_open_posting(cadre=cadre)
    agencies = selectors.agencies_in_scope(user=request.user).filter(valid_to__isnull=True)
    form = RotationPlanForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.rotation_plan_create(
                actor=request.user,
                cadre=cadre,
                to_agency=data["to_agency"],
                to_position=data["to_position"],
                form=data["form"],
                planned_date=data["planned_date"],
                reason=data["reason"],
                basis=form.basis(),
            )
        except services.RegistryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The rotation plan is proposed."))
            return redirect("cadres:rotation_detail", pk=plan.pk)
    return render(
        request, "cadres/rotation_form.html", {"cadre": cadre, "current": current, "form": form}
    )


@office_view
def rotation_detail(request, pk: int):
    plan = access_rotation_plan_by_id(request.user, pk)
    return render(
        request,
        "cadres/rotation_detail.html",
        {
            "plan": plan,
            "warnings": selectors.rotation_warnings(plan=plan),
            "cancel_form": RotationCancelForm(),
            "statuses": RotationStatus,
        },
    )


ROTATION_ACTIONS = {
    "approve": (services.rotation_plan_approve, gettext_lazy("The plan is approved.")),
    "execute": (
        services.rotation_plan_execute,
        gettext_lazy("The plan is carried out: the new post is recorded."),
    ),
    "cancel": (services.rotation_plan_cancel, gettext_lazy("The plan is cancelled.")),
}


@office_view
@require_POST
def rotation_action(request, pk: int, action: str):
    plan = access_rotation_plan_by_id(request.user, pk)
    if action not in ROTATION_ACTIONS:
        raise Http404
    service, done = ROTATION_ACTIONS[action]
    extra = {}
    if action == "cancel":
        form = RotationCancelForm(request.POST)
        extra["reason"] = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        service(actor=request.user, plan=plan, **extra)
    except services.RegistryError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("cadres:rotation_detail", pk=plan.pk)
