"""Capacity: nominating to what a post requires, a cadre's capacity profile."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadres.access import access_cadre_by_id, office_view, office_work_view
from cadres.models import RotationStatus
from training import capacity, selectors, services
from training.forms import CompareForm
from training.models import EnrolmentStatus, TrainingRequirement
from training.services import TrainingError
from training.views.common import show_error


def _back(request, default: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@office_work_view
@require_POST
def requirement_nominate(request):
    """One action from a gap: nominate the cadre to the next open class of what is missing."""
    cadre = access_cadre_by_id(request.user, request.POST.get("cadre"))
    requirement = get_object_or_404(TrainingRequirement, pk=request.POST.get("requirement"))
    offering = capacity.open_classes_for([requirement]).get(requirement.pk)
    if offering is None:
        messages.error(
            request,
            _("No class of “%(name)s” takes nominations now.") % {"name": requirement.name},
        )
        return _back(request, "cadres:coverage")
    try:
        nomination = services.enrolment_nominate(
            actor=request.user, offering=offering, cadres=[cadre]
        )
    except TrainingError as error:
        messages.error(request, _("%(name)s was not nominated:") % {"name": cadre.full_name})
        show_error(request, error)
        return _back(request, "cadres:coverage")
    if nomination.already_in:
        messages.info(
            request,
            _("%(name)s is already in class %(code)s.")
            % {"name": cadre.full_name, "code": offering.code},
        )
    elif nomination.enrolled[0].status == EnrolmentStatus.WAITLISTED:
        messages.success(
            request,
            _("%(name)s was nominated to class %(code)s and is on its waiting list.")
            % {"name": cadre.full_name, "code": offering.code},
        )
    else:
        messages.success(
            request,
            _("%(name)s was nominated to class %(code)s (%(course)s).")
            % {"name": cadre.full_name, "code": offering.code, "course": offering.course.title},
        )
    return _back(request, "cadres:coverage")


@office_view
def cadre_capacity(request, pk):
    """A cadre's capacity profile, and the gaps against another post chosen in the form."""
    cadre = access_cadre_by_id(request.user, pk)
    form = CompareForm(request.GET or None)
    compare = None
    if form.is_valid() and (form.cleaned_data["title"] or form.cleaned_data["job_position"]):
        compare = capacity.target_post(
            cadre=cadre,
            job_position=form.cleaned_data["job_position"],
            title=form.cleaned_data["title"],
        )
    record = selectors.training_record(cadre=cadre)  # shown under the profile, which reads it
    profile = capacity.capacity_profile(cadre=cadre, compare=compare, record=record)
    return render(
        request,
        "training/cadre_capacity.html",
        {"profile": profile, "cadre": cadre, "form": form, "record": record},
    )


def rotation_readiness_panel(plan, request) -> str:
    """The rotation plan page's section on the target post's requirements (registered in
    TrainingConfig.ready through cadres.selectors.register_rotation_plan_panel)."""
    if plan.status not in (RotationStatus.PROPOSED, RotationStatus.APPROVED):
        return ""
    return render_to_string(
        "training/_rotation_readiness.html",
        {"plan": plan, "readiness": capacity.rotation_readiness(plan=plan)},
        request=request,
    )
