"""The office's front page and a cadre's own registry record."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cadres import selectors
from cadres.access import (
    access_agency_by_id,
    access_own_cadre,
    agency_scope_for,
    office_view,
)

# --- Dashboard ---


@office_view
def office_home(request):
    counts = selectors.office_counts(user=request.user)
    scope = agency_scope_for(request.user)
    root = None
    if scope.root_path is not None:
        root = access_agency_by_id(request.user, request.user.agency_id)
    return render(
        request,
        "cadres/office_home.html",
        {"counts": counts, "root": root, "pending": selectors.pending_work(user=request.user)},
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
