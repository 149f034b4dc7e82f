"""Certificates in their issuer's format (Party or State), with everything printed fixed at
issue: a reprint after a transfer, a renaming or an edit of the issuing body is the same paper."""

import datetime
import io
import re

import pypdf
import pytest
from django.core.exceptions import ValidationError

from cadres import services as registry
from cadres.models import AgencyName
from training import certificate_printing, services
from training.models import Certificate, DocumentFormat, IssuingBody, OfferingMode
from training.register_book import register_book_pdf

pytestmark = pytest.mark.django_db

D = datetime.date


def _text(certificate) -> str:
    pdf = certificate_printing.certificate_pdf(certificate)
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


@pytest.fixture
def state_body(agency_a_unit):
    """A State body (a people's committee's school, say) whose deputy head signs."""
    return IssuingBody.objects.create(
        code="ubnd-a",
        name="Trung tâm Bồi dưỡng chính trị phường A",
        heading_name="Trung tâm Bồi dưỡng chính trị",
        parent_name="Ủy ban nhân dân phường A",
        place_name="Long Xuyên",
        document_format=DocumentFormat.objects.get(code="nha-nuoc"),
        signing_mode="deputy",
        signing_for="GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="Phạm Thị Hoa",
        attestation_suffix="GCN-TTBD",
        agency=agency_a_unit,
    )


def test_the_party_format_prints_its_heading_asterisk_and_marks(certificate):
    text = _text(certificate)
    lines = [line.strip() for line in text.splitlines()]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in lines
    assert lines[:3] == ["TỈNH ỦY THỬ NGHIỆM", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*"]
    assert "K/T TRƯỞNG BAN" in lines and "PHÓ TRƯỞNG BAN" in lines
    assert "CỘNG HÒA" not in text and "KT." not in text


def test_the_state_format_prints_the_national_heading_and_its_marks(
    state_body, make_offering, lessons, cadre_in_a, learner, complete, agency_a_unit
):
    offering = make_offering("LOP-NN", organiser=agency_a_unit, approval_required=False)
    certificate = complete(cadre_in_a, offering).certificates.get()
    assert certificate.body == state_body
    lines = [line.strip() for line in _text(certificate).splitlines()]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert "Độc lập - Tự do - Hạnh phúc" in lines
    assert lines[:2] == ["ỦY BAN NHÂN DÂN PHƯỜNG A", "TRUNG TÂM BỒI DƯỠNG CHÍNH TRỊ"]
    assert "*" not in lines and "ĐẢNG CỘNG SẢN VIỆT NAM" not in lines
    assert "KT. GIÁM ĐỐC" in lines and "K/T GIÁM ĐỐC" not in lines


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),
        (D(2026, 2, 15), "ngày 15 tháng 02 năm 2026"),
        (D(2026, 1, 1), "ngày 01 tháng 01 năm 2026"),
        (D(2026, 9, 30), "ngày 30 tháng 9 năm 2026"),
        (D(2026, 12, 10), "ngày 10 tháng 12 năm 2026"),
    ],
)
@pytest.mark.parametrize("code", ["dang", "nha-nuoc"])
def test_the_date_rule_pads_days_below_ten_and_only_january_and_february(code, day, expected):
    assert DocumentFormat.objects.get(code=code).date_text(day) == expected


@pytest.mark.parametrize(("month", "day", "printed"), [(3, 5, "tháng 3"), (2, 15, "tháng 02")])
def test_a_certificate_issued_on_a_past_date_prints_that_date_by_the_rule(
    issuing_body,
    make_offering,
    lessons,
    cadre_in_a,
    completed_in_person,
    coordinator,
    month,
    day,
    printed,
):
    year = datetime.date.today().year - 1
    issued = D(year, month, day)
    offering = make_offering(
        "LOP-CU",
        mode=OfferingMode.IN_PERSON,
        start_date=issued - datetime.timedelta(days=3),
        end_date=issued + datetime.timedelta(days=20),  # the class ran on after the issue
        approval_required=False,
    )
    enrolment = completed_in_person(cadre_in_a, offering)
    certificate = services.certificate_issue(
        enrolment=enrolment, actor=coordinator, issued_on=issued
    )
    text = _text(certificate)
    assert f"Rạch Giá, ngày {day:02d} {printed} năm {year}" in text
    # The class's dates are cut at the issue date: no paper says it covers study after it.
    start = issued - datetime.timedelta(days=3)
    assert f"từ {start:%d/%m/%Y} đến {issued:%d/%m/%Y}" in text
    assert (certificate.course_start, certificate.course_end) == (start, issued)


def test_a_reprint_after_a_transfer_a_renaming_and_an_edit_of_the_body_is_the_same_paper(
    certificate, officer_a, agency_a_unit, agency_a, issuing_body
):
    first = certificate_printing.certificate_pdf(certificate)
    assert "Ủy ban nhân dân phường A" in _text(certificate)
    cadre = certificate.enrolment.cadre
    registry.cadre_transfer(
        actor=officer_a,
        cadre=cadre,
        agency=agency_a,
        position="Phó Bí thư",
        start_date=datetime.date.today(),
    )
    registry.agency_rename(
        actor=officer_a,
        agency=agency_a_unit,
        new_name="Ủy ban nhân dân phường A mới",
        effective_date=datetime.date.today(),
        basis=registry.LegalBasis(number="12-NQ/TU", issued_on=datetime.date.today()),
    )
    assert AgencyName.objects.filter(agency=agency_a_unit).exists()
    issuing_body.heading_name = "Ban Dân vận"
    issuing_body.parent_name = "Tỉnh ủy Khác"
    issuing_body.place_name = "Long Xuyên"
    issuing_body.signer_name = "Lê Văn Mới"
    issuing_body.signing_mode = "on_behalf"
    issuing_body.signing_for = "BAN THƯỜNG VỤ"
    issuing_body.document_format = DocumentFormat.objects.get(code="nha-nuoc")
    issuing_body.save()
    DocumentFormat.objects.filter(code="dang").update(heading="ĐẢNG", month_zero_below=13)
    again = Certificate.objects.get(pk=certificate.pk)
    assert certificate_printing.certificate_pdf(again) == first


def test_a_body_cannot_sign_in_a_way_its_format_lacks(issuing_body):
    issuing_body.signing_mode = "authorised"  # the Party has no "thừa ủy quyền"
    with pytest.raises(ValidationError) as error:
        issuing_body.full_clean()
    assert "signing_mode" in error.value.message_dict
    issuing_body.signing_mode = "deputy"
    issuing_body.signing_for = " "
    with pytest.raises(ValidationError) as error:
        issuing_body.full_clean()
    assert "signing_for" in error.value.message_dict


def test_the_register_book_columns_do_not_overlap(
    issuing_body, make_offering, lessons, make_cadre, agency_a_unit, complete
):
    """Numbers and class codes are long single words: none may run into the next column."""
    issuing_body.attestation_suffix = "GCN-BTGDV-TINH-UY-THU-NGHIEM"
    issuing_body.save()
    offering = make_offering("LOP-BOI-DUONG-DAN-VAN-CO-SO-2026-DOT-01", approval_required=False)
    for i, name in enumerate(["Trương Hữu Hải", "Nguyễn Thị Ánh", "Đặng Quốc Việt"]):
        complete(make_cadre(f"CB-SO-{i}", name, agency_a_unit), offering)
    certificates = list(Certificate.objects.order_by("serial"))
    pdf = register_book_pdf(issuing_body, certificates[0].year, certificates)
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    lines = page.extract_text(extraction_mode="layout").splitlines()
    for certificate in certificates:
        # Laid out by position: text running into the next column leaves no space before it.
        (row,) = [line for line in lines if certificate.holder_name in line]
        assert re.search(r"\s" + certificate.holder_name, row), row
        issued = f"{certificate.issued_on:%d/%m/%Y}"
        assert re.search(r"\s" + issued, row), row
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page.extract_text()
