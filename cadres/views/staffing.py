"""Responsible officers and the coverage of their responsibilities."""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cadres import exports, selectors, services, spreadsheets
from cadres.access import (
    access_agency_by_id,
    access_assignment_by_id,
    agency_scope_for,
    office_view,
    office_work_view,
)
from cadres.forms import (
    AssignmentEndForm,
    OfficerAssignForm,
)
from cadres.models import Cadre

# --- Responsible officers and coverage ---


def _coverage_root(request):
    agency_id = request.GET.get("agency")
    return access_agency_by_id(request.user, agency_id) if agency_id else None


# Agencies per page: a province of thousands stays light; totals still count every agency.
COVERAGE_PAGE_SIZE = 100


@office_view
def coverage(request):
    root = _coverage_root(request)
    result = selectors.coverage(user=request.user, root=root)
    page = Paginator(result.rows, COVERAGE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cadres/coverage.html",
        {
            "coverage": result,
            "root": root,
            "page": page,
            "query_string": f"agency={root.pk}" if root else "",
        },
    )


@office_view
def coverage_export(request):
    root = _coverage_root(request)
    result = selectors.coverage(user=request.user, root=root)
    headers, rows = exports.coverage_table(result)
    response = HttpResponse(
        spreadsheets.to_xlsx(headers, rows, title="Phụ trách dân vận"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = date.today().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="phu-trach-dan-van-{stamp}.xlsx"'
    return response


def _cadre_in_scope_by_code(user, code: str):
    scope = agency_scope_for(user)
    return Cadre.objects.filter(scope.agency_q("agency__"), personnel_code=code.strip()).first()


@office_work_view
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


@office_work_view
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
