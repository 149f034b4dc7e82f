"""The office's front page and a cadre's own registry record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cadres import selectors, services
from cadres.access import (
    access_own_cadre,
    agency_scope_for,
    office_view,
)

# --- Dashboard ---


@office_view
def office_home(request):
    counts = selectors.office_counts(user=request.user)
    everything = agency_scope_for(request.user).everything
    return render(
        request,
        "cadres/office_home.html",
        {
            "counts": counts,
            "everything": everything,
            "scopes": [] if everything else selectors.user_active_scopes(user=request.user),
            "pending": selectors.pending_work(user=request.user),
            "panels": selectors.dashboard_panels(user=request.user),
        },
    )


@login_required
def my_profile(request):
    """A cadre's own record; sensitive fields stay with the personnel department."""
    cadre = access_own_cadre(request.user)
    return render(
        request,
        "cadres/my_profile.html",
        {"cadre": cadre, "postings": selectors.cadre_postings(cadre=cadre)},
    )


@login_required
def my_notices(request):
    """The emails the system sent (or is sending) to the signed-in person, newest first."""
    page = Paginator(selectors.notices_for(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "cadres/my_notices.html", {"page": page})


@login_required
def login_email_confirm(request):
    """The holder of a login takes or refuses the email address their department recorded."""
    if request.method == "POST":
        try:
            outcome = services.login_email_confirm(
                user=request.user, accept="confirm" in request.POST
            )
        except services.RegistryError as error:
            messages.error(request, error.message)
        else:
            if outcome == services.LOGIN_EMAIL_CHANGED:
                messages.success(request, _("Your login now uses the new email address."))
            else:
                messages.info(request, _("Your login keeps its email address."))
        return redirect("cadres:login_email_confirm")
    return render(request, "cadres/login_email_confirm.html", {"account": request.user})
