"""Journey 4: a coordinator opens an online class, issues the certificates of those who
completed it, prints them as one PDF and downloads the register book."""

import datetime
import io
import re

import pypdf
import pytest
from django.utils import timezone
from openpyxl import load_workbook

from curriculum.demo import para
from tests.curriculum import factories
from tests.e2e import data
from tests.e2e.helpers import download, fetch, log_in, qr_codes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COURSE = "Công tác dân vận của chính quyền cơ sở"
LEARNERS = [("CB-ML-01", "Đặng Thị Hồng"), ("CB-ML-02", "Huỳnh Văn Lộc")]


@pytest.fixture
def setting(province, make_agency, agency_a):
    """A province with a few communes; the class is organised by the Front of one of them."""
    for code, name in [
        ("MTTQ-TL", "Ủy ban MTTQ xã Tân Lập"),
        ("MTTQ-BH", "Ủy ban MTTQ xã Bình Hòa"),
    ]:
        make_agency(code, name, parent=province, kind="uy-ban-mttq")
    front = make_agency("MTTQ-ML", "Ủy ban MTTQ xã Mỹ Lâm", parent=province, kind="uy-ban-mttq")
    course = factories.course(factories.catalog(), title=COURSE, periods=12)
    factories.lesson(course, title="Chính quyền gần dân", body=[para("Giải quyết việc của dân.")])
    factories.lesson(course, title="Bài kiểm tra cuối khóa")  # the sample quiz
    return {"front": front, "course": course}


def test_a_coordinator_opens_a_class_prints_its_certificates_and_the_register(
    live_server, page, snap, coordinator, setting, make_cadre, province
):
    from training.models import Certificate, EnrolmentStatus, Offering

    base = live_server.url
    today = timezone.localdate()
    log_in(page, base, coordinator.username)

    # Opening an online class: dates typed day first, the organiser found by typing.
    page.get_by_role("link", name="Nghiệp vụ", exact=True).click()
    page.get_by_role("navigation", name="Danh mục nghiệp vụ").get_by_role(
        "link", name="Lớp học", exact=True
    ).click()
    page.get_by_role("link", name="Mở lớp học").click()
    page.get_by_label("Khóa học").select_option(label=COURSE)
    page.get_by_label("Mã lớp").fill("DVCQ-2026-03")
    page.get_by_label("Hình thức").select_option(label="Trực tuyến")
    page.get_by_label("Lọc danh sách: Đơn vị tổ chức").fill("my lam")
    organiser = page.get_by_label("Đơn vị tổ chức", exact=True)
    visible = organiser.locator("option:not([hidden])").all_inner_texts()
    assert [text.strip() for text in visible if text.strip("- ")] == ["Ủy ban MTTQ xã Mỹ Lâm"]
    organiser.select_option(
        organiser.locator("option:not([hidden])", has_text="Mỹ Lâm").get_attribute("value")
    )
    for label, date in [
        ("Ngày bắt đầu", today),
        ("Ngày kết thúc", today + datetime.timedelta(days=14)),
        ("Mở đăng ký từ", today),
        ("Hạn đăng ký", today + datetime.timedelta(days=7)),
    ]:
        page.get_by_label(label, exact=True).fill(date.strftime("%d/%m/%Y"))
    page.get_by_label("Số chỗ").fill("40")
    page.get_by_label("Cần phê duyệt").uncheck()
    snap(page, "class-form")
    page.get_by_role("button", name="Lưu").click()
    assert "Đã lưu lớp học." in page.locator(".messages").inner_text()
    offering = Offering.objects.get(code="DVCQ-2026-03")
    assert offering.organiser == setting["front"]
    assert (offering.start_date, offering.enrol_closes) == (
        today,
        today + datetime.timedelta(days=7),
    )
    snap(page, "class")

    # Two cadres complete it before the province's issuing body is set up (so nothing was
    # issued automatically); then the body is set up.
    cadres = [make_cadre(code, name, setting["front"]) for code, name in LEARNERS]
    data.complete(offering, cadres)
    assert set(offering.enrolments.values_list("status", flat=True)) == {EnrolmentStatus.COMPLETED}
    assert not Certificate.objects.exists()
    data.issuing_body(province)

    # Issuing them in one go, then printing them as one PDF.
    page.get_by_role("link", name="Chứng chỉ", exact=True).click()
    assert "2 học viên đã hoàn thành lớp" in page.locator("main").inner_text()
    snap(page, "certificates-to-issue")
    page.get_by_role("button", name="Cấp chứng chỉ, giấy chứng nhận cho các học viên trên").click()
    assert "Đã cấp 2 chứng chỉ, giấy chứng nhận." in page.locator(".messages").inner_text()
    issued = page.get_by_role("table").filter(has_text="Số vào sổ")
    for _code, name in LEARNERS:
        assert name in issued.inner_text()
    snap(page, "certificates-issued")
    page.get_by_role("button", name="In tất cả thành một tệp PDF").click()
    page.wait_for_url(re.compile(r"/office/training/certificate-batches/\d+/$"))
    snap(page, "batch")
    name, pdf = download(page, page.get_by_role("link", name="Tải tệp về"))
    assert name == f"chung-nhan-DVCQ-2026-03-{offering.certificate_batches.get().pk}.pdf"
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    text = "\n".join(p.extract_text() for p in reader.pages)
    certificates = Certificate.objects.order_by("holder_name")
    for certificate in certificates:
        assert certificate.holder_name in text
    codes = {c.verification_code for c in certificates}
    decoded = {url.rstrip("/").rsplit("/", 1)[-1] for i in range(2) for url in qr_codes(pdf, i)}
    assert decoded == codes

    # A certificate issued by mistake is revoked: issuing for the class again leaves that
    # learner out, says so, and issuing again to them takes a decision with its reason.
    page.get_by_role("link", name="Lớp học", exact=True).first.click()
    page.get_by_role("link", name="DVCQ-2026-03").click()
    page.get_by_role("link", name="Chứng chỉ", exact=True).click()
    first, _second = LEARNERS
    revoked = Certificate.objects.get(enrolment__cadre__personnel_code=first[0])
    row = page.get_by_role("row").filter(has_text=first[1])
    row.get_by_role("link", name="Thu hồi hoặc cấp lại").click()
    page.get_by_label("Lý do thu hồi").fill("Cấp nhầm: học viên chưa dự buổi tọa đàm cuối khóa.")
    page.get_by_role("button", name="Thu hồi").click()
    assert f"Đã thu hồi chứng chỉ, giấy chứng nhận số {revoked.number}" in (
        page.locator(".messages").inner_text()
    )
    apart = page.get_by_role("region", name="Đã bị thu hồi: không tự động cấp lại")
    assert first[1] in apart.inner_text() and "buổi tọa đàm cuối khóa" in apart.inner_text()
    assert (
        page.get_by_role(
            "button", name="Cấp chứng chỉ, giấy chứng nhận cho các học viên trên"
        ).count()
        == 0
    )
    snap(page, "revoked-apart")
    apart.get_by_text("Cấp lại cho học viên này").click()
    apart.get_by_role("button", name="Cấp lại").click()  # no reason: the browser asks for one
    assert Certificate.objects.filter(enrolment=revoked.enrolment).count() == 1
    apart.get_by_label("Lý do cấp lại").fill(
        "Đã dự buổi học bù ngày 20/12 (Quyết định 31-QĐ/BTGDV)."
    )
    apart.get_by_role("button", name="Cấp lại").click()
    again = Certificate.objects.get(enrolment=revoked.enrolment, revoked_at__isnull=True)
    assert again.replaces == revoked and again.number in page.locator("main").inner_text()
    certificates = Certificate.objects.order_by("holder_name")

    # The register book of the year, as a spreadsheet and as a PDF.
    page.get_by_role("navigation", name="Danh mục nghiệp vụ").get_by_role(
        "link", name="Sổ cấp chứng chỉ"
    ).click()
    year = page.get_by_role("listitem").filter(has_text=str(today.year))
    snap(page, "register-book")
    name, xlsx = download(page, year.get_by_role("link", name="XLSX"))
    assert name.endswith(f"-{today.year}.xlsx")
    cells = [
        str(value)
        for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    for certificate in certificates:
        assert certificate.number in cells and certificate.holder_name in cells
    book = fetch(page, year.get_by_role("link", name="PDF"))
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(book)).pages)
    for certificate in certificates:
        assert certificate.number in text and certificate.holder_name in text
