"""Yearly training plans: draft → submitted → approved or returned with a reason, by the level
above; notices through the outbox; roll-up; plan against actual on a hand-made case."""

import pytest

from cadres.models import AuditEntry, OutgoingEmail
from curriculum.choices import ContentKind
from training import selectors, services
from training.models import TrainingPlanItem, TrainingPlanStatus
from training.services import TrainingError

pytestmark = pytest.mark.django_db


def item(**extra):
    fields = {"content_kind": ContentKind.DIGITAL, "headcount": 10, "quarter": 2}
    fields.update(extra)
    return TrainingPlanItem(**fields)


@pytest.fixture
def draft(officer_a, agency_a):
    return services.training_plan_create(actor=officer_a, agency=agency_a, year=2027)


def test_a_plan_is_submitted_returned_with_a_reason_then_approved(
    draft, officer_a, coordinator, django_capture_on_commit_callbacks
):
    coordinator.email = "dieuphoi@example.vn"
    coordinator.save()
    with pytest.raises(TrainingError) as empty:
        services.training_plan_submit(actor=officer_a, plan=draft)
    assert empty.value.messages == [str(services.PLAN_EMPTY)]
    services.training_plan_item_add(actor=officer_a, plan=draft, item=item())
    plan = services.training_plan_submit(actor=officer_a, plan=draft)
    assert plan.status == TrainingPlanStatus.SUBMITTED and plan.submitted_by == officer_a
    awaiting = OutgoingEmail.objects.get(kind=services.PLAN_NOTICE_SUBMITTED)
    assert awaiting.user == coordinator and str(plan.year) in awaiting.subject
    # The officer cannot approve their own agency's plan: their scope is not above it.
    with pytest.raises(TrainingError) as own:
        services.training_plan_approve(actor=officer_a, plan=plan)
    assert own.value.messages == [str(services.PLAN_NOT_ABOVE)]
    with pytest.raises(TrainingError):
        services.training_plan_item_add(actor=officer_a, plan=plan, item=item())
    with pytest.raises(TrainingError) as bare:
        services.training_plan_return(actor=coordinator, plan=plan, reason=" ")
    assert bare.value.messages == [str(services.PLAN_RETURN_NEEDS_REASON)]
    plan = services.training_plan_return(
        actor=coordinator, plan=plan, reason="Thiếu dự toán kinh phí"
    )
    assert plan.status == TrainingPlanStatus.RETURNED
    returned = OutgoingEmail.objects.get(kind=services.PLAN_NOTICE_DECIDED)
    assert returned.user == officer_a and "Thiếu dự toán kinh phí" in returned.body
    # Corrected, submitted again, approved.
    services.training_plan_item_add(
        actor=officer_a, plan=plan, item=item(quarter=3, estimated_cost=12_000_000)
    )
    plan = services.training_plan_submit(actor=officer_a, plan=plan)
    plan = services.training_plan_approve(actor=coordinator, plan=plan)
    assert plan.status == TrainingPlanStatus.APPROVED and plan.return_reason == ""
    assert OutgoingEmail.objects.filter(kind=services.PLAN_NOTICE_DECIDED).count() == 2
    with pytest.raises(TrainingError) as twice:
        services.training_plan_approve(actor=coordinator, plan=plan)
    assert twice.value.messages == [str(services.PLAN_CANNOT_DECIDE)]
    # The trail tells the plan's story, who did what, the refusals leaving nothing.
    trail = AuditEntry.objects.filter(target_type="training.trainingplan", target_id=plan.pk)
    assert [(e.action, e.actor, e.changes.get("status")) for e in trail.order_by("pk")] == [
        ("created", officer_a, [None, "draft"]),
        ("changed", officer_a, None),  # an item added
        ("changed", officer_a, ["draft", "submitted"]),
        ("rejected", coordinator, ["submitted", "returned"]),
        ("changed", officer_a, None),
        ("changed", officer_a, ["returned", "submitted"]),
        ("approved", coordinator, ["submitted", "approved"]),
    ]
    returned_entry = trail.get(action="rejected")
    assert returned_entry.changes["return_reason"] == ["", "Thiếu dự toán kinh phí"]
    assert trail.filter(note__startswith="Đã thêm mục").count() == 2


def test_an_officer_whose_scope_is_above_may_decide(make_user, province, agency_a_unit, officer_a):
    from cadres.roles import Role

    above = make_user("tochuc_tinh", role=Role.PERSONNEL_OFFICER, agency=province)
    plan = services.training_plan_create(actor=officer_a, agency=agency_a_unit, year=2027)
    services.training_plan_item_add(actor=officer_a, plan=plan, item=item())
    services.training_plan_submit(actor=officer_a, plan=plan)
    # officer_a's scope (agency_a) is above agency_a_unit: they may decide it.
    plan = services.training_plan_approve(actor=officer_a, plan=plan)
    assert plan.status == TrainingPlanStatus.APPROVED
    assert above  # the province officer could too; the leader could not (read only)


def test_an_outsider_cannot_draft_for_another_agency(officer_b, agency_a):
    with pytest.raises(TrainingError):
        services.training_plan_create(actor=officer_b, agency=agency_a, year=2027)


def test_plan_against_actual_and_the_roll_up_on_a_hand_made_case(
    draft,
    officer_a,
    coordinator,
    agency_a,
    agency_a_unit,
    province,
    make_offering,
    make_cadre,
    cadre_in_a,
    complete,
):
    with_class = services.training_plan_item_add(actor=officer_a, plan=draft, item=item())
    without = services.training_plan_item_add(
        actor=officer_a,
        plan=draft,
        item=item(content_kind=ContentKind.POLITICAL_THEORY, headcount=5),
    )
    services.training_plan_submit(actor=officer_a, plan=draft)
    services.training_plan_approve(actor=coordinator, plan=draft)
    offering = make_offering("LOP-KH", approval_required=False)
    services.offering_plan_item_set(actor=coordinator, offering=offering, item=with_class)
    complete(cadre_in_a, offering)
    other = make_cadre("CB-A-002", "Lý Thị Hoa", agency_a_unit)
    services.enrolment_request(cadre=other, offering=offering)
    rows = {r.item.pk: r for r in selectors.plan_items(plan=draft)}
    done = rows[with_class.pk]
    assert (done.classes, done.enrolled, done.completed) == (1, 2, 1)
    assert done.hours == offering.enrolments.get(cadre=cadre_in_a).hours_credited
    assert done.done_share == 10
    assert (rows[without.pk].classes, rows[without.pk].enrolled) == (0, 0)
    # A unit's plan adds up under the agency above; a draft does not count.
    unit_plan = services.training_plan_create(actor=officer_a, agency=agency_a_unit, year=2027)
    services.training_plan_item_add(actor=officer_a, plan=unit_plan, item=item(headcount=4))
    rollup = {
        r.label: r for r in selectors.plan_rollup(user=coordinator, agency=province, year=2027)
    }
    digital = rollup[str(ContentKind.DIGITAL.label)]
    assert (digital.plans, digital.headcount, digital.completed) == (1, 10, 1)
    services.training_plan_submit(actor=officer_a, plan=unit_plan)
    rollup = {
        r.label: r for r in selectors.plan_rollup(user=coordinator, agency=province, year=2027)
    }
    assert rollup[str(ContentKind.DIGITAL.label)].headcount == 14
    assert rollup[str(ContentKind.DIGITAL.label)].plans == 2


def test_a_class_links_only_to_an_approved_item(draft, officer_a, coordinator, make_offering):
    line = services.training_plan_item_add(actor=officer_a, plan=draft, item=item())
    with pytest.raises(TrainingError) as refused:
        services.offering_plan_item_set(actor=coordinator, offering=make_offering(), item=line)
    assert refused.value.messages == [str(services.PLAN_ITEM_NOT_APPROVED)]
