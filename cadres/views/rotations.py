"""Rotation plans: list, propose, look at, approve, carry out, cancel."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cadres import selectors, services
from cadres.access import (
    access_cadre_by_id,
    access_rotation_plan_by_id,
    office_view,
    office_work_view,
)
from cadres.forms import (
    RotationCancelForm,
    RotationPlanForm,
)
from cadres.models import RotationStatus

PAGE_SIZE = 50


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


@office_work_view
def rotation_create(request):
    cadre = access_cadre_by_id(request.user, request.GET.get("cadre"))
    current = selectors.cadre_open_posting(cadre=cadre)
    agencies = selectors.agencies_in_scope(user=request.user).filter(valid_to__isnull=True)
    form = RotationPlanForm(
        request.POST or None, agencies=agencies, exceptions=selectors.rotation_exceptions()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.rotation_plan_create(
                actor=request.user,
                cadre=cadre,
                to_agency=data["to_agency"],
                to_position=data["to_position"],
                to_job_position=data["to_job_position"],
                to_title=data["to_title"],
                form=data["form"],
                planned_date=data["planned_date"],
                planned_end=data["planned_end"],
                service_exception=data["service_exception"],
                exception_reason=data["exception_reason"],
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
            "vacated": selectors.rotation_vacated(plan=plan),
            "panels": selectors.rotation_plan_panels(plan=plan, request=request),
            "retirement": selectors.cadre_retirement(cadre=plan.cadre),
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


@office_work_view
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
