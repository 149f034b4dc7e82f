"""Public verification: valid / expired / revoked / unknown, and a limit on unknown codes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from training import services
from training.models import Certificate
from training.views.certificates import VERIFY_UNKNOWN_LIMIT

pytestmark = pytest.mark.django_db


def _url(code):
    return reverse("training:verify", args=[code])


def test_the_verification_address_is_at_the_site_root(certificate):
    assert _url(certificate.verification_code) == f"/verify/{certificate.verification_code}/"


def test_a_valid_certificate_without_logging_in(client, certificate):
    response = client.get(_url(certificate.verification_code))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nguyễn Thị Ánh" in html
    assert "Kỹ năng dân vận cơ sở" in html
    assert "Ban Tuyên giáo và Dân vận, Tỉnh ủy Thử nghiệm" in html  # as printed
    assert certificate.number in html
    assert "còn hiệu lực" in html
    assert "15/03/1985" not in html  # the date of birth is not published
    assert response["X-Robots-Tag"] == "noindex"


def test_an_expired_certificate(client, certificate):
    today = timezone.localdate()
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=today - datetime.timedelta(days=800),
        course_start=today - datetime.timedelta(days=830),
        course_end=today - datetime.timedelta(days=800),
        expires_on=today - datetime.timedelta(days=70),
    )
    certificate.refresh_from_db()
    assert certificate.is_expired and certificate.state == "expired"
    html = client.get(_url(certificate.verification_code)).content.decode()
    assert "đã hết hạn" in html
    assert (today - datetime.timedelta(days=70)).strftime("%d/%m/%Y") in html


def test_a_revoked_certificate_shows_date_and_reason(client, certificate, coordinator):
    services.certificate_revoke(
        actor=coordinator, certificate=certificate, reason="Cấp nhầm người học."
    )
    response = client.get(_url(certificate.verification_code))
    assert response.status_code == 200
    html = response.content.decode()
    assert "đã bị thu hồi" in html
    assert "Cấp nhầm người học." in html
    assert timezone.localdate().strftime("%d/%m/%Y") in html


def test_an_unknown_code_is_a_vietnamese_404(client, db):
    response = client.get(_url("khong-co-ma-nay-1234567"))
    assert response.status_code == 404
    html = response.content.decode()
    assert "không có chứng chỉ, giấy chứng nhận nào mang mã" in html
    assert "khong-co-ma-nay-1234567" in html and reverse("training:verify_start") in html


def test_a_code_typed_from_the_paper_leads_to_its_page(client, certificate):
    start = client.get(reverse("training:verify_start"))
    assert start.status_code == 200 and "Mã xác minh" in start.content.decode()
    typed = f"  {certificate.verification_code} "  # spaces as people type them
    response = client.get(reverse("training:verify_start"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == _url(certificate.verification_code)


def test_unknown_codes_are_limited_per_address_known_codes_never(client, certificate):
    for i in range(VERIFY_UNKNOWN_LIMIT):
        assert client.get(_url(f"sai-ma-{i:04d}-xxxxxxxxxx")).status_code == 404
    response = client.get(_url("sai-ma-cuoi-xxxxxxxxxxxx"))
    assert response.status_code == 429
    assert "Quá nhiều" in response.content.decode()
    for _ in range(VERIFY_UNKNOWN_LIMIT + 5):
        assert client.get(_url(certificate.verification_code)).status_code == 200
    # Another address is not affected.
    other = client.get(_url("sai-ma-khac-xxxxxxxxxxx"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 404
