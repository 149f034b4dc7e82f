"""The periodic notices: a class starting in three days (with its calendar link) and an
approved plan item whose quarter began with no class; none is sent twice."""

import datetime

import pytest
from django.core.management import call_command

from cadres.models import OutgoingEmail
from training import services
from training.models import TrainingPlanItem

pytestmark = pytest.mark.django_db


def test_a_class_starting_in_three_days_is_announced_once(
    make_offering, cadre_in_a, learner, today, lessons
):
    learner.email = "hocvien@example.vn"
    learner.save()
    offering = make_offering(
        "LOP-3N",
        approval_required=False,
        start_date=today + datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=10),
        enrol_closes=today + datetime.timedelta(days=2),
    )
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    assert services.class_start_reminders_send(today=today) == 1
    email = OutgoingEmail.objects.get(kind=services.CLASS_START_REMINDER)
    assert email.user == learner and "LOP-3N" in email.subject
    assert f"/learn/enrolments/{enrolment.pk}/calendar.ics" in email.body
    assert services.class_start_reminders_send(today=today) == 0
    call_command("send_reminders")
    assert OutgoingEmail.objects.filter(kind=services.CLASS_START_REMINDER).count() == 1


def test_an_approved_item_without_a_class_in_its_quarter_is_reminded_once(
    officer_a, coordinator, agency_a, make_offering
):
    plan = services.training_plan_create(actor=officer_a, agency=agency_a, year=2027)
    early = services.training_plan_item_add(
        actor=officer_a,
        plan=plan,
        item=TrainingPlanItem(content_kind="digital", headcount=5, quarter=1),
    )
    late = services.training_plan_item_add(
        actor=officer_a,
        plan=plan,
        item=TrainingPlanItem(content_kind="political_theory", headcount=5, quarter=4),
    )
    covered = services.training_plan_item_add(
        actor=officer_a,
        plan=plan,
        item=TrainingPlanItem(content_kind="defence_security", headcount=5, quarter=1),
    )
    services.training_plan_submit(actor=officer_a, plan=plan)
    services.training_plan_approve(actor=coordinator, plan=plan)
    services.offering_plan_item_set(actor=coordinator, offering=make_offering(), item=covered)
    day = datetime.date(2027, 2, 1)
    assert services.plan_item_reminders_send(today=day) == 1
    email = OutgoingEmail.objects.get(kind=services.PLAN_ITEM_REMINDER)
    assert email.user == officer_a and str(early.label) in email.subject
    assert services.plan_item_reminders_send(today=day) == 0
    # Its quarter come, the last item is reminded too, and only it.
    assert services.plan_item_reminders_send(today=datetime.date(2027, 10, 2)) == 1
    assert (
        str(late.label)
        in OutgoingEmail.objects.filter(kind=services.PLAN_ITEM_REMINDER).latest("pk").subject
    )


def test_officers_hear_once_of_requests_in_a_closing_window(
    make_offering, cadre_in_a, officer_a, officer_b, today, lessons
):
    offering = make_offering("LOP-DONG", enrol_closes=today + datetime.timedelta(days=1))
    services.enrolment_request(cadre=cadre_in_a, offering=offering)
    assert services.window_closing_reminders_send(today=today) == 1
    email = OutgoingEmail.objects.get(kind=services.WINDOW_CLOSING_REMINDER)
    assert email.user == officer_a and "LOP-DONG" in email.subject  # not officer_b
    assert services.window_closing_reminders_send(today=today) == 0


def test_officers_get_a_daily_digest_of_new_requests_once(
    make_offering, cadre_in_a, officer_a, officer_b, today, lessons
):
    offering = make_offering("LOP-MOI", enrol_closes=today + datetime.timedelta(days=20))
    services.enrolment_request(cadre=cadre_in_a, offering=offering)
    assert services.window_closing_reminders_send(today=today) == 0  # the window is far off
    assert services.requests_digest_send(today=today) == 1
    email = OutgoingEmail.objects.get(kind=services.REQUESTS_DIGEST)
    assert email.user == officer_a  # not officer_b: the cadre is not in their scope
    assert email.subject == "1 đề nghị đăng ký học mới đang chờ bạn quyết định"
    assert "LOP-MOI" in email.body and "/office/training/approvals/" in email.body
    assert services.requests_digest_send(today=today) == 0  # once a day
    # Two days on, nothing new has arrived: no digest for the same old request.
    assert services.requests_digest_send(today=today + datetime.timedelta(days=2)) == 0


def test_the_cadre_hears_of_the_decision_on_their_request(
    make_offering, cadre_in_a, learner, officer_a, lessons
):
    learner.email = "hocvien@example.vn"
    learner.save()
    first = services.enrolment_request(cadre=cadre_in_a, offering=make_offering("LOP-D1"))
    services.enrolment_approve(actor=officer_a, enrolment=first)
    second = services.enrolment_request(cadre=cadre_in_a, offering=make_offering("LOP-D2"))
    services.enrolment_reject(actor=officer_a, enrolment=second, reason="Trùng lịch công tác")
    approved, declined = OutgoingEmail.objects.filter(
        kind=services.ENROLMENT_DECISION_NOTICE
    ).order_by("pk")
    assert approved.user == learner and "LOP-D1" in approved.subject
    assert "LOP-D2" in declined.subject and "Trùng lịch công tác" in declined.body
