"""Office pages of agencies: the tree, details, edits and dated changes (events)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cadres import selectors, services
from cadres.access import (
    access_agency_by_id,
    access_agency_for_reading,
    agency_scope_for,
    office_view,
    office_work_view,
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
            "children": selectors.agency_children_in_scope(user=request.user, agency=agency),
            "postings": selectors.agency_serving_postings(agency=agency),
            "history": selectors.agency_history(agency=agency),
            "assignments": selectors.agency_assignments(agency=agency),
        },
    )


@office_work_view
def agency_edit(request, pk: int):
    agency = access_agency_by_id(request.user, pk)
    initial = {
        f: getattr(agency, f) for f in ("kind", "admin_code", "admin_code_list", "valid_from")
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


@office_work_view
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


@office_work_view
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


@office_work_view
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
