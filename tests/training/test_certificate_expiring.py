"""The list of certificates expiring soon, per agency subtree, with constant queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from training.models import Certificate

pytestmark = pytest.mark.django_db

URL = reverse("training:certificates_expiring")


def _expire_in(certificate, days):
    today = timezone.localdate()
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=today - datetime.timedelta(days=700),
        course_start=today - datetime.timedelta(days=730),
        course_end=today - datetime.timedelta(days=700),
        expires_on=today + datetime.timedelta(days=days),
    )


def test_the_officer_sees_expiring_certificates_of_their_agencies(
    client, certificate, officer_a, officer_b
):
    _expire_in(certificate, 45)
    client.force_login(officer_a)
    assert certificate.number in client.get(URL).content.decode()
    assert certificate.number not in client.get(URL + "?days=30").content.decode()
    client.force_login(officer_b)
    assert certificate.number not in client.get(URL).content.decode()


def test_a_bad_number_of_days_says_so_and_uses_90(client, certificate, officer_a):
    _expire_in(certificate, 80)
    client.force_login(officer_a)
    response = client.get(URL + "?days=abc", follow=True)
    html = response.content.decode()
    assert "Hãy nhập số ngày từ 1 đến 3650" in html
    assert certificate.number in html


def test_cadres_get_404_and_anonymous_users_log_in(client, learner):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(learner)
    assert client.get(URL).status_code == 404


def test_queries_do_not_grow_with_the_list(
    client, officer_a, issuing_body, make_offering, lessons, make_cadre, agency_a_unit, complete
):
    client.force_login(officer_a)

    def add(n, start):
        offering = make_offering(f"LOP-Q{start}", approval_required=False, capacity=50)
        for i in range(start, start + n):
            cadre = make_cadre(f"CB-Q-{i:04d}", f"Võ Thị Mai {i}", agency_a_unit)
            _expire_in(complete(cadre, offering).certificates.get(), 20)

    def count():
        client.get(URL)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        assert response.status_code == 200
        return len(queries)

    add(2, 0)
    small = count()
    add(8, 100)
    assert count() == small
