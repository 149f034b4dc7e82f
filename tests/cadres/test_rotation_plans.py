"""Rotation plans: proposed → approved → executed (a new posting) or cancelled; warnings from
the rotation rules (data, with their basis)."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from cadres import selectors, services
from cadres.models import Posting, RotationForm, RotationPlan, RotationRule, RotationStatus
from cadres.services import RegistryError

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(make_agency, agency_a):
    return make_agency("MTTQ-A", "Ủy ban MTTQ phường A", parent=agency_a, kind="uy-ban-mttq")


def rule_warnings(*, plan):
    """The rotation rules' warnings; the one on planning (quy hoạch) is tested in test_planning."""
    return [
        w
        for w in selectors.rotation_warnings(plan=plan)
        if w.basis != str(selectors.ROTATION_PLANNING_BASIS)
    ]


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


def _born_for(months_left: int, planned: datetime.date) -> datetime.date:
    """A man's date of birth (after the roadmap: 62) leaving `months_left` months at `planned`."""
    retires = planned + relativedelta(months=months_left)
    return retires - relativedelta(years=62)


@pytest.mark.parametrize(("years_left", "warned"), [(9, True), (11, False)])
def test_service_left_under_ten_years_is_warned_with_its_basis(
    officer_a, make_cadre, agency_a_unit, target, years_left, warned
):
    planned = datetime.date(2030, 1, 1)
    cadre = make_cadre(
        "CB-9",
        "Trần Văn Chín",
        agency_a_unit,
        gender="M",
        date_of_birth=_born_for(years_left * 12 + 2, planned),
    )
    plan = propose(
        officer_a, cadre, target, planned_date=planned, planned_end=datetime.date(2033, 6, 1)
    )
    warnings = rule_warnings(plan=plan)
    assert bool(warnings) is warned
    if warned:
        (warning,) = warnings
        assert "9 năm và 2 tháng" in warning.text and "ít nhất 10 năm công tác" in warning.text
        assert warning.basis == "Quy định 65-QĐ/TW ngày 28/4/2022 của Bộ Chính trị, Điều 5"


@pytest.mark.parametrize(("months", "warned"), [(35, True), (36, False), (37, False)])
def test_time_in_the_rotated_post_under_36_months_is_warned(
    officer_a, cadre_in_a, target, months, warned
):
    planned = datetime.date(2027, 1, 1)
    plan = propose(
        officer_a, cadre_in_a, target, planned_end=planned + relativedelta(months=months)
    )
    warnings = rule_warnings(plan=plan)
    assert bool(warnings) is warned
    if warned:
        assert "2 năm và 11 tháng" in warnings[0].text and "36 tháng" in warnings[0].text
        assert warnings[0].basis.endswith("Điều 6")


def test_a_rotation_without_an_end_date_is_warned(officer_a, cadre_in_a, target):
    (warning,) = rule_warnings(plan=propose(officer_a, cadre_in_a, target))
    assert "chưa có ngày dự kiến kết thúc hoặc đánh giá lại" in warning.text


def test_an_exception_with_its_reason_sets_a_lower_threshold(
    officer_a, make_cadre, agency_a_unit, target
):
    planned = datetime.date(2030, 1, 1)
    cadre = make_cadre(
        "CB-7", "Lê Văn Bảy", agency_a_unit, gender="M", date_of_birth=_born_for(7 * 12, planned)
    )
    local = RotationRule.objects.get(form=RotationForm.ROTATION, is_exception=True, months=60)
    plan = propose(
        officer_a,
        cadre,
        target,
        planned_date=planned,
        planned_end=datetime.date(2033, 1, 1),
        service_exception=local,
        exception_reason="Không bố trí người địa phương giữ chức Chủ tịch.",
    )
    assert rule_warnings(plan=plan) == []
    # Without the exception the general rule warns; an exception needs its reason and form.
    general = propose(
        officer_a,
        make_cadre(
            "CB-8", "Lê Văn Tám", agency_a_unit, gender="M", date_of_birth=cadre.date_of_birth
        ),
        target,
        planned_date=planned,
        planned_end=datetime.date(2033, 1, 1),
    )
    assert len(rule_warnings(plan=general)) == 1
    for extra, message in [
        ({"exception_reason": " "}, services.ROTATION_EXCEPTION_NEEDS_REASON),
        (
            {"form": RotationForm.SECONDMENT, "exception_reason": "Lý do"},
            services.ROTATION_EXCEPTION_OTHER_FORM,
        ),
    ]:
        other = make_cadre("CB-X" + str(len(message)), "Võ Văn Mười", agency_a_unit)
        with pytest.raises(RegistryError) as refused:
            propose(officer_a, other, target, service_exception=local, **extra)
        assert refused.value.message == message


def test_reassignment_and_secondment_have_no_rules_by_default(
    officer_a, make_cadre, agency_a_unit, target
):
    old = make_cadre(
        "CB-O", "Phạm Văn Già", agency_a_unit, gender="M", date_of_birth=datetime.date(1966, 1, 1)
    )
    for form in (RotationForm.REASSIGNMENT, RotationForm.SECONDMENT):
        plan = propose(officer_a, old, target, form=form)
        assert rule_warnings(plan=plan) == []
        services.rotation_plan_cancel(actor=officer_a, plan=plan)
    # A rule added as data applies at once.
    RotationRule.objects.create(
        form=RotationForm.SECONDMENT,
        kind="service_left",
        name="Quy định của tỉnh",
        months=24,
        basis="Quyết định thử nghiệm",
    )
    plan = propose(officer_a, old, target, form=RotationForm.SECONDMENT)
    assert [w.basis for w in rule_warnings(plan=plan)] == ["Quyết định thử nghiệm"]


def test_a_plan_ending_before_it_starts_is_refused(officer_a, cadre_in_a, target):
    with pytest.raises(RegistryError) as refused:
        propose(officer_a, cadre_in_a, target, planned_end=datetime.date(2026, 12, 31))
    assert refused.value.message == services.ROTATION_END_BEFORE_START


def test_the_office_pages_create_show_warnings_and_carry_out(client, officer_a, cadre_in_a, target):
    client.force_login(officer_a)
    url = reverse("cadres:rotation_create") + f"?cadre={cadre_in_a.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "to_agency": target.pk,
            "to_position": "Phó Chủ tịch",
            "form": "luan_chuyen",
            "planned_date": "2026-03-01",
            "basis_number": "99-QĐ/ĐU",
        },
    )
    plan = RotationPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "cadres:rotation_detail", args=[plan.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Luân chuyển" in page and "Cảnh báo" in page and "99-QĐ/ĐU" in page
    assert "Quy định 65-QĐ/TW ngày 28/4/2022 của Bộ Chính trị, Điều 6" in page  # the basis
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
