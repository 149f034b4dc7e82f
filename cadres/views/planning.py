"""The planning register (quy hoạch): the register by title, place a cadre, look, remove."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadres import selectors, services
from cadres.access import (
    access_cadre_by_id,
    access_planning_entry_by_id,
    agency_scope_for,
    office_view,
    office_work_view,
)
from cadres.forms import PlanningEntryForm, PlanningRemoveForm


def _term(request, terms) -> int | None:
    try:
        wanted = int(request.GET.get("term", ""))
    except ValueError:
        wanted = None
    starts = [start for start, _end in terms]
    if wanted in starts:
        return wanted
    return starts[0] if starts else None


@office_view
def planning_register(request):
    terms = selectors.planning_terms(user=request.user)
    term = _term(request, terms)
    limits = selectors.planning_limits()  # shown, and checked against: read once
    # The term's entries, active and removed, read once and parted in register order.
    entries = (
        list(selectors.planning_entries(user=request.user, term_start=term, removed=None))
        if term
        else []
    )
    active = [entry for entry in entries if entry.removed_on is None]
    return render(
        request,
        "cadres/planning_register.html",
        {
            "slots": selectors.planning_register(
                user=request.user, term_start=term, limits=limits, entries=active
            )
            if term
            else [],
            "removed": [entry for entry in entries if entry.removed_on is not None],
            "terms": terms,
            "term": term,
            "limits": limits.values(),
        },
    )


@office_work_view
def planning_create(request):
    cadre = access_cadre_by_id(request.user, request.GET.get("cadre"))
    agencies = selectors.agencies_in_scope(user=request.user).filter(valid_to__isnull=True)
    year = timezone.localdate().year
    start = year - (year - 2025) % 5  # terms run 2025–2030, 2030–2035 …
    form = PlanningEntryForm(
        request.POST or None,
        agencies=agencies,
        initial={"agency": cadre.agency_id, "term_start": start, "term_end": start + 5},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.planning_add(
                actor=request.user,
                cadre=cadre,
                agency=data["agency"],
                title=data["title"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                basis=form.basis(),
                reason=data["reason"],
            )
        except services.RegistryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The cadre is placed in planning."))
            return redirect("cadres:planning_detail", pk=entry.pk)
    return render(request, "cadres/planning_form.html", {"cadre": cadre, "form": form})


@office_view
def planning_detail(request, pk: int):
    entry = access_planning_entry_by_id(request.user, pk)
    scope = agency_scope_for(request.user)
    history = [
        e for e in selectors.cadre_planning_history(cadre=entry.cadre) if scope.contains(e.agency)
    ]
    selectors.mark_planning([entry])
    return render(
        request,
        "cadres/planning_detail.html",
        {
            "entry": entry,
            "warnings": selectors.planning_warnings_for([entry])[entry.pk],
            "history": history,
            "remove_form": PlanningRemoveForm(initial={"removed_on": timezone.localdate()}),
        },
    )


@office_work_view
@require_POST
def planning_remove(request, pk: int):
    entry = access_planning_entry_by_id(request.user, pk)
    form = PlanningRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date and the reason for removal."))
        return redirect("cadres:planning_detail", pk=entry.pk)
    try:
        services.planning_remove(
            actor=request.user,
            entry=entry,
            reason=form.cleaned_data["reason"],
            removed_on=form.cleaned_data["removed_on"],
            decision_number=form.cleaned_data["decision_number"],
        )
    except services.RegistryError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The cadre is removed from planning; the entry is kept."))
    return redirect("cadres:planning_detail", pk=entry.pk)
