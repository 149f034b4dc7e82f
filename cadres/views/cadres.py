"""Office pages of cadres: the list and its exports, details, history, accounts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cadres import audit, exports, jobs, list_cache, queue, selectors, services
from cadres.access import (
    access_agency_by_id,
    access_cadre_by_id,
    agency_scope_for,
    can_change,
    can_see_sensitive,
    is_coordinator,
    office_view,
    office_work_view,
)
from cadres.forms import (
    CadreCreateForm,
    CadreDetailsForm,
    CadreFilterForm,
    LeaveForm,
    RetirementForm,
    TransferForm,
    yes_no,
)
from cadres.models import ExportJob
from cadres.views.audit import shown_entries

PAGE_SIZE = 50
AUDIT_ON_PAGE = 10  # the latest changes on a cadre's page; the rest on the audit page
FILTER_NAMES = ("agency", "category", "level", "party", "account", "status")
MAX_BULK_ACCOUNTS = 500  # one request opens at most this many accounts


# --- Cadres ---


def _filters_from(request) -> tuple[CadreFilterForm, selectors.CadreFilters]:
    return _filters_of(request.user, request.GET)


def _filters_of(user, data) -> tuple[CadreFilterForm, selectors.CadreFilters]:
    agencies = list(selectors.agencies_in_scope(user=user))
    form = CadreFilterForm(
        data or None,
        agencies=agencies,
        categories=selectors.category_choices(),
        sensitive=can_see_sensitive(user),
    )
    agency_id = data.get("agency")
    # An agency outside the user's scope is a 404, like every other object out of reach.
    agency = access_agency_by_id(user, agency_id) if agency_id else None
    if not form.is_valid():
        return form, selectors.CadreFilters(agency=agency)
    data = form.cleaned_data
    filters = selectors.CadreFilters(
        query=data["q"],
        agency=agency,
        category_id=data["category"],
        theory_level=data["level"],
        is_party_member=yes_no(data.get("party", "")),
        has_account=yes_no(data["account"]),
        is_serving={"serving": True, "left": False}.get(data["status"]),
    )
    return form, filters


def _list_query(request) -> QueryDict:
    """The list's filters as asked (the values the list reads, in one order, empty ones left
    out): what its body is rendered from and cached by, and the query string of its links."""
    query = QueryDict(mutable=True)
    for name in ("q", *FILTER_NAMES):
        value = request.GET.get(name, "")
        if value:
            query[name] = value
    return query


def _cadre_list_body(request, query: QueryDict, number: int) -> str:
    """The list's body (see cadre_list): what it shows depends on nothing but its cache key."""
    user = request.user
    form, filters = _filters_of(user, query)
    cadres = selectors.cadre_list_rows(user=user, filters=filters)
    context = {
        "form": form,
        "page": selectors.counted_page(cadres, number, PAGE_SIZE),
        "query_string": query.urlencode(),
        "show_sensitive": can_see_sensitive(user),
        "can_change": can_change(user),
        "filters_active": any(name in query for name in FILTER_NAMES),
    }
    return render_to_string("cadres/_cadre_list_body.html", context, request)


@office_view
def cadre_list(request):
    """The page shell is rendered per request; the body below the header comes from the cache
    (cadres.list_cache), shared by viewers who see the same, until the registry changes."""
    query = _list_query(request)
    number = selectors.page_number(request.GET.get("page"))
    key = list_cache.body_key("cadre_list", request.user, query.urlencode(), number)
    body = list_cache.cached_body(request, key, lambda: _cadre_list_body(request, query, number))
    return render(request, "cadres/cadre_list.html", {"body": body})


@office_work_view
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
    job = exports.job_create(
        user=request.user, fmt=fmt, filters=filters, scope=agency_scope_for(request.user)
    )
    queue.job_enqueue(job)
    return redirect("cadres:export_job", pk=job.pk)


@office_view
def export_job(request, pk: int):
    """Progress while the file is written (the page refreshes itself), then a download link."""
    job = jobs.access_job_by_id(request.user, pk, ExportJob)
    queue.requeue_if_stale(job)
    job.refresh_from_db()
    return render(request, "cadres/export_job.html", {"job": job})


@office_view
def cadre_detail(request, pk: int):
    cadre = access_cadre_by_id(request.user, pk)
    audit.record_view(viewer=request.user, cadre=cadre, page="cadre_detail")
    changes = None
    if is_coordinator(request.user):
        changes = shown_entries(
            selectors.audit_entries(
                user=request.user, filters=selectors.AuditFilter(cadre_id=cadre.pk)
            )[:AUDIT_ON_PAGE]
        )
    return render(
        request,
        "cadres/cadre_detail.html",
        {
            "cadre": cadre,
            "postings": selectors.cadre_postings(cadre=cadre),
            "show_sensitive": can_see_sensitive(request.user),
            "extra_links": selectors.cadre_page_links(cadre=cadre, user=request.user),
            "retirement": selectors.cadre_retirement(cadre=cadre),
            "audit_entries": changes,
        },
    )


@office_work_view
def cadre_retirement(request, pk: int):
    """Record or clear a decided earlier or later retirement, in a case the law allows."""
    cadre = access_cadre_by_id(request.user, pk)
    form = RetirementForm(
        request.POST if "decide" in request.POST else None,
        initial=RetirementForm.initial_from(cadre),
    )
    if request.method == "POST":
        try:
            if "clear" in request.POST:
                services.cadre_retirement_clear(actor=request.user, cadre=cadre)
                messages.success(request, _("The retirement date follows the roadmap again."))
                return redirect("cadres:cadre_detail", pk=cadre.pk)
            if form.is_valid():
                services.cadre_retirement_decide(
                    actor=request.user,
                    cadre=cadre,
                    case=form.cleaned_data["case"],
                    retirement_date=form.cleaned_data["retirement_date"],
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("The decided retirement date is recorded."))
                return redirect("cadres:cadre_detail", pk=cadre.pk)
        except services.RegistryError as error:
            form.add_error(None, error.message)
    return render(
        request,
        "cadres/cadre_retirement.html",
        {"cadre": cadre, "form": form, "retirement": selectors.cadre_retirement(cadre=cadre)},
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
    postings = list(selectors.cadre_postings(cadre=cadre))
    return render(
        request,
        "cadres/cadre_history.html",
        {
            "cadre": cadre,
            "postings": postings,
            # The open posting, from the history (its order: newest first, as the model's).
            "current": next((p for p in postings if p.end_date is None), None),
            "transfer_form": transfer_form,
            "leave_form": leave_form,
        },
    )


@office_work_view
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
                job_position=data["job_position"],
                title=data["title"],
            )
        except services.RegistryError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, services.validation_message(error))
        else:
            messages.success(request, _("The cadre is added to the registry."))
            return redirect("cadres:cadre_detail", pk=cadre.pk)
    return render(request, "cadres/cadre_form.html", {"form": form, "cadre": None})


@office_work_view
def cadre_edit(request, pk: int):
    cadre = access_cadre_by_id(request.user, pk)
    if request.method == "GET":  # the form shows the whole record
        audit.record_view(viewer=request.user, cadre=cadre, page="cadre_edit")
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
            if cadre.login_email == services.LOGIN_EMAIL_PENDING:
                messages.info(request, LOGIN_EMAIL_WAITS)
            elif cadre.login_email == services.LOGIN_EMAIL_KEPT:
                messages.warning(request, LOGIN_EMAIL_STAFF)
            return redirect("cadres:cadre_detail", pk=cadre.pk)
    return render(request, "cadres/cadre_form.html", {"form": form, "cadre": cadre})


LOGIN_EMAIL_WAITS = gettext_lazy(
    "The login keeps its current email address until its holder confirms the new one (they "
    "are told at the old address)."
)
LOGIN_EMAIL_STAFF = gettext_lazy(
    "This login also has staff rights: its email address changes only by its holder."
)


@office_work_view
@require_POST
def cadre_account_open(request, pk: int):
    cadre = access_cadre_by_id(request.user, pk)
    try:
        opened = services.cadre_account_open(actor=request.user, cadre=cadre)
    except services.RegistryError as error:
        messages.error(request, error.message)
        return redirect("cadres:cadre_detail", pk=cadre.pk)
    return render(request, "cadres/accounts_opened.html", {"opened": [opened]})


@office_work_view
@require_POST
def cadre_password_link(request, pk: int):
    """A new set-password link for a cadre's login, shown to the officer to hand over."""
    cadre = access_cadre_by_id(request.user, pk)
    try:
        url = services.cadre_password_link(actor=request.user, cadre=cadre)
    except services.RegistryError as error:
        messages.error(request, error.message)
        return redirect("cadres:cadre_detail", pk=cadre.pk)
    return render(request, "cadres/password_link.html", {"cadre": cadre, "url": url})


@office_work_view
def cadre_accounts_open(request):
    """Accounts for every serving cadre without one in the current filter (up to a limit).

    A GET shows who would get one and asks to confirm; the POST opens them.
    """
    _form, filters = _filters_from(request)
    filters = selectors.CadreFilters(
        **{**filters.__dict__, "has_account": False, "is_serving": True}
    )
    without = selectors.cadre_list(user=request.user, filters=filters)
    cadres = list(without[:MAX_BULK_ACCOUNTS])
    if not cadres:
        messages.info(request, _("Every serving cadre in this list already has an account."))
        return redirect(f"{reverse('cadres:cadre_list')}?{request.GET.urlencode()}")
    if request.method != "POST":
        return render(
            request,
            "cadres/accounts_confirm.html",
            {
                "cadres": cadres,
                "total": without.count(),
                "limit": MAX_BULK_ACCOUNTS,
                "query_string": request.GET.urlencode(),
                "with_email": sum(1 for c in cadres if c.email),
            },
        )
    try:
        opened = services.cadre_accounts_open(actor=request.user, cadres=cadres)
    except services.RegistryError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('cadres:cadre_list')}?{request.GET.urlencode()}")
    return render(request, "cadres/accounts_opened.html", {"opened": opened})
