"""The audit trail: who changed what and when, and who read a cadre's full record."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from cadres import audit, selectors
from cadres.access import coordinator_view
from cadres.models import AuditAction, AuditEntry

PAGE_SIZE = 50

# Where an entry's object is read, by its type (pages that take its id).
OBJECT_PAGES = {
    "cadres.cadre": "cadres:cadre_detail",
    "cadres.agency": "cadres:agency_detail",
    "cadres.rotationplan": "cadres:rotation_detail",
    "cadres.importjob": "cadres:import_job",
}


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def object_url(entry: AuditEntry) -> str:
    name = OBJECT_PAGES.get(entry.target_type)
    if name is None or entry.target_id is None:
        return ""
    try:
        return reverse(name, args=[entry.target_id])
    except NoReverseMatch:
        return ""


def shown_entries(entries) -> list[AuditEntry]:
    """Entries with what a page shows: changes as (field, old, new), the object's page."""
    entries = list(entries)
    for entry in entries:
        entry.shown_changes = audit.changes_shown(entry)
        entry.type_label = audit.type_label(entry.target_type)
        entry.object_url = object_url(entry)
        entry.page_label = (
            audit.VIEWED_PAGES.get(entry.note, "") if entry.action == "viewed" else ""
        )
    return entries


@coordinator_view
def audit_list(request):
    """The trail, filtered by object (a cadre, an agency's subtree, one object), by action, or
    by the import that wrote it; `?views=1` lists the views of full records instead."""
    get = request.GET
    target_type = get.get("type", "")[:40]
    filters = selectors.AuditFilter(
        cadre_id=_int(get.get("cadre")),
        agency_id=_int(get.get("agency")),
        target_type=target_type,
        target_id=_int(get.get("id")) if target_type else None,
        action=get.get("action", "") if get.get("action") in AuditAction.values else "",
        job_id=_int(get.get("job")),
        views=get.get("views") == "1",
    )
    entries = selectors.audit_entries(user=request.user, filters=filters)
    page = Paginator(entries, PAGE_SIZE).get_page(get.get("page"))
    page.object_list = shown_entries(page.object_list)
    query_string = get.copy()
    query_string.pop("page", None)
    return render(
        request,
        "cadres/audit_list.html",
        {
            "page": page,
            "filters": filters,
            "actions": [
                pair
                for pair in AuditAction.choices
                if pair[0] not in (AuditAction.VIEWED, AuditAction.EXPORTED)
            ],
            "types": selectors.audit_target_types(),
            "query_string": query_string.urlencode(),
            "cadre_filter": get.get("cadre", ""),
        },
    )
