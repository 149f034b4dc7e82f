"""Batches: the class's page drawn once by xhtml2pdf, each person's text and QR laid over it."""

import io
import unicodedata

import numpy
import pypdf
import pypdfium2
import pytest
import zxingcpp
from django.utils import timezone

from training import certificate_printing
from training.models import Certificate, OfferingMode

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn Đạt", "Huỳnh Thị Ngọc Ánh", "Đặng Quốc Việt"]
LONG_POSITION = "Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã Vĩnh Hòa Hưng Nam"


@pytest.fixture(autouse=True)
def _cold_layout_cache():
    certificate_printing._cached_layout.cache_clear()
    yield
    certificate_printing._cached_layout.cache_clear()


@pytest.fixture
def certificates(
    issuing_body, make_offering, lessons, make_cadre, agency_a_unit, complete, settings
):
    settings.SITE_URL = "https://daotao.angiang.example.vn"
    offering = make_offering("LOP-PHU", mode=OfferingMode.ONLINE, approval_required=False)
    for i, name in enumerate(NAMES):
        complete(make_cadre(f"CB-PH-{i}", name, agency_a_unit), offering)
    return list(
        Certificate.objects.filter(enrolment__offering=offering)
        .select_related("body", "enrolment__cadre__agency", "enrolment__offering")
        .order_by("pk")
    )


def _fonts(page) -> dict[str, bool]:
    """BaseFont → embedded, for the page's fonts and those of the forms it draws."""
    fonts = {}
    resources = [page["/Resources"]]
    while resources:
        resource = resources.pop().get_object()
        for font in resource.get("/Font", {}).values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = "/FontFile2" in font.get("/FontDescriptor", {})
        for xobject in resource.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                resources.append(xobject["/Resources"])
    return fonts


def _image(pdf: bytes, index: int, dpi: int):
    return pypdfium2.PdfDocument(pdf)[index].render(scale=dpi / 72).to_pil()


def test_the_overlay_measures_where_each_field_goes(certificates):
    page = certificate_printing.certificate_page(certificates[0], qr=False)
    layout = certificate_printing.layout_for(certificate_printing._background_of(page))
    assert layout is not None
    slots = {slot.field: slot for slot in layout.slots}
    holder = slots["holder_name"]
    assert holder.align == 0.5 and holder.font.endswith("Bold") and holder.size == 22
    assert abs(holder.x - 841.89 / 2) < 1  # centred in the frame, which is centred on the page
    assert holder.colour == pytest.approx((0x7F / 255, 0x14 / 255, 0x14 / 255), abs=0.01)
    assert slots["number"].font.endswith("Bold") and slots["verify_url"].size == 9.5
    assert slots["holder_position"].align == 0 and 200 < slots["holder_position"].max_width < 240
    assert slots["holder_agency"].align == 0 and 550 < slots["holder_agency"].max_width < 620
    x, y, width, height = layout.qr_box
    assert width == pytest.approx(28 / 25.4 * 72) and height == pytest.approx(width)
    # measured once per group and template
    assert certificate_printing.layout_for(certificate_printing._background_of(page)) is layout


def test_each_page_has_its_own_person_text_fonts_and_qr(certificates):
    seen = []
    pdf = certificate_printing.batch_pdf(certificates, progress=seen.append)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3 and seen[-1] == 3 and sorted(seen) == seen
    for index, (certificate, page) in enumerate(zip(certificates, reader.pages, strict=True)):
        assert round(float(page.mediabox.width)) == 842
        text = page.extract_text()
        assert unicodedata.is_normalized("NFC", text)
        assert certificate.holder_name in text and certificate.number in text
        assert certificate.verification_code in text
        for other in certificates:
            if other != certificate:
                assert other.holder_name not in text and other.number not in text
        for shared in (
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Kỹ năng dân vận cơ sở",
            "Trần Văn Quý",
        ):
            assert shared in text
        fonts = _fonts(page)
        assert any("BeVietnamPro-Bold" in name for name in fonts), fonts
        assert all(embedded for name, embedded in fonts.items() if "BeVietnamPro" in name)
        decoded = [r.text for r in zxingcpp.read_barcodes(_image(pdf, index, 150))]
        assert decoded == [certificate_printing.verify_url(certificate)]


def test_a_batch_page_looks_like_the_single_pdf(certificates):
    batch = certificate_printing.batch_pdf(certificates)
    single = certificate_printing.certificate_pdf(certificates[0])
    a = numpy.asarray(_image(batch, 0, 72).convert("L"), dtype=float)
    b = numpy.asarray(_image(single, 0, 72).convert("L"), dtype=float)
    assert a.shape == b.shape
    difference = numpy.abs(a - b)
    assert difference.mean() / 255 < 0.02
    # Outside the QR code (an image there, rectangles here) the pixels are the same.
    page = certificate_printing.certificate_page(certificates[0], qr=False)
    x, y, width, height = certificate_printing.layout_for(
        certificate_printing._background_of(page)
    ).qr_box
    top = a.shape[0] - round(y + height)
    difference[top - 2 : top + round(height) + 2, round(x) - 2 : round(x + width) + 2] = 0
    assert (difference > 32).sum() <= 0.0005 * difference.size


def test_same_batch_same_bytes(certificates):
    first = certificate_printing.batch_pdf(certificates)
    certificate_printing._cached_layout.cache_clear()
    assert certificate_printing.batch_pdf(certificates) == first


def test_text_too_long_for_its_line_is_laid_out_by_xhtml2pdf(certificates):
    Certificate.objects.filter(pk=certificates[1].pk).update(holder_position=LONG_POSITION)
    certificates[1].refresh_from_db()
    pages = [certificate_printing.certificate_page(c, qr=False) for c in certificates]
    layout = certificate_printing.layout_for(certificate_printing._background_of(pages[0]))
    assert [certificate_printing._fits(p, layout) for p in pages] == [True, False, True]
    pdf = certificate_printing.batch_pdf(certificates)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    texts = [page.extract_text() for page in reader.pages]
    assert [c.holder_name in t for c, t in zip(certificates, texts, strict=True)] == [True] * 3
    assert "Mặt trận Tổ\nquốc Việt Nam" in texts[1]  # wrapped by xhtml2pdf, as single PDFs
    decoded = [r.text for r in zxingcpp.read_barcodes(_image(pdf, 1, 150))]
    assert decoded == [certificate_printing.verify_url(certificates[1])]
    single = certificate_printing.certificate_pdf(certificates[1])
    a = numpy.asarray(_image(pdf, 1, 72).convert("L"), dtype=float)
    b = numpy.asarray(_image(single, 0, 72).convert("L"), dtype=float)
    assert numpy.abs(a - b).mean() / 255 < 0.005  # the same page, drawn by xhtml2pdf


def test_what_differs_between_certificates_of_a_class_makes_its_own_group(certificates):
    revoked = certificates[2]
    revoked.revoked_at = timezone.now()
    revoked.revoke_reason = "Cấp nhầm."
    revoked.save(update_fields=["revoked_at", "revoke_reason"])
    pages = [certificate_printing.certificate_page(c, qr=False) for c in certificates]
    assert len({certificate_printing._background_of(p) for p in pages}) == 2
    reader = pypdf.PdfReader(io.BytesIO(certificate_printing.batch_pdf(certificates)))
    texts = [page.extract_text() for page in reader.pages]
    assert ["ĐÃ THU HỒI" in t for t in texts] == [False, False, True]
    assert all(c.holder_name in t for c, t in zip(certificates, texts, strict=True))
