"""Office side of training: approvals, nominations, training elsewhere, a cadre's record, classes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cadres.access import (
    access_cadre_by_id,
    agency_scope_for,
    coordinator_view,
    is_coordinator,
    is_office_worker,
    office_view,
    office_work_view,
)
from cadres.models import Cadre
from cadres.selectors import CadreFilters, cadre_list
from training import selectors, services
from training.forms import ExternalTrainingForm, OfferingForm, RejectForm
from training.models import EnrolmentStatus
from training.services import TrainingError
from training.views.common import record_pdf_response, show_error

MAX_NOMINATIONS = 200

# --- Office: approvals, nominations, external training, a cadre's record ----------------


@office_work_view
def approval_queue(request):
    queue = selectors.approval_queue(user=request.user)
    if request.method == "POST":
        ids = request.POST.getlist("enrolment")
        chosen = list(queue.filter(pk__in=ids))
        approve = request.POST.get("action") == "approve"
        try:
            result = services.enrolments_decide(
                actor=request.user,
                enrolments=chosen,
                approve=approve,
                reason=request.POST.get("reason", ""),
            )
        except TrainingError as error:
            show_error(request, error)
        else:
            if result.done:
                done_message = (
                    _("%(count)s enrolment(s) approved.")
                    if approve
                    else _("%(count)s enrolment(s) rejected.")
                )
                messages.success(request, done_message % {"count": len(result.done)})
            for enrolment, reason in result.refused:
                messages.error(request, f"{enrolment.cadre.full_name}: {reason}")
            if not chosen:
                messages.error(request, _("Choose at least one enrolment."))
        return redirect("training:approval_queue")
    return render(
        request,
        "training/approval_queue.html",
        {"queue": queue[:500], "total": queue.count(), "reject_form": RejectForm()},
    )


@office_work_view
def offering_nominate(request, pk):
    offering = selectors.access_offering_by_id(request.user, pk)
    scope = agency_scope_for(request.user)
    query = request.GET.get("q", "").strip()
    candidates = cadre_list(user=request.user, filters=CadreFilters(query=query))
    if request.method == "POST":
        ids = request.POST.getlist("cadre")[:MAX_NOMINATIONS]
        chosen = list(
            Cadre.objects.select_related("agency").filter(scope.agency_q("agency__"), pk__in=ids)
        )
        try:
            enrolments = services.enrolment_nominate(
                actor=request.user, offering=offering, cadres=chosen
            )
        except TrainingError as error:
            show_error(request, error)
        else:
            waiting = sum(1 for e in enrolments if e.status == EnrolmentStatus.WAITLISTED)
            messages.success(
                request,
                _("%(count)s cadre(s) nominated, %(waiting)s of them on the waitlist.")
                % {"count": len(enrolments), "waiting": waiting},
            )
            return redirect("training:office_offering_detail", pk=offering.pk)
    return render(
        request,
        "training/offering_nominate.html",
        {"offering": offering, "candidates": candidates[:100], "query": query},
    )


@office_view
def cadre_record(request, pk):
    cadre = access_cadre_by_id(request.user, pk)
    record = selectors.training_record(cadre=cadre)
    return render(request, "training/my_record.html", {"record": record, "own": False})


@office_view
def cadre_record_pdf(request, pk):
    return record_pdf_response(access_cadre_by_id(request.user, pk))


@login_required
def external_training_evidence(request, pk):
    """The evidence file of training done elsewhere (a diploma scan): private, so never /media/."""
    record = selectors.access_external_training(request.user, pk)
    if not record.evidence:
        raise Http404
    name = record.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(record.evidence.open("rb"), as_attachment=True, filename=name)


@office_work_view
def external_training_new(request, pk):
    cadre = access_cadre_by_id(request.user, pk)
    form = ExternalTrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.external_training_record(actor=request.user, cadre=cadre, **form.cleaned_data)
        except TrainingError as error:
            show_error(request, error)
        else:
            messages.success(request, _("The external training was recorded."))
            return redirect("training:cadre_record", pk=cadre.pk)
    return render(request, "training/external_training_form.html", {"form": form, "cadre": cadre})


# --- Office: classes (coordinators) -----------------------------------------------------


@office_view
def office_offering_list(request):
    if is_coordinator(request.user):
        offerings = selectors.offerings_managed(user=request.user)
    elif is_office_worker(request.user):
        offerings = selectors.offerings_open_for_nomination()
    else:  # leaders follow every class, past ones included, and nominate nobody
        offerings = selectors.offerings_to_follow()
    return render(
        request,
        "training/office_offering_list.html",
        {"offerings": offerings, "can_manage": is_coordinator(request.user)},
    )


@office_view
def office_offering_detail(request, pk):
    offering = selectors.access_offering_by_id(request.user, pk)
    enrolments = selectors.offering_enrolments(user=request.user, offering=offering)
    manages = is_coordinator(request.user)
    return render(
        request,
        "training/office_offering_detail.html",
        {
            "offering": offering,
            "enrolments": enrolments,
            "seats_taken": offering.enrolments.filter(status__in=services.SEAT_HOLDING).count(),
            "feedback": selectors.feedback_summary(offering=offering) if manages else None,
            "can_manage": manages,
        },
    )


@coordinator_view
def offering_edit(request, pk=None):
    offering = selectors.access_managed_offering(request.user, pk) if pk else None
    form = OfferingForm(request.POST or None, instance=offering)
    if request.method == "POST" and form.is_valid():
        offering = form.save(commit=False)
        if offering.created_by_id is None:
            offering.created_by = request.user
        offering.save()
        form.save_m2m()
        messages.success(request, _("The class was saved."))
        return redirect("training:office_offering_detail", pk=offering.pk)
    return render(request, "training/offering_form.html", {"form": form, "offering": offering})
