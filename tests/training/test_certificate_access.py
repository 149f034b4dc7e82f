"""Every certificate page: anonymous users log in first, outsiders get 404; /verify/ is public."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from training import services
from training.models import Certificate

pytestmark = pytest.mark.django_db


def _urls(certificate, batch, body):
    offering = certificate.enrolment.offering
    year = certificate.year
    return [
        reverse("training:certificate_pdf", args=[certificate.pk]),
        reverse("training:certificates_expiring"),
        reverse("training:offering_certificates", args=[offering.pk]),
        reverse("training:certificate_revoke", args=[certificate.pk]),
        reverse("training:certificate_batch", args=[batch.pk]),
        reverse("cadres:job_download", args=[batch.pk]),
        reverse("training:register_book"),
        reverse("training:register_book_export", args=[body.pk, year, "xlsx"]),
        reverse("training:register_book_export", args=[body.pk, year, "pdf"]),
    ]


@pytest.fixture
def batch(certificate, coordinator):
    return services.certificate_batch_start(
        actor=coordinator, offering=certificate.enrolment.offering
    )


def test_anonymous_users_log_in_except_on_verify(client, certificate, batch, issuing_body):
    for url in _urls(certificate, batch, issuing_body) + [reverse("training:my_certificates")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    assert (
        client.get(reverse("training:verify", args=[certificate.verification_code])).status_code
        == 200
    )


def test_another_cadre_gets_404_everywhere(client, certificate, batch, issuing_body, learner_b):
    client.force_login(learner_b)
    for url in _urls(certificate, batch, issuing_body):
        assert client.get(url).status_code == 404, url
    # Their own list does not show someone else's certificate.
    assert (
        certificate.number not in client.get(reverse("training:my_certificates")).content.decode()
    )


def test_an_officer_of_agency_b_gets_404_on_agency_a(
    client, certificate, batch, issuing_body, officer_b
):
    client.force_login(officer_b)
    for url in _urls(certificate, batch, issuing_body):
        if url == reverse("training:certificates_expiring"):
            assert certificate.number not in client.get(url).content.decode()
            continue
        assert client.get(url).status_code == 404, url


def test_the_holder_lists_and_downloads_their_certificates(client, certificate, learner):
    client.force_login(learner)
    html = client.get(reverse("training:my_certificates")).content.decode()
    assert certificate.number in html
    assert reverse("training:certificate_pdf", args=[certificate.pk]) in html


def test_a_bad_issue_date_changes_nothing(
    client, coordinator, make_issuing_body, make_offering, lessons, cadre_in_a, complete
):
    offering = make_offering("LOP-NGAY", approval_required=False)
    complete(cadre_in_a, offering)
    make_issuing_body()
    client.force_login(coordinator)
    url = reverse("training:offering_certificates", args=[offering.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url, {"action": "issue", "issued_on": tomorrow.strftime("%d/%m/%Y")}, follow=True
    )
    assert "Ngày cấp phải từ ngày bắt đầu lớp" in response.content.decode()
    response = client.post(url, {"action": "issue", "issued_on": "31/02/2026"})
    assert response.status_code == 200
    assert not Certificate.objects.exists()
    client.post(url, {"action": "issue", "issued_on": timezone.localdate().strftime("%d/%m/%Y")})
    assert Certificate.objects.count() == 1
