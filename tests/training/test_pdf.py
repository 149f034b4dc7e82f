import io

import pypdf
import pypdfium2
import zxingcpp

from training.pdf import html_to_pdf, qr_data_uri, render_pdf

NAME = "Nguyễn Thị Ánh Hường, Đặng Văn Đức, Trương Ỷ Lan"


def _pdf(body: str) -> bytes:
    from training.pdf import font_face_css

    return html_to_pdf(
        f"<html><head><style>{font_face_css()} body {{ font-family: 'Be Vietnam Pro'; }}"
        f"</style></head><body>{body}</body></html>"
    )


def _fonts(pdf_bytes: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
    return names


def test_pdf_embeds_the_vietnamese_font_and_text_is_extractable():
    pdf = _pdf(f"<p>{NAME}</p><p><b>Đậm</b> <i>nghiêng</i></p>")
    fonts = _fonts(pdf)
    assert any("BeVietnamPro-Regular" in name for name in fonts), fonts
    assert any("BeVietnamPro-Bold" in name for name in fonts), fonts
    assert any("BeVietnamPro-Italic" in name for name in fonts), fonts
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert NAME in text


def test_decomposed_input_comes_out_composed():
    import unicodedata

    decomposed = unicodedata.normalize("NFD", NAME)
    text = pypdf.PdfReader(io.BytesIO(_pdf(f"<p>{decomposed}</p>"))).pages[0].extract_text()
    assert NAME in text


def test_same_input_gives_the_same_bytes():
    assert _pdf("<p>Giấy chứng nhận</p>") == _pdf("<p>Giấy chứng nhận</p>")


def test_qr_code_decodes_to_the_url():
    url = "https://daotao.example.vn/verify/Abc123-_xyz987654321/"
    pdf = _pdf(f'<img src="{qr_data_uri(url)}" style="width:30mm;height:30mm">')
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=150 / 72).to_pil()
    decoded = [result.text for result in zxingcpp.read_barcodes(image)]
    assert decoded == [url]


def test_render_pdf_uses_a_django_template():
    pdf = render_pdf("training/pdf/test_sample.html", {"name": NAME})
    assert NAME in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
