"""Users' scopes, for coordinators and administrators: who sees which part of the province."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadres import selectors, services
from cadres.access import (
    access_scope_grant_by_id,
    access_user_by_id,
    coordinator_view,
    is_coordinator,
    is_leader,
    is_office_worker,
)
from cadres.forms import ScopeGrantForm
from cadres.roles import Role, role_names

PAGE_SIZE = 50


def _role_labels(names) -> list[str]:
    return [str(role.label) for role in Role if role.value in names]


@coordinator_view
def user_list(request):
    query = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("role", "")
    roles = [(r.value, r.label) for r in selectors.SCOPED_ROLES]
    if role not in dict(roles):
        role = ""
    users = selectors.scoped_users(query=query, role=role)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    for person in page.object_list:
        person.role_labels = _role_labels({group.name for group in person.groups.all()})
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "cadres/user_list.html",
        {
            "page": page,
            "query": query,
            "role": role,
            "roles": roles,
            "query_string": query_string.urlencode(),
        },
    )


@coordinator_view
def user_detail(request, pk: int):
    """The user's scopes now and in the past; granting a new one (withdrawing: scope_withdraw)."""
    person = access_user_by_id(request.user, pk)
    form = ScopeGrantForm(
        request.POST or None,
        agencies=selectors.current_agencies(),
        kinds=selectors.agency_kinds(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.scope_grant(
                actor=request.user,
                user=person,
                agency=data["agency"],
                kinds=data["kinds"],
                note=data["note"],
            )
        except services.RegistryError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The scope is granted."))
            return redirect("cadres:user_detail", pk=person.pk)
    uses_scopes = is_office_worker(person) or is_leader(person)
    history = list(selectors.user_scope_history(user=person))  # newest first
    return render(
        request,
        "cadres/user_detail.html",
        {
            "person": person,
            "form": form,
            "role_labels": _role_labels(role_names(person)),  # read with the checks above
            # The scopes held now, oldest first: the history's, in the other order.
            "active": [scope for scope in reversed(history) if scope.withdrawn_at is None],
            "history": history,
            "sees_everything": is_coordinator(person),
            "uses_scopes": uses_scopes,
            "is_leader_only": is_leader(person) and not is_office_worker(person),
            "counts": selectors.office_counts(user=person) if uses_scopes else None,
        },
    )


@coordinator_view
@require_POST
def scope_withdraw(request, pk: int):
    scope = access_scope_grant_by_id(request.user, pk)
    try:
        services.scope_withdraw(actor=request.user, scope=scope)
    except services.RegistryError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The scope is withdrawn; it stays in the history."))
    return redirect("cadres:user_detail", pk=scope.user_id)
