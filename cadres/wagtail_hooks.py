"""The registry's editable tables in the Wagtail admin: responsibilities and staffing rules."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cadres.models import ResponsibilityKind, StaffingRule


class ResponsibilityKindViewSet(ModelViewSet):
    model = ResponsibilityKind
    icon = "user"
    menu_label = _("Responsibilities")
    form_fields = ["code", "name", "description", "sort_order"]
    list_display = ["name", "code", "sort_order"]


class StaffingRuleViewSet(ModelViewSet):
    model = StaffingRule
    icon = "tasks"
    menu_label = _("Staffing rules")
    form_fields = ["agency_kind", "responsibility_kind"]
    list_display = ["agency_kind", "responsibility_kind"]


class StaffingViewSetGroup(ViewSetGroup):
    menu_label = _("Staffing")
    menu_icon = "group"
    items = (ResponsibilityKindViewSet, StaffingRuleViewSet)


@hooks.register("register_admin_viewset")
def register_staffing_viewsets():
    return StaffingViewSetGroup()
