"""20 certificates issued at the same moment get 20 distinct, consecutive register numbers."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from training import services
from training.models import Certificate, Enrolment, OfferingMode
from training.models import EnrolmentStatus as S

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_concurrent_certificate_numbers(
    issuing_body, make_offering, lessons, make_cadre, agency_a_unit, coordinator
):
    offering = make_offering("LOP-SO", mode=OfferingMode.IN_PERSON, capacity=30)
    enrolments = [
        Enrolment.objects.create(
            offering=offering,
            cadre=make_cadre(f"CB-S-{i:03d}", f"Lê Văn {i}", agency_a_unit),
            status=S.COMPLETED,
            completed_at=timezone.now(),
            hours_credited=16,
        )
        for i in range(20)
    ]
    barrier = threading.Barrier(len(enrolments))
    errors = []

    def issue(enrolment):
        try:
            barrier.wait(timeout=30)
            services.certificate_issue(enrolment=enrolment, actor=coordinator)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=issue, args=(e,)) for e in enrolments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    assert serials == list(range(1, 21))
    year = timezone.localdate().year
    assert set(Certificate.objects.values_list("number", flat=True)) == {
        f"{n:04d}/{year}/GCN-BTGDV" for n in range(1, 21)
    }
