"""Printing certificates: one certificate as a PDF, and combined batches of a class's certificates.

A certificate is printed from what was recorded when it was issued (holder, agency, position,
course, dates, the issuer's lines and format, place and date, signer), so printing it again
gives the same bytes whatever changed in the registry since. A batch renders each group's shared page
once with xhtml2pdf and draws the per-person text and QR codes over it with reportlab (see
"Batches" below); what cannot be drawn that way is laid out by xhtml2pdf in chunks, on every
core, and placed among the other pages in order.
"""

import hashlib
import io
import logging
import math
import multiprocessing
import os
import re
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, lru_cache

import fontpkg
import pypdf
import segno
from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf.generic import IndirectObject, NameObject, StreamObject
from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFObject, PDFObjectReference, xObjectName
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from curriculum.choices import CredentialKind
from training.models import Certificate
from training.pdf import _FACES, FONT_FAMILY, font_face_css, html_to_pdf, qr_data_uri

logger = logging.getLogger(__name__)

TEMPLATE = "training/pdf/certificate.html"
# Below this many pages a second process costs more (start-up, imports) than it saves.
PARALLEL_FROM = 60
MAX_CHUNK = 100  # pages per xhtml2pdf document: progress is reported after each chunk
# A QR module of 3 px is enough: the image is scaled to 28 mm in the PDF, and smaller PNGs
# are decoded and re-encoded much faster than the 10 px default.
QR_SCALE = 3
QR_BORDER = 4  # modules of quiet zone, as training.pdf.qr_data_uri draws it


def verify_url(certificate: Certificate) -> str:
    """The absolute public verification URL, from SITE_URL (never from a request's host)."""
    return settings.SITE_URL + reverse("training:verify", args=[certificate.verification_code])


@dataclass(frozen=True)
class CertificatePage:
    """Everything printed on one certificate, as the template reads it."""

    kind: str
    kind_label: str
    granted_text: str
    heading: tuple[str, ...]  # the format's heading lines, top right
    issuer_parent: str
    issuer: str
    issuer_separator: str  # IssuerSeparator: an asterisk (Party) or a rule (State)
    holder_name: str
    holder_birth_date: date
    holder_position: str
    holder_agency: str
    course_title: str
    hours: int
    start_date: date
    end_date: date
    expires_on: date | None
    number: str
    verification_code: str
    verify_url: str
    qr: str
    place_date: str
    signer_title: tuple[str, ...]  # printed lines: the mark and title signed for, the post
    signer_name: str
    revoked_on: date | None
    decision: str = ""  # a class held in person: the decision that confirmed its results
    graded: bool = False  # the class grades: a grade line (shared by the group's pages)
    grade: str = ""


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def certificate_page(certificate: Certificate, *, qr: bool = True) -> CertificatePage:
    """The page from what the certificate recorded at issue: nothing is read live, so a
    reprint after a transfer, a merger or an edit of the issuing body is the same paper.

    qr=False leaves the QR image out (batches draw the QR code themselves).
    """
    url = verify_url(certificate)
    is_programme = certificate.kind == CredentialKind.CERTIFICATE
    return CertificatePage(
        kind=certificate.kind,
        kind_label="Chứng chỉ" if is_programme else "Giấy chứng nhận",
        granted_text="Cấp cho đồng chí" if is_programme else "Chứng nhận đồng chí",
        heading=_lines(certificate.heading),
        issuer_parent=certificate.issuer_parent,
        issuer=certificate.issuer_name,
        issuer_separator=certificate.issuer_separator,
        holder_name=certificate.holder_name,
        holder_birth_date=certificate.holder_birth_date,
        holder_position=certificate.holder_position or "—",
        holder_agency=certificate.holder_agency,
        course_title=certificate.course_title,
        hours=certificate.hours,
        start_date=certificate.course_start,
        end_date=certificate.course_end,
        expires_on=certificate.expires_on,
        number=certificate.number,
        verification_code=certificate.verification_code,
        verify_url=url,
        qr=qr_data_uri(url, scale=QR_SCALE) if qr else "",
        place_date=certificate.place_date,
        signer_title=_lines(certificate.signer_title),
        signer_name=certificate.signer_name,
        revoked_on=(
            timezone.localtime(certificate.revoked_at).date() if certificate.revoked_at else None
        ),
        decision=(
            f"Quyết định số {certificate.decision_number} ngày {certificate.decision_date:%d/%m/%Y}"
            if certificate.decision_number
            else ""
        ),
        graded=bool(certificate.grade),
        grade=certificate.grade,
    )


def certificates_html(pages: Sequence[CertificatePage]) -> str:
    return render_to_string(TEMPLATE, {"certificates": pages, "pdf_font_css": font_face_css()})


def certificate_pdf(certificate: Certificate) -> bytes:
    """One certificate, A4 landscape; the same certificate always gives the same bytes."""
    return html_to_pdf(certificates_html([certificate_page(certificate)]))


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def render_pages(
    pages: Sequence[CertificatePage],
    *,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> bytes:
    """Pages laid out by xhtml2pdf in chunks (on up to `workers` processes), joined in order."""
    workers = workers or min(2, os.cpu_count() or 1)
    if len(pages) < PARALLEL_FROM:
        workers = 1
    size = min(MAX_CHUNK, math.ceil(len(pages) / workers))
    chunks = _chunks(list(pages), size)
    # HTML is made here (templates need Django); the workers only turn HTML into PDF.
    htmls = [certificates_html(chunk) for chunk in chunks]
    parts: list[bytes | None] = [None] * len(chunks)
    done = 0
    if workers == 1:
        for index, html in enumerate(htmls):
            parts[index] = html_to_pdf(html)
            done += len(chunks[index])
            if progress:
                progress(done)
    else:
        # "spawn": a forked child would share the parent's open database connection.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {pool.submit(html_to_pdf, html): index for index, html in enumerate(htmls)}
            for future in as_completed(futures):
                index = futures[future]
                parts[index] = future.result()
                done += len(chunks[index])
                if progress:
                    progress(done)
    return merge_pdfs(parts)


def batch_pdf(
    certificates: Sequence[Certificate],
    *,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> bytes:
    """All certificates in one PDF, one per page, in order; `progress(done)` as pages are done.

    Each group of certificates that print the same apart from the person (same issuer, course,
    dates, signer) shares one page design rendered by xhtml2pdf; the person's text and QR code
    are drawn over it by reportlab. Certificates that cannot be drawn that way (text too long
    for its line, a group whose layout cannot be measured) are laid out by xhtml2pdf.
    """
    pages = [certificate_page(c, qr=False) for c in certificates]
    if not pages:
        raise ValueError("no certificates")
    return pages_pdf(pages, progress=progress, workers=workers)


def pages_pdf(
    pages: Sequence[CertificatePage],
    *,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> bytes:
    """batch_pdf for pages already made (their `qr` is not used: the QR is drawn from the URL)."""
    layouts: dict[CertificatePage, Layout | None] = {}
    plan: list[Layout | None] = []
    for page in pages:
        background = _background_of(page)
        if background not in layouts:
            layouts[background] = layout_for(background)
        layout = layouts[background]
        plan.append(layout if layout is not None and _fits(page, layout) else None)
    fallback = [index for index, layout in enumerate(plan) if layout is None]
    fallback_pdf = b""
    if fallback:
        fallback_pdf = render_pages(
            [
                replace(pages[i], qr=qr_data_uri(pages[i].verify_url, scale=QR_SCALE))
                for i in fallback
            ],
            progress=progress,
            workers=workers,
        )
    position = {index: n for n, index in enumerate(fallback)}
    rl_config.invariant = 1  # fixed dates and file ID: the same batch gives the same bytes
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4), invariant=1, pageCompression=1)
    importer = _Importer(canvas)
    drawn = len(fallback)
    for index, (page, layout) in enumerate(zip(pages, plan, strict=True)):
        if layout is None:
            name, size = importer.form(fallback_pdf, position[index])
            canvas.setPageSize(size)
            canvas.doForm(name)
        else:
            name, size = importer.form(layout.background, 0)
            canvas.setPageSize(size)
            canvas.doForm(name)
            _draw_person(canvas, page, layout)
            drawn += 1
            if progress and drawn % PROGRESS_EVERY == 0:
                progress(drawn)
        canvas.showPage()
    a85, rl_config.useA85 = rl_config.useA85, 0  # plain Flate: ASCII85 is slow and bigger
    try:
        canvas.save()
    finally:
        rl_config.useA85 = a85
    if progress:
        progress(len(pages))
    return buffer.getvalue()


def merge_pdfs(parts: Sequence[bytes]) -> bytes:
    if len(parts) == 1:
        return parts[0]
    writer = pypdf.PdfWriter()
    for part in parts:
        writer.append(pypdf.PdfReader(io.BytesIO(part)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- Batches: the fixed design drawn once, the per-person text laid over it ----------------
#
# xhtml2pdf lays out every page from scratch (20-30 ms a page). In a batch most of the page is
# the same for everyone in a group (issuer, course, hours, dates, signer), so each group's page
# is rendered ONCE by xhtml2pdf from the same template with the per-person fields empty, and
# kept as a Form XObject that every page of the group draws; reportlab then writes the
# per-person text and the QR code over it. Where each field goes (position, font, size,
# colour, alignment, room before it would wrap) is measured from calibration pages rendered
# with marker text in the per-person slots, so the template stays the one source of the design.
# A certificate whose text would not fit on its line (the layout would change), or a group the
# measurement cannot explain, is printed by xhtml2pdf as before.

PERSONAL = (
    "holder_name",
    "holder_birth_date",
    "holder_position",
    "holder_agency",
    "number",
    "verification_code",
    "grade",
)
PERSONAL_URL = "verify_url"
BIRTH_FORMAT = "%d/%m/%Y"  # as the template prints holder_birth_date (checked by calibration)
_BIRTH_MARKERS = (date(1901, 1, 1), date(1908, 8, 8))  # two widths: tells the alignment apart
_FILLER_WORDS = 160
# A long "word" as URLs and codes have them: if xhtml2pdf never breaks it, neither do we.
_FILLER_LONG_WORD = "https://a-b_c.d/e" * 30
PROGRESS_EVERY = 100
_FORM_PREFIX = "CertBg"


class LayoutError(Exception):
    """The calibration pages do not explain the page: print this group with xhtml2pdf."""


@dataclass(frozen=True)
class Slot:
    """Where one per-person field is drawn, as measured on the calibration pages."""

    field: str
    font: str  # reportlab font name (registered by _fonts())
    size: float
    colour: tuple[float, float, float]
    x: float  # the anchor: start, centre or end of the text, by `align`
    y: float  # baseline
    align: float  # 0 left, 0.5 centred, 1 right
    max_width: float  # the widest text with spaces that stays on one line
    long_words_kept: bool  # text without spaces stays on its line however wide (a URL, a code)


@dataclass(frozen=True)
class Layout:
    background: bytes  # a PDF whose first page is the group's page without per-person fields
    slots: tuple[Slot, ...]
    qr_box: tuple[float, float, float, float]  # x, y, width, height of the QR image


@dataclass(frozen=True)
class _Run:
    text: str
    x: float
    y: float
    font: str
    size: float
    colour: tuple[float, float, float]


@cache
def _fonts() -> dict[str, str]:
    """Be Vietnam Pro faces registered with reportlab: PostScript name → reportlab name."""
    names = {}
    for weight, style, _css_weight, _css_style in _FACES:
        path = fontpkg.path(FONT_FAMILY, weight=weight, style=style)
        font = TTFont(f"Cert-{path.stem}", str(path))
        pdfmetrics.registerFont(font)
        names[font.face.name.decode()] = font.fontName
    return names


def _text_fields() -> tuple[str, ...]:
    return (*PERSONAL, PERSONAL_URL)


def _marker(index: int, *, long: bool = False) -> str:
    return f"QZ{index}ZQ" + ("WW" if long else "")


def _background_of(page: CertificatePage) -> CertificatePage:
    """The page as everyone in its group shares it: per-person fields empty."""
    return replace(
        page,
        holder_name="\u00a0",  # an empty block would collapse and move everything below it
        holder_birth_date=None,
        holder_position="",
        holder_agency="",
        number="",
        verification_code="",
        verify_url="",
        qr="",
        grade="",
    )


def _marked(background: CertificatePage, variant: str) -> CertificatePage:
    fields = _text_fields()
    if variant == "filler":
        texts = {f: _marker(i) + " i" * _FILLER_WORDS for i, f in enumerate(fields)}
    elif variant == "long_word":
        texts = {f: _marker(i) + _FILLER_LONG_WORD for i, f in enumerate(fields)}
    else:
        texts = {f: _marker(i, long=variant == "long") for i, f in enumerate(fields)}
    birth = _BIRTH_MARKERS[1 if variant == "long" else 0]
    qr = qr_data_uri("https://example.invalid/calibration", scale=QR_SCALE)
    return replace(background, **{**texts, "holder_birth_date": birth, "qr": qr})


def _page_runs(page: pypdf.PageObject) -> tuple[list[_Run], list[tuple[float, ...]]]:
    """The text runs of a page (position, font, size, fill colour) and the images drawn."""
    fonts = _fonts()
    runs: list[_Run] = []
    images: list[tuple[float, ...]] = []
    state = {"colour": (0.0, 0.0, 0.0), "pending": None}
    stack: list[tuple[float, float, float]] = []
    advance: dict[tuple, float] = {}

    def before(operator, operands, cm, tm):
        if operator == b"q":
            stack.append(state["colour"])
        elif operator == b"Q" and stack:
            state["colour"] = stack.pop()
        elif operator == b"rg":
            state["colour"] = tuple(float(v) for v in operands)
        elif operator == b"g":
            state["colour"] = (float(operands[0]),) * 3
        elif operator in (b"Tj", b"TJ", b"'", b'"') and state["pending"] is None:
            state["pending"] = state["colour"]
        elif operator == b"Do":
            images.append(tuple(float(v) for v in cm))

    def visit(text, cm, tm, font_dict, size):
        colour = state["pending"] or state["colour"]
        state["pending"] = None
        text = text.rstrip("\n")
        if not text.strip():  # pypdf's own separators between runs, not drawn text
            return
        if font_dict is None or tuple(cm[:4]) != (1, 0, 0, 1) or tuple(tm[:4]) != (1, 0, 0, 1):
            raise LayoutError(f"unexpected text placement for {text!r}")
        postscript = str(font_dict.get("/BaseFont", "")).split("+")[-1].lstrip("/")
        if postscript in fonts:
            font = fonts[postscript]
        elif postscript in pdfmetrics.standardFonts:  # xhtml2pdf's default, for some spaces
            font = postscript
        else:
            raise LayoutError(f"font {postscript!r} is unknown ({text!r})")
        key = (tuple(cm), tuple(tm))
        x = tm[4] + cm[4] + advance.get(key, 0.0)
        advance[key] = advance.get(key, 0.0) + pdfmetrics.stringWidth(text, font, size)
        runs.append(_Run(text, x, tm[5] + cm[5], font, float(size), colour))

    page.extract_text(visitor_operand_before=before, visitor_text=visit)
    return runs, images


def _find(runs: list[_Run], needle: str) -> tuple[_Run, float, int]:
    """The run holding needle, the x where needle starts, and its offset in the run."""
    found = [(run, run.text.find(needle)) for run in runs if needle in run.text]
    if len(found) != 1:
        raise LayoutError(f"marker {needle!r} found {len(found)} times")
    run, offset = found[0]
    if run.font not in _fonts().values():
        raise LayoutError(f"marker {needle!r} is not drawn in {FONT_FAMILY}")
    return run, run.x + pdfmetrics.stringWidth(run.text[:offset], run.font, run.size), offset


def _align(short_x: float, short_w: float, long_x: float, long_w: float) -> float:
    if abs(long_w - short_w) < 0.5:  # as wide as each other: where it starts is all that counts
        return 0.0
    align = (short_x - long_x) / (long_w - short_w)
    for candidate in (0.0, 0.5, 1.0):
        if abs(align - candidate) < 0.05:
            return candidate
    raise LayoutError(f"alignment {align:.2f} is neither left, centred nor right")


def _without_markers(runs: list[_Run]) -> list[tuple[str, float, float]]:
    markers = [_marker(i) for i in range(len(_text_fields()))]
    markers += [_BIRTH_MARKERS[0].strftime(BIRTH_FORMAT)]
    out = []
    for run in runs:
        text = run.text
        for marker in markers:
            text = text.replace(marker, "")
        if text.strip():
            out.append((text.strip(), round(run.x, 1), round(run.y, 1)))
    return out


def _measure(background: CertificatePage) -> Layout:
    """Render the group's page and its calibration pages in one document; measure the slots."""
    variants = ("short", "long", "long_word", "filler")  # the filler may spill over pages
    pages = [background] + [_marked(background, v) for v in variants]
    pdf = html_to_pdf(certificates_html(pages))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    measured = [_page_runs(page) for page in reader.pages]
    (plain, plain_images), (short, short_images), (long, _l), (long_word, _w) = measured[:4]
    filler = [run for runs, _images in measured[4:] for run in runs]
    if _without_markers(plain) != _without_markers(short):
        raise LayoutError("the empty slots moved the rest of the page")
    extra = [image for image in short_images if image not in plain_images]
    if len(extra) != 1:
        raise LayoutError(f"{len(extra)} QR images on the calibration page")
    a, _b, _c, d, e, f = extra[0]
    slots = []
    for index, field in enumerate(_text_fields()):
        if field == "grade" and not background.graded:
            continue  # a class that does not grade prints no grade line
        if field == "holder_birth_date":
            short_text, long_text = (m.strftime(BIRTH_FORMAT) for m in _BIRTH_MARKERS)
        else:
            short_text, long_text = _marker(index), _marker(index, long=True)
        run, x, _offset = _find(short, short_text)
        long_run, long_x, _offset = _find(long, long_text)
        width = pdfmetrics.stringWidth(short_text, run.font, run.size)
        long_width = pdfmetrics.stringWidth(long_text, long_run.font, long_run.size)
        align = _align(x, width, long_x, long_width)
        if field == "holder_birth_date":
            max_width, long_words_kept = math.inf, True  # a fixed format
        else:
            word_run, _x, offset = _find(long_word, _marker(index))
            long_words_kept = word_run.text[offset:] == _marker(index) + _FILLER_LONG_WORD
            filler_run, filler_x, offset = _find(filler, _marker(index))
            line = filler_run.text[offset:]
            if not line.startswith(_marker(index) + " i"):
                raise LayoutError(f"{field} does not wrap as plain words")
            max_width = pdfmetrics.stringWidth(line, filler_run.font, filler_run.size)
        slots.append(
            Slot(
                field,
                run.font,
                run.size,
                run.colour,
                x + align * width,
                run.y,
                align,
                max_width,
                long_words_kept,
            )
        )
    return Layout(pdf, tuple(slots), (e, f, a, d))


@lru_cache(maxsize=64)
def _cached_layout(background: CertificatePage, template_key: str) -> Layout | None:
    try:
        return _measure(background)
    except LayoutError as error:
        logger.warning("Certificate batch: %s; printing this group with xhtml2pdf", error)
        return None


def layout_for(background: CertificatePage) -> Layout | None:
    """The measured layout of a group's page (cached per page and template source)."""
    source = get_template(TEMPLATE).template.source
    return _cached_layout(background, hashlib.sha256(source.encode()).hexdigest())


def _slot_text(page: CertificatePage, field: str) -> str:
    value = getattr(page, field)
    if field == "holder_birth_date":
        return value.strftime(BIRTH_FORMAT) if value else ""
    return unicodedata.normalize("NFC", str(value))


def _fits(page: CertificatePage, layout: Layout) -> bool:
    """Whether every field stays on its one line, as the measured layout assumes."""
    for slot in layout.slots:
        text = _slot_text(page, slot.field)
        if slot.long_words_kept and slot.align == 0 and not any(c.isspace() for c in text):
            continue
        if pdfmetrics.stringWidth(text, slot.font, slot.size) > slot.max_width:
            return False
    return True


class _Imported(PDFObject):
    """A pypdf object written into a reportlab document as it is (references renumbered)."""

    def __init__(self, importer: "_Importer", obj):
        self.importer = importer
        self.obj = obj

    def format(self, document):
        return self.importer.serialise(self.obj, document)


class _Importer:
    """Copies pages of other PDFs into a reportlab canvas as Form XObjects, objects shared."""

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.references: dict[tuple, PDFObjectReference] = {}
        self.readers: dict[int, pypdf.PdfReader] = {}  # by id(): the caller keeps pdf alive
        self.forms: dict[tuple[int, int], tuple[str, tuple[float, float]]] = {}

    def form(self, pdf: bytes, index: int) -> tuple[str, tuple[float, float]]:
        """Page `index` of pdf imported once: its name for canvas.doForm, and its size."""
        key = (id(pdf), index)
        if key in self.forms:
            return self.forms[key]
        reader = self.readers.get(id(pdf))
        if reader is None:
            reader = self.readers[id(pdf)] = pypdf.PdfReader(io.BytesIO(pdf))
        page = reader.pages[index]
        content = page.get_contents()
        form = StreamObject()
        form._data = zlib.compress(content.get_data() if content is not None else b"")
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): page.mediabox,
                NameObject("/Filter"): NameObject("/FlateDecode"),
                NameObject("/Resources"): page["/Resources"],
            }
        )
        self._register(form["/Resources"])
        name = f"{_FORM_PREFIX}{len(self.forms)}"
        self.canvas._doc.Reference(_Imported(self, form), xObjectName(name))
        size = (float(page.mediabox.width), float(page.mediabox.height))
        self.forms[key] = (name, size)
        return name, size

    def _register(self, obj) -> None:
        """Give every object reachable from obj a number in the reportlab document."""
        pending = [obj]
        while pending:
            item = pending.pop()
            if isinstance(item, IndirectObject):
                key = (id(item.pdf), item.idnum, item.generation)
                if key in self.references:
                    continue
                target = item.get_object()
                self.references[key] = self.canvas._doc.Reference(_Imported(self, target))
                item = target
            if isinstance(item, dict):
                pending.extend(item.values())
            elif isinstance(item, list):
                pending.extend(item)

    def serialise(self, obj, document) -> bytes:
        if isinstance(obj, IndirectObject):
            return self.references[(id(obj.pdf), obj.idnum, obj.generation)].format(document)
        if isinstance(obj, StreamObject):
            entries = {k: v for k, v in obj.items() if k != "/Length"}
            data = obj._data
            head = self._dictionary(entries, document)[:-2] + b"/Length %d >>" % len(data)
            return head + b"\nstream\n" + data + b"\nendstream"
        if isinstance(obj, dict):
            return self._dictionary(obj, document)
        if isinstance(obj, list):
            return b"[" + b" ".join(self.serialise(v, document) for v in obj) + b"]"
        buffer = io.BytesIO()
        obj.write_to_stream(buffer)
        return buffer.getvalue()

    def _dictionary(self, entries, document) -> bytes:
        body = b" ".join(
            self.serialise(NameObject(k), document) + b" " + self.serialise(v, document)
            for k, v in entries.items()
        )
        return b"<< " + body + b" >>"


_DARK_RUN = re.compile(rb"\x01+")


def qr_matrix(url: str) -> tuple[bytearray, ...]:
    """The QR code of url as rows of 0/1 modules: the code training.pdf.qr_data_uri draws."""
    return segno.make(url, error="m").matrix


def _draw_qr(canvas: Canvas, matrix, box: tuple[float, float, float, float]) -> None:
    """The QR code as filled rectangles (one per run of dark modules) in the template's box."""
    x0, y0, width, height = box
    count = len(matrix) + 2 * QR_BORDER
    module_w, module_h = width / count, height / count
    top = len(matrix) - 1
    ops = [
        f"{run.start()} {top - row_index} {run.end() - run.start()} 1 re"
        for row_index, row in enumerate(matrix)
        for run in _DARK_RUN.finditer(bytes(row))
    ]
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    # In module units from the symbol's lower left corner: whole numbers, exact and short.
    canvas.transform(module_w, 0, 0, module_h, x0 + QR_BORDER * module_w, y0 + QR_BORDER * module_h)
    canvas.addLiteral("\n".join(ops) + "\nf")
    canvas.restoreState()


def _draw_person(canvas: Canvas, page: CertificatePage, layout: Layout) -> None:
    for slot in layout.slots:
        text = _slot_text(page, slot.field)
        if not text:
            continue
        canvas.setFillColorRGB(*slot.colour)
        canvas.setFont(slot.font, slot.size)
        width = pdfmetrics.stringWidth(text, slot.font, slot.size)
        canvas.drawString(slot.x - slot.align * width, slot.y, text)
    _draw_qr(canvas, qr_matrix(page.verify_url), layout.qr_box)
