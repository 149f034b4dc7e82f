"""Rotation plans: proposed → approved → executed (a new posting) or cancelled; 65-QĐ/TW warnings."""

import datetime

import pytest
from django.urls import reverse

from cadres import selectors, services
from cadres.models import Posting, RotationForm, RotationPlan, RotationStatus
from cadres.services import RegistryError

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(make_agency, agency_a):
    return make_agency("MTTQ-A", "Ủy ban MTTQ phường A", parent=agency_a, kind="uy-ban-mttq")


def propose(actor, cadre, target, **extra):
    fields = {
        "to_position": "Phó Chủ tịch",
        "form": RotationForm.ROTATION,
        "planned_date": datetime.date(2027, 1, 1),
        "reason": "Đào tạo qua thực tiễn",
    }
    fields.update(extra)
    return services.rotation_plan_create(actor=actor, cadre=cadre, to_agency=target, **fields)


def test_a_plan_goes_from_proposed_to_executed_and_records_the_new_post(
    officer_a, cadre_in_a, target
):
    plan = propose(officer_a, cadre_in_a, target)
    assert plan.status == RotationStatus.PROPOSED and plan.from_agency == cadre_in_a.agency
    plan = services.rotation_plan_approve(actor=officer_a, plan=plan)
    assert plan.status == RotationStatus.APPROVED and plan.decided_at is not None
    plan = services.rotation_plan_execute(actor=officer_a, plan=plan)
    assert plan.status == RotationStatus.EXECUTED
    old, new = Posting.objects.filter(cadre=cadre_in_a).order_by("start_date")
    assert old.end_date == datetime.date(2027, 1, 1) and new.end_date is None
    assert (new.agency, new.position) == (target, "Phó Chủ tịch")
    assert plan.executed_posting == new
    cadre_in_a.refresh_from_db()
    assert cadre_in_a.agency == target


@pytest.mark.parametrize(
    "steps, action, message",
    [
        ([], "execute", services.ROTATION_CANNOT_EXECUTE),
        (["approve"], "approve", services.ROTATION_CANNOT_APPROVE),
        (["cancel"], "approve", services.ROTATION_CANNOT_APPROVE),
        (["approve", "execute"], "cancel", services.ROTATION_CANNOT_CANCEL),
        (["cancel"], "cancel", services.ROTATION_CANNOT_CANCEL),
    ],
)
def test_impossible_transitions_are_refused_and_change_nothing(
    steps, action, message, officer_a, cadre_in_a, target
):
    plan = propose(officer_a, cadre_in_a, target)
    run = {
        "approve": services.rotation_plan_approve,
        "execute": services.rotation_plan_execute,
        "cancel": services.rotation_plan_cancel,
    }
    for step in steps:
        plan = run[step](actor=officer_a, plan=plan)
    postings = list(Posting.objects.values_list("pk", "end_date"))
    with pytest.raises(RegistryError) as refused:
        run[action](actor=officer_a, plan=plan)
    assert refused.value.message == message
    assert RotationPlan.objects.get(pk=plan.pk).status == plan.status
    assert list(Posting.objects.values_list("pk", "end_date")) == postings


def test_executing_after_the_cadre_moved_is_refused(officer_a, cadre_in_a, target, agency_a):
    plan = services.rotation_plan_approve(
        actor=officer_a, plan=propose(officer_a, cadre_in_a, target)
    )
    services.cadre_transfer(
        actor=officer_a, cadre=cadre_in_a, agency=agency_a, start_date=datetime.date(2026, 2, 1)
    )
    with pytest.raises(RegistryError) as refused:
        services.rotation_plan_execute(actor=officer_a, plan=plan)
    assert refused.value.message == services.ROTATION_POST_CHANGED
    assert RotationPlan.objects.get(pk=plan.pk).status == RotationStatus.APPROVED


@pytest.mark.parametrize(
    "case, message",
    [
        ("same_agency", services.ROTATION_SAME_AGENCY),
        ("before_post", services.ROTATION_BEFORE_CURRENT_POST),
        ("twice", services.ROTATION_ALREADY_PLANNED),
        ("no_position", services.ROTATION_NEEDS_POSITION),
        ("outside", services.AGENCY_OUT_OF_SCOPE),
        ("left", services.ROTATION_NOT_SERVING),
    ],
)
def test_impossible_plans_are_refused(
    case, message, officer_a, cadre_in_a, target, agency_a_unit, agency_b
):
    to, extra = target, {}
    if case == "same_agency":
        to = agency_a_unit
    elif case == "before_post":
        extra["planned_date"] = datetime.date(2025, 1, 1)
    elif case == "twice":
        propose(officer_a, cadre_in_a, target)
    elif case == "no_position":
        extra["to_position"] = " "
    elif case == "outside":
        to = agency_b
    elif case == "left":
        services.cadre_leave(actor=officer_a, cadre=cadre_in_a, end_date=datetime.date(2026, 1, 1))
    count = RotationPlan.objects.count()
    with pytest.raises(RegistryError) as refused:
        propose(officer_a, cadre_in_a, to, **extra)
    assert refused.value.message == message
    assert RotationPlan.objects.count() == count


def test_warnings_for_few_years_left_and_a_short_time_in_post(
    officer_a, make_cadre, agency_a_unit, target, settings
):
    settings.CADRES_RETIREMENT_AGE = {"M": 62, "F": 60}
    settings.CADRES_ROTATION_MIN_YEARS_TO_RETIREMENT = 5
    settings.CADRES_ROTATION_MIN_MONTHS_IN_POST = 24
    # A woman born 1968 reaches 60 in 2028; posted since 1 July 2025.
    near = make_cadre(
        "CB-N", "Trần Thị Gần", agency_a_unit, gender="F", date_of_birth=datetime.date(1968, 3, 1)
    )
    plan = propose(officer_a, near, target, planned_date=datetime.date(2026, 7, 1))
    warnings = selectors.rotation_warnings(plan=plan)
    assert len(warnings) == 2
    assert "1 năm và 8 tháng" in warnings[0] and "01/03/2028" in warnings[0]
    assert "12 tháng" in warnings[1] and "24 tháng" in warnings[1]
    # A man of the same age has two more years: still under five.
    man = make_cadre(
        "CB-M", "Trần Văn Nam", agency_a_unit, gender="M", date_of_birth=datetime.date(1968, 3, 1)
    )
    assert (
        "3 năm và 8 tháng"
        in selectors.rotation_warnings(
            plan=propose(officer_a, man, target, planned_date=datetime.date(2026, 7, 1))
        )[0]
    )


def test_no_warning_for_a_young_cadre_long_in_post(
    officer_a, make_cadre, agency_a_unit, target, settings
):
    settings.CADRES_ROTATION_MIN_MONTHS_IN_POST = 12
    young = make_cadre(
        "CB-Y", "Lê Văn Trẻ", agency_a_unit, gender="M", date_of_birth=datetime.date(1990, 1, 1)
    )
    assert (
        selectors.rotation_warnings(
            plan=propose(officer_a, young, target, planned_date=datetime.date(2026, 7, 1))
        )
        == []
    )
    # Exactly at the threshold is no warning; one day short is.
    settings.CADRES_ROTATION_MIN_MONTHS_IN_POST = 13
    plan = RotationPlan.objects.get()
    assert len(selectors.rotation_warnings(plan=plan)) == 1


def test_the_office_pages_create_show_warnings_and_carry_out(client, officer_a, cadre_in_a, target):
    client.force_login(officer_a)
    url = reverse("cadres:rotation_create") + f"?cadre={cadre_in_a.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "to_agency": target.pk,
            "to_position": "Phó Chủ tịch",
            "form": "biet_phai",
            "planned_date": "2026-03-01",
            "basis_number": "99-QĐ/ĐU",
        },
    )
    plan = RotationPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "cadres:rotation_detail", args=[plan.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Biệt phái" in page and "Cảnh báo" in page and "99-QĐ/ĐU" in page
    for action in ("approve", "execute"):
        assert (
            client.post(reverse("cadres:rotation_action", args=[plan.pk, action])).status_code
            == 302
        )
    assert RotationPlan.objects.get().status == RotationStatus.EXECUTED
    # A refused step comes back as a message, and nothing changes.
    response = client.post(
        reverse("cadres:rotation_action", args=[plan.pk, "approve"]), follow=True
    )
    assert "Chỉ kế hoạch đang đề xuất mới được phê duyệt." in response.content.decode()
    listing = client.get(reverse("cadres:rotation_list") + "?status=executed").content.decode()
    assert "Nguyễn Thị Ánh" in listing and "Đã thực hiện" in listing
