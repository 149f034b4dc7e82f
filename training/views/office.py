"""Office side of training: approvals, nominations, training elsewhere, a cadre's record, classes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres import audit
from cadres.access import (
    access_cadre_by_id,
    agency_scope_for,
    can_change,
    coordinator_view,
    is_coordinator,
    is_office_worker,
    office_view,
    office_work_view,
)
from cadres.models import Cadre
from cadres.selectors import CadreFilters, PendingWork, cadre_list
from training import dashboard, selectors, services
from training.forms import ExternalTrainingForm, OfferingForm, RejectForm
from training.models import EnrolmentStatus
from training.services import TrainingError
from training.views.common import record_pdf_response, show_error

MAX_NOMINATIONS = 200
QUEUE_PAGE = 500  # requests shown (and decidable) at once, oldest first

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
        {
            "queue": queue[:QUEUE_PAGE],
            "total": queue.count(),
            # The reason is asked only when rejecting: the browser must not demand it to approve.
            "reject_form": RejectForm(use_required_attribute=False),
        },
    )


@office_work_view
def offering_nominate(request, pk):
    offering = selectors.access_offering_by_id(request.user, pk)
    scope = agency_scope_for(request.user)
    query = request.GET.get("q", "").strip()
    candidates = list(cadre_list(user=request.user, filters=CadreFilters(query=query))[:100])
    chosen_ids = set()
    if request.method == "POST":
        ids = request.POST.getlist("cadre")[:MAX_NOMINATIONS]
        chosen = list(
            Cadre.objects.select_related("agency").filter(scope.agency_q("agency__"), pk__in=ids)
        )
        chosen_ids = {c.pk for c in chosen}
        try:
            nomination = services.enrolment_nominate(
                actor=request.user, offering=offering, cadres=chosen
            )
        except TrainingError as error:
            messages.error(request, _("Nobody was nominated:"))
            show_error(request, error)
        else:
            waiting = sum(1 for e in nomination.enrolled if e.status == EnrolmentStatus.WAITLISTED)
            done = (
                _("%(count)s cadre(s) nominated, %(waiting)s of them on the waitlist.")
                if waiting
                else _("%(count)s cadre(s) nominated.")
            )
            messages.success(
                request, done % {"count": len(nomination.enrolled), "waiting": waiting}
            )
            if nomination.already_in:
                names = ", ".join(e.cadre.full_name for e in nomination.already_in)
                messages.info(
                    request,
                    _("Already in the class, left as they were: %(names)s.") % {"names": names},
                )
            return redirect("training:office_offering_detail", pk=offering.pk)
    in_class = selectors.enrolments_of(offering=offering, cadres=candidates)
    return render(
        request,
        "training/offering_nominate.html",
        {
            "offering": offering,
            "rows": [
                {"cadre": c, "enrolment": in_class.get(c.pk), "chosen": c.pk in chosen_ids}
                for c in candidates
            ],
            "query": query,
        },
    )


@office_view
def cadre_record(request, pk):
    cadre = access_cadre_by_id(request.user, pk)
    audit.record_view(viewer=request.user, cadre=cadre, page="training_record")
    record = selectors.training_record(cadre=cadre)
    return render(request, "training/my_record.html", {"record": record, "own": False})


@office_view
def cadre_record_pdf(request, pk):
    cadre = access_cadre_by_id(request.user, pk)
    audit.record_view(viewer=request.user, cadre=cadre, page="training_record_pdf")
    return record_pdf_response(cadre)


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
        try:
            offering = services.offering_save(
                actor=request.user,
                offering=form.save(commit=False),
                eligible_categories=form.cleaned_data["eligible_categories"],
                eligible_agencies=form.cleaned_data["eligible_agencies"],
                organisers=form.cleaned_data["organisers"],
            )
        except TrainingError as error:
            show_error(request, error)
        else:
            messages.success(request, _("The class was saved."))
            return redirect("training:office_offering_detail", pk=offering.pk)
    return render(request, "training/offering_form.html", {"form": form, "offering": offering})


def cadre_page_links(cadre, user) -> list[tuple[str, str]]:
    """Links training adds to a cadre's office page (cadres.selectors.register_cadre_page_links)."""
    links = [
        (_("Training record"), reverse("training:cadre_record", args=[cadre.pk])),
        (_("Capacity profile"), reverse("training:cadre_capacity", args=[cadre.pk])),
    ]
    if can_change(user):  # leaders read the record, they record nothing
        links.append(
            (
                _("Record training done elsewhere"),
                reverse("training:external_training_new", args=[cadre.pk]),
            )
        )
    return links


def pending_work(user) -> list[PendingWork]:
    """What training adds to the office home's waiting work (one query each)."""
    work = [
        PendingWork(
            _("enrolment requests to decide"),
            selectors.approval_queue(user=user).count(),
            reverse("training:approval_queue"),
        ),
        PendingWork(
            _("certificates expiring within 90 days"),
            selectors.certificates_expiring(user=user, days=90).count(),
            reverse("training:certificates_expiring"),
        ),
        PendingWork(
            _("training plans waiting for your decision"),
            selectors.plans_to_decide(user=user),
            reverse("training:plan_list") + "?status=submitted",
        ),
        PendingWork(
            _("plan items whose quarter has begun without a class"),
            selectors.late_plan_items(user=user, today=timezone.localdate()).count(),
            reverse("training:plan_list") + "?status=approved",
        ),
    ]
    scope = agency_scope_for(user)
    if scope.parts or scope.everything:
        year = dashboard.year_figures(scope, today=timezone.localdate())
        filled = year.required_posts - year.vacant_posts
        work += [
            PendingWork(_("required posts vacant"), year.vacant_posts, reverse("cadres:coverage")),
            PendingWork(
                _("posts held by an officer without the training the post requires"),
                filled - year.trained_posts,
                reverse("cadres:coverage"),
            ),
        ]
    return work
