"""The audit trail of training: enrolments, attendance marks, results and certificates, with
who did it and each value old → new (the registry's own trail: tests/cadres/test_audit_trail)."""

import pytest
from django.urls import reverse

from cadres.models import AuditAction, AuditEntry
from training import classroom, services

pytestmark = pytest.mark.django_db


def trail(enrolment):
    return AuditEntry.objects.filter(target_type="training.enrolment", target_id=enrolment.pk)


def test_a_request_and_its_rejection_are_recorded_with_the_reason(
    make_offering, cadre_in_a, learner, officer_a
):
    offering = make_offering("LOP-DK", approval_required=True)
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    services.enrolment_reject(actor=officer_a, enrolment=enrolment, reason="Đủ chỉ tiêu")
    created, rejected = trail(enrolment).order_by("pk")
    assert (created.action, created.actor) == (AuditAction.CREATED, learner)
    assert created.changes["status"] == [None, "requested"]
    assert (rejected.action, rejected.actor) == (AuditAction.REJECTED, officer_a)
    assert rejected.changes == {
        "status": ["requested", "rejected"],
        "reason": ["", "Đủ chỉ tiêu"],
    }
    assert rejected.cadre == cadre_in_a


def test_attendance_marks_and_results_keep_the_old_and_the_new(in_person, learners, coordinator):
    learner = learners[0]
    session = in_person.sessions.order_by("date").first()
    classroom.attendance_mark(actor=coordinator, session=session, marks={learner.pk: "absent"})
    classroom.attendance_mark(actor=coordinator, session=session, marks={learner.pk: "present"})
    classroom.result_save(actor=coordinator, enrolment=learner, passed=True)
    classroom.result_save(actor=coordinator, enrolment=learner, passed=True)  # same: no entry
    changes = [e.changes for e in trail(learner).filter(actor=coordinator).order_by("pk")]
    assert changes == [
        {"attendance": [None, "absent"]},
        {"attendance": ["absent", "present"]},
        {"result_passed": [None, True]},
    ]


def test_issuing_and_revoking_a_certificate_are_recorded(certificate, coordinator, cadre_in_a):
    services.certificate_revoke(actor=coordinator, certificate=certificate, reason="Cấp nhầm")
    entries = AuditEntry.objects.filter(target_type="training.certificate").order_by("pk")
    issued, revoked = entries
    assert issued.action == AuditAction.ISSUED and issued.actor is None  # issued on completion
    assert issued.changes["number"] == [None, certificate.number]
    assert revoked.actor == coordinator and revoked.cadre == cadre_in_a
    assert revoked.changes["revoke_reason"] == [None, "Cấp nhầm"]


def test_the_audit_page_names_the_marks_in_vietnamese(client, in_person, learners, coordinator):
    session = in_person.sessions.order_by("date").first()
    classroom.attendance_mark(actor=coordinator, session=session, marks={learners[0].pk: "late"})
    client.force_login(coordinator)
    page = client.get(
        reverse("cadres:audit_list"), {"cadre": learners[0].cadre_id}
    ).content.decode()
    assert "Điểm danh" in page and "Đi muộn" in page
