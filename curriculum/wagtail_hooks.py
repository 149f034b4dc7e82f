"""Admin registrations of the curriculum: topics as snippets under their own menu item, and the
page action menu of a page under review."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
