"""30 cadres ask for a 10-seat class at the same moment: exactly 10 seats, 20 on the waitlist."""

import datetime
import threading

import pytest
from django.db import close_old_connections, connection

from training import services
from training.models import Enrolment, Offering, OfferingMode
from training.models import EnrolmentStatus as S

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_concurrent_enrolment_never_overbooks(
    course, lessons, province, make_cadre, agency_a_unit, today
):
    offering = Offering.objects.create(
        course=course,
        code="LOP-DONG",
        mode=OfferingMode.ONLINE,
        organiser=province,
        start_date=today,
        end_date=today + datetime.timedelta(days=10),
        capacity=10,
        enrol_opens=today,
        enrol_closes=today + datetime.timedelta(days=2),
        approval_required=False,
    )
    cadres = [make_cadre(f"CB-C-{i:03d}", f"Lê Văn {i}", agency_a_unit) for i in range(30)]
    barrier = threading.Barrier(len(cadres))
    errors = []

    def enrol(cadre):
        try:
            barrier.wait(timeout=30)
            services.enrolment_request(cadre=cadre, offering=offering)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=enrol, args=(c,)) for c in cadres]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    statuses = list(Enrolment.objects.filter(offering=offering).values_list("status", flat=True))
    assert statuses.count(S.APPROVED) == 10
    assert statuses.count(S.WAITLISTED) == 20
