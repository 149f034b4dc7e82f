"""Admin registrations of the curriculum: topics as snippets under their own menu item, and the
page action menu of a page under review."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cadres.access import can_edit_content
from curriculum.emulation.selectors import case_study_drafts
from curriculum.models import Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug"]


register_snippet(TopicViewSet)


@hooks.register("construct_page_action_menu")
def review_decides_publishing(menu_items, request, context):
    """While a page is under review, a moderator publishes it by approving ("Duyệt và xuất
    bản"), not by a plain "Xuất bản" beside it that would skip the review's record."""
    page = context.get("page")
    if page is None or not getattr(page, "pk", None) or not page.workflow_in_progress:
        return
    menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


def emulation_case_studies(request):
    """For editors: the case studies opened by recognitions of the "Dân vận khéo" movement,
    drafts first, each with its record's facts and a link to finish it in the page editor."""
    if not can_edit_content(request.user):
        raise PermissionDenied
    rows = list(case_study_drafts())
    rows.sort(key=lambda r: (r.case_study.live, -r.registered_at.timestamp()))
    return render(
        request,
        "curriculum/emulation/admin_case_studies.html",
        {
            "rows": rows,
            "page_title": _("Case studies from recognised models"),
            "header_icon": "doc-full",
        },
    )


@hooks.register("register_admin_urls")
def emulation_admin_urls():
    return [
        path("dan-van-kheo/case-studies/", emulation_case_studies, name="emulation_case_studies")
    ]


class _EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_edit_content(request.user)


@hooks.register("register_admin_menu_item")
def emulation_menu_item():
    return _EditorsMenuItem(
        _("Recognised models"), reverse("emulation_case_studies"), icon_name="doc-full", order=250
    )
