"""The office's front page and a cadre's own registry record."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cadres import selectors
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
