"""The reminder that training a post requires is about to stop counting: once, to the cadre."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from cadres.models import OfficerAssignment, ResponsibilityKind
from training import services
from training.models import Enrolment, EnrolmentStatus, TrainingRequirement

pytestmark = pytest.mark.django_db


def _completed(cadre, offering, day):
    return Enrolment.objects.create(
        offering=offering,
        cadre=cadre,
        status=EnrolmentStatus.COMPLETED,
        completed_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
        hours_credited=offering.course.periods,
        agency=cadre.agency,
    )


def test_a_requirement_about_to_lapse_is_told_once(
    make_offering,
    cadre_in_a,
    cadre_in_b,
    agency_a_unit,
    agency_b_unit,
    django_capture_on_commit_callbacks,
):
    officer = ResponsibilityKind.objects.get(code="phu-trach-dan-van")
    offering = make_offering()
    TrainingRequirement.objects.create(
        name="Bồi dưỡng dân vận khéo",
        course=offering.course,
        responsibility_kind=officer,
        validity_years=1,
        basis="Ví dụ",
    )
    today = datetime.date(2026, 12, 5)
    for cadre, agency in ((cadre_in_a, agency_a_unit), (cadre_in_b, agency_b_unit)):
        cadre.email = f"{cadre.personnel_code.lower()}@example.vn"
        cadre.save(update_fields=["email"])
        OfficerAssignment.objects.create(
            cadre=cadre, agency=agency, kind=officer, start_date=datetime.date(2025, 7, 1)
        )
    _completed(cadre_in_a, offering, datetime.date(2026, 1, 20))  # counts until 20/01/2027
    other = make_offering("LOP-02")
    _completed(cadre_in_b, other, datetime.date(2026, 9, 1))  # counts until 01/09/2027: not yet

    with django_capture_on_commit_callbacks(execute=True):
        assert services.requirement_lapse_reminders_send(today=today) == 1
    assert [m.to for m in mail.outbox] == [["cb-a-001@example.vn"]]
    assert "20/01/2027" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requirement_lapse_reminders_send(today=today) == 0  # never twice
    assert len(mail.outbox) == 1
