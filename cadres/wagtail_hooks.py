"""The registry in the Wagtail admin: responsibilities and staffing rules (editable), and the
outbox (read-only, for administrators to see emails that could not be sent)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cadres.models import (
    EthnicGroup,
    JobPosition,
    LeadershipTitle,
    OutgoingEmail,
    PlanningLimit,
    ResponsibilityKind,
    RetirementAge,
    RotationRule,
    StaffingRule,
)


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


class JobPositionViewSet(ModelViewSet):
    """Job positions (vị trí việc làm) postings name by code and requirements target."""

    model = JobPosition
    icon = "user"
    menu_label = _("Job positions")
    form_fields = ["code", "name", "description", "sort_order"]
    list_display = ["name", "code", "sort_order"]


class LeadershipTitleViewSet(ModelViewSet):
    """Leadership titles (chức vụ) postings name by code and requirements target."""

    model = LeadershipTitle
    icon = "user"
    menu_label = _("Leadership titles")
    form_fields = ["code", "name", "description", "sort_order"]
    list_display = ["name", "code", "sort_order"]


class StaffingViewSetGroup(ViewSetGroup):
    menu_label = _("Staffing")
    menu_icon = "group"
    items = (
        ResponsibilityKindViewSet,
        StaffingRuleViewSet,
        JobPositionViewSet,
        LeadershipTitleViewSet,
    )


@hooks.register("register_admin_viewset")
def register_staffing_viewsets():
    return StaffingViewSetGroup()


class RetirementAgeViewSet(ModelViewSet):
    model = RetirementAge
    icon = "date"
    menu_label = _("Retirement ages")
    form_fields = ["gender", "year", "years", "months", "basis"]
    list_display = ["gender", "year", "years", "months", "basis"]
    list_filter = ["gender"]


class RotationRuleViewSet(ModelViewSet):
    model = RotationRule
    icon = "resubmit"
    menu_label = _("Rotation rules")
    form_fields = ["form", "kind", "name", "months", "is_exception", "basis", "note", "sort_order"]
    list_display = ["name", "form", "kind", "months", "is_exception", "basis"]
    list_filter = ["form", "kind"]


class PlanningLimitViewSet(ModelViewSet):
    model = PlanningLimit
    icon = "group"
    menu_label = _("Planning limits")
    form_fields = ["kind", "value", "basis", "note"]
    list_display = ["kind", "value", "basis"]


class EthnicGroupViewSet(ModelViewSet):
    model = EthnicGroup
    icon = "list-ul"
    menu_label = _("Ethnic groups")
    form_fields = ["code", "name", "aliases", "sort_order"]
    list_display = ["code", "name", "aliases"]
    search_fields = ["name", "aliases"]


class RulesViewSetGroup(ViewSetGroup):
    """Rules of the trade as data, each with its legal basis: corrected here, not in code."""

    menu_label = _("Rules")
    menu_icon = "cog"
    items = (
        RetirementAgeViewSet,
        RotationRuleViewSet,
        PlanningLimitViewSet,
        EthnicGroupViewSet,
    )


@hooks.register("register_admin_viewset")
def register_rules_viewsets():
    return RulesViewSetGroup()


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Looking only: the rows are written by the system, never by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    name = "outbox"
    icon = "mail"
    menu_label = _("Outbox")
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["recipient", "subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient", "subject"]
    inspect_view_fields = [
        "kind",
        "recipient",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    form_fields = ["recipient"]  # required by the viewset; there is no form to use


register_permission_policy(OutgoingEmail, ReadOnlyPolicy(OutgoingEmail))


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutgoingEmailViewSet()
