import datetime

import pytest

from training import services
from training.models import Enrolment
from training.models import EnrolmentStatus as S
from training.services import TrainingError

pytestmark = pytest.mark.django_db


def _statuses(offering):
    return dict(
        Enrolment.objects.filter(offering=offering).values_list("cadre__personnel_code", "status")
    )


def test_request_waits_for_approval_when_the_class_requires_it(offering, cadre_in_a):
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    assert enrolment.status == S.REQUESTED


def test_request_is_approved_at_once_when_no_approval_is_needed(make_offering, lessons, cadre_in_a):
    offering = make_offering(approval_required=False)
    assert services.enrolment_request(cadre=cadre_in_a, offering=offering).status == S.APPROVED


def test_a_full_class_puts_the_request_on_the_waitlist(
    make_offering, lessons, cadre_in_a, cadre_in_b
):
    offering = make_offering(capacity=1)
    services.enrolment_request(cadre=cadre_in_a, offering=offering)
    assert services.enrolment_request(cadre=cadre_in_b, offering=offering).status == S.WAITLISTED


def test_officer_approves_a_request(offering, cadre_in_a, officer_a):
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    services.enrolment_approve(actor=officer_a, enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == S.APPROVED
    assert enrolment.decided_by == officer_a


def test_officer_of_another_agency_cannot_approve(offering, cadre_in_a, officer_b):
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    with pytest.raises(TrainingError) as error:
        services.enrolment_approve(actor=officer_b, enrolment=enrolment)
    assert "không thuộc" in error.value.messages[0]
    enrolment.refresh_from_db()
    assert enrolment.status == S.REQUESTED


def test_approving_twice_is_refused_with_a_vietnamese_message(offering, cadre_in_a, officer_a):
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    services.enrolment_approve(actor=officer_a, enrolment=enrolment)
    with pytest.raises(TrainingError) as error:
        services.enrolment_approve(actor=officer_a, enrolment=enrolment)
    assert "Đã duyệt" in error.value.messages[0]


def test_rejection_needs_a_reason_and_changes_nothing_without_one(offering, cadre_in_a, officer_a):
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    with pytest.raises(TrainingError):
        services.enrolment_reject(actor=officer_a, enrolment=enrolment, reason="  ")
    enrolment.refresh_from_db()
    assert enrolment.status == S.REQUESTED
    services.enrolment_reject(actor=officer_a, enrolment=enrolment, reason="Chưa đúng đối tượng")
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.reason) == (S.REJECTED, "Chưa đúng đối tượng")


def test_an_approved_enrolment_cannot_be_rejected(offering, cadre_in_a, officer_a):
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    services.enrolment_approve(actor=officer_a, enrolment=enrolment)
    with pytest.raises(TrainingError):
        services.enrolment_reject(actor=officer_a, enrolment=enrolment, reason="Lý do")


def test_withdrawal_frees_the_seat_for_the_first_on_the_waitlist(
    make_offering, lessons, make_cadre, agency_a_unit, learner, cadre_in_a
):
    offering = make_offering(capacity=1, approval_required=False)
    first = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    second = services.enrolment_request(
        cadre=make_cadre("CB-A-002", "Lê Văn Bình", agency_a_unit), offering=offering
    )
    third = services.enrolment_request(
        cadre=make_cadre("CB-A-003", "Phạm Thị Cúc", agency_a_unit), offering=offering
    )
    assert (second.status, third.status) == (S.WAITLISTED, S.WAITLISTED)
    services.enrolment_withdraw(actor=learner, enrolment=first)
    assert _statuses(offering) == {
        "CB-A-001": S.WITHDRAWN,
        "CB-A-002": S.APPROVED,
        "CB-A-003": S.WAITLISTED,
    }


def test_rejecting_a_pending_request_promotes_the_waitlist(
    make_offering, lessons, cadre_in_a, make_cadre, agency_a_unit, officer_a
):
    offering = make_offering(capacity=1)
    first = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    services.enrolment_request(
        cadre=make_cadre("CB-A-002", "Lê Văn Bình", agency_a_unit), offering=offering
    )
    services.enrolment_reject(actor=officer_a, enrolment=first, reason="Trùng lịch công tác")
    assert _statuses(offering)["CB-A-002"] == S.REQUESTED


def test_one_enrolment_per_cadre_and_class(offering, cadre_in_a):
    services.enrolment_request(cadre=cadre_in_a, offering=offering)
    with pytest.raises(TrainingError) as error:
        services.enrolment_request(cadre=cadre_in_a, offering=offering)
    assert "đã đăng ký" in error.value.messages[0]
    assert Enrolment.objects.filter(offering=offering).count() == 1


def test_a_withdrawn_cadre_may_ask_again_on_the_same_row(offering, cadre_in_a, learner):
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    services.enrolment_withdraw(actor=learner, enrolment=enrolment)
    again = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    assert again.pk == enrolment.pk and again.status == S.REQUESTED


def test_a_completed_enrolment_cannot_be_withdrawn(offering, cadre_in_a, learner):
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=S.COMPLETED, hours_credited=16)
    with pytest.raises(TrainingError):
        services.enrolment_withdraw(actor=learner, enrolment=enrolment)


def test_the_enrolment_window_is_enforced(make_offering, lessons, cadre_in_a, today):
    closed = make_offering(
        "LOP-CU",
        enrol_opens=today - datetime.timedelta(days=20),
        enrol_closes=today - datetime.timedelta(days=1),
    )
    with pytest.raises(TrainingError) as error:
        services.enrolment_request(cadre=cadre_in_a, offering=closed)
    assert "chỉ mở" in error.value.messages[0]
    assert not Enrolment.objects.exists()


def test_a_cancelled_class_takes_no_request(make_offering, lessons, cadre_in_a):
    with pytest.raises(TrainingError) as error:
        services.enrolment_request(cadre=cadre_in_a, offering=make_offering(cancelled=True))
    assert "đã bị hủy" in error.value.messages[0]


def test_eligibility_by_category_and_agency(offering, cadre_in_a, agency_b):
    from cadres.models import CadreCategory

    front = CadreCategory.objects.get(code="mttq-doan-the")
    offering.eligible_categories.set([front])
    offering.eligible_agencies.set([agency_b])
    problems = [str(p) for p in services.eligibility_problems(cadre=cadre_in_a, offering=offering)]
    assert any(front.name in p for p in problems)
    assert any(cadre_in_a.agency.name in p for p in problems)
    cadre_in_a.category = front
    cadre_in_a.save()
    offering.eligible_agencies.set([])
    assert services.eligibility_problems(cadre=cadre_in_a, offering=offering) == []


def test_prerequisites_must_be_completed_first(offering, course, cadre_in_a, make_offering):
    from tests.curriculum import factories

    basic = factories.course(course.get_parent().specific, title="Nhập môn công tác dân vận")
    course.prerequisites.add(basic)
    course.save_revision().publish()
    with pytest.raises(TrainingError) as error:
        services.enrolment_request(cadre=cadre_in_a, offering=offering)
    assert "Nhập môn công tác dân vận" in error.value.messages[0]
    basic_class = make_offering("LOP-NM", course=basic)
    done = services.enrolment_request(cadre=cadre_in_a, offering=basic_class)
    Enrolment.objects.filter(pk=done.pk).update(status=S.COMPLETED, hours_credited=4)
    assert services.enrolment_request(cadre=cadre_in_a, offering=offering).status == S.REQUESTED
