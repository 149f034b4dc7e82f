"""Yearly training plans: list, draft, items and suggestions, submit, approve or return,
classes linked to items, plan against actual, and the roll-up under an agency."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadres.access import (
    access_agency_by_id,
    change_scope_for,
    is_coordinator,
    office_view,
    office_work_view,
)
from cadres.selectors import agencies_in_scope
from training import capacity, selectors, services
from training.forms import PlanReturnForm, TrainingPlanForm, TrainingPlanItemForm
from training.models import Offering, TrainingPlanStatus, TrainingRequirement
from training.selectors import access_training_plan_by_id
from training.services import TrainingError
from training.views.common import show_error

EDITABLE = (TrainingPlanStatus.DRAFT, TrainingPlanStatus.RETURNED)


def _year(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


@office_view
def plan_list(request):
    year = _year(request)
    status = request.GET.get("status", "")
    if status not in TrainingPlanStatus.values:
        status = ""
    return render(
        request,
        "training/plan_list.html",
        {
            "plans": selectors.training_plans(user=request.user, year=year, status=status)[:500],
            "year": year,
            "years": [year - 1, year, year + 1],
            "status": status,
            "statuses": TrainingPlanStatus.choices,
        },
    )


@office_work_view
def plan_create(request):
    agencies = agencies_in_scope(user=request.user).filter(valid_to__isnull=True)
    form = TrainingPlanForm(
        request.POST or None,
        agencies=agencies,
        initial={"year": timezone.localdate().year + 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.training_plan_create(
                actor=request.user,
                agency=form.cleaned_data["agency"],
                year=form.cleaned_data["year"],
            )
        except TrainingError as error:
            show_error(request, error)
        else:
            messages.success(request, _("The draft plan is created: add its items."))
            return redirect("training:plan_suggestions", pk=plan.pk)
    return render(request, "training/plan_create.html", {"form": form})


@office_view
def plan_detail(request, pk: int):
    plan = access_training_plan_by_id(request.user, pk)
    rows = selectors.plan_items(plan=plan)
    linked = selectors.plan_item_classes(plan=plan)
    for row in rows:
        row.offerings = linked.get(row.item.pk, [])
    may_decide = plan.status == TrainingPlanStatus.SUBMITTED and services.can_decide_plan(
        request.user, plan
    )
    may_link = plan.status == TrainingPlanStatus.APPROVED and is_coordinator(request.user)
    return render(
        request,
        "training/plan_detail.html",
        {
            "plan": plan,
            "rows": rows,
            "editable": plan.status in EDITABLE
            and change_scope_for(request.user).contains(plan.agency),
            "may_decide": may_decide,
            "may_link": may_link,
            "open_classes": selectors.classes_to_link(year=plan.year) if may_link else [],
            "return_form": PlanReturnForm(),
            "statuses": TrainingPlanStatus,
            "totals": {
                "headcount": sum(r.item.headcount for r in rows),
                "cost": sum(int(r.item.estimated_cost) for r in rows),
                "classes": sum(r.classes for r in rows),
                "enrolled": sum(r.enrolled for r in rows),
                "completed": sum(r.completed for r in rows),
                "hours": sum(r.hours for r in rows),
            },
        },
    )


@office_work_view
def plan_item_add(request, pk: int):
    plan = access_training_plan_by_id(request.user, pk)
    form = TrainingPlanItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_plan_item_add(
                actor=request.user, plan=plan, item=form.save(commit=False)
            )
        except TrainingError as error:
            show_error(request, error)
        else:
            messages.success(request, _("The item is added."))
            return redirect("training:plan_detail", pk=plan.pk)
    return render(request, "training/plan_item_form.html", {"plan": plan, "form": form})


@office_work_view
def plan_suggestions(request, pk: int):
    plan = access_training_plan_by_id(request.user, pk)
    if request.method == "POST":
        try:
            requirement = TrainingRequirement.objects.get(pk=request.POST.get("requirement"))
            headcount = int(request.POST.get("headcount", "1"))
            quarter = int(request.POST.get("quarter", "1"))
        except (TrainingRequirement.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
        try:
            services.training_plan_item_for_requirement(
                actor=request.user,
                plan=plan,
                requirement=requirement,
                headcount=headcount,
                quarter=min(max(quarter, 1), 4),
            )
        except TrainingError as error:
            show_error(request, error)
        else:
            messages.success(request, _("The suggestion is added to the plan."))
        return redirect("training:plan_suggestions", pk=plan.pk)
    taken = set(plan.items.exclude(requirement=None).values_list("requirement_id", flat=True))
    return render(
        request,
        "training/plan_suggestions.html",
        {
            "plan": plan,
            "suggestions": capacity.plan_suggestions(agency=plan.agency),
            "taken": taken,
            "quarters": range(1, 5),
        },
    )


@office_work_view
@require_POST
def plan_item_remove(request, pk: int, item_pk: int):
    plan = access_training_plan_by_id(request.user, pk)
    item = plan.items.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    try:
        services.training_plan_item_remove(actor=request.user, item=item)
    except TrainingError as error:
        show_error(request, error)
    else:
        messages.success(request, _("The item is removed."))
    return redirect("training:plan_detail", pk=plan.pk)


PLAN_ACTIONS = {"submit", "approve", "return"}


@office_work_view
@require_POST
def plan_action(request, pk: int, action: str):
    plan = access_training_plan_by_id(request.user, pk)
    if action not in PLAN_ACTIONS:
        raise Http404
    try:
        if action == "submit":
            services.training_plan_submit(actor=request.user, plan=plan)
            messages.success(request, _("The plan is submitted for approval."))
        elif action == "approve":
            services.training_plan_approve(actor=request.user, plan=plan)
            messages.success(request, _("The plan is approved."))
        else:
            form = PlanReturnForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.training_plan_return(actor=request.user, plan=plan, reason=reason)
            messages.success(request, _("The plan is returned with your reason."))
    except TrainingError as error:
        show_error(request, error)
    return redirect("training:plan_detail", pk=plan.pk)


@office_work_view
@require_POST
def plan_item_link(request, pk: int, item_pk: int):
    """A coordinator says which class carries out an item of an approved plan."""
    plan = access_training_plan_by_id(request.user, pk)
    item = plan.items.filter(pk=item_pk).first()
    offering = Offering.objects.filter(pk=request.POST.get("offering") or 0).first()
    if item is None or offering is None:
        raise Http404
    try:
        services.offering_plan_item_set(actor=request.user, offering=offering, item=item)
    except TrainingError as error:
        show_error(request, error)
    else:
        messages.success(request, _("The class is linked to the item."))
    return redirect("training:plan_detail", pk=plan.pk)


@office_view
def plan_rollup(request, agency_pk: int):
    agency = access_agency_by_id(request.user, agency_pk)
    year = _year(request)
    return render(
        request,
        "training/plan_rollup.html",
        {
            "agency": agency,
            "year": year,
            "years": [year - 1, year, year + 1],
            "rows": selectors.plan_rollup(user=request.user, agency=agency, year=year),
        },
    )
