"""The certificate PDF: Vietnamese font embedded, text extractable, QR to the verification URL."""

import io

import pypdf
import pypdfium2
import pytest
import zxingcpp
from django.urls import reverse

from training import certificate_printing

pytestmark = pytest.mark.django_db


def _pdf(client, certificate):
    response = client.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_pdf_embeds_the_font_and_has_the_holders_name(client, certificate, learner):
    client.force_login(learner)
    reader = pypdf.PdfReader(io.BytesIO(_pdf(client, certificate)))
    assert len(reader.pages) == 1  # A4 landscape, one page
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert width > height and round(width) == 842
    fonts = set()
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        fonts.add(str(font["/BaseFont"]))
        if "BeVietnamPro" in str(font["/BaseFont"]):  # embedded, not just named
            assert "/FontFile2" in font["/FontDescriptor"]
    assert any("BeVietnamPro" in name for name in fonts), fonts
    text = page.extract_text()
    for expected in (
        "Nguyễn Thị Ánh",
        "ĐẢNG CỘNG SẢN VIỆT NAM",  # a Party body (formats: test_certificate_formats.py)
        "GIẤY CHỨNG NHẬN",
        "Kỹ năng dân vận cơ sở",
        certificate.number,
        "Trần Văn Quý",
        "15/03/1985",
        "16 tiết",
        "Rạch Giá, ngày",
    ):
        assert expected in text, expected


def test_the_qr_code_decodes_to_the_verification_url_from_site_url(
    client, certificate, learner, settings
):
    settings.SITE_URL = "https://daotao.angiang.example.vn"
    client.force_login(learner)
    image = pypdfium2.PdfDocument(_pdf(client, certificate))[0].render(scale=150 / 72).to_pil()
    decoded = [result.text for result in zxingcpp.read_barcodes(image)]
    expected = f"https://daotao.angiang.example.vn/verify/{certificate.verification_code}/"
    assert decoded == [expected]


def test_same_certificate_same_bytes(certificate):
    assert certificate_printing.certificate_pdf(
        certificate
    ) == certificate_printing.certificate_pdf(certificate)


def test_a_revoked_certificate_prints_as_revoked(certificate, coordinator):
    from training import services

    services.certificate_revoke(actor=coordinator, certificate=certificate, reason="Cấp nhầm.")
    certificate.refresh_from_db()
    text = pypdf.PdfReader(io.BytesIO(certificate_printing.certificate_pdf(certificate))).pages[0]
    assert "ĐÃ THU HỒI" in text.extract_text()


@pytest.mark.parametrize("who", ["learner", "officer_a", "coordinator", "superuser"])
def test_holder_staff_in_scope_and_superusers_download(
    client, certificate, who, request, make_user
):
    user = (
        make_user("root", is_superuser=True, is_staff=True)
        if who == "superuser"
        else request.getfixturevalue(who)
    )
    client.force_login(user)
    _pdf(client, certificate)


def test_outsiders_get_404_and_anonymous_users_log_in(client, certificate, learner_b, officer_b):
    url = reverse("training:certificate_pdf", args=[certificate.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for outsider in (learner_b, officer_b):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    assert client.get(reverse("training:certificate_pdf", args=[999999])).status_code == 404


def test_the_pdf_is_never_stored_by_a_browser_or_proxy(client, certificate, learner):
    client.force_login(learner)
    response = client.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    assert "no-store" in response["Cache-Control"]
