"""Files made from certificates: the printed certificate, combined batches, the register book.

A certificate is printed from what was recorded when it was issued (holder, course, hours,
signer), so printing it again gives the same bytes. Batches render in chunks: each chunk is one
xhtml2pdf document (the font and the CSS are handled once per chunk, not per page), chunks run
on every core, and pypdf joins them.
"""

import io
import math
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pypdf
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from curriculum.models import CredentialKind
from training.models import Certificate, IssuingBody
from training.pdf import font_face_css, html_to_pdf, qr_data_uri

TEMPLATE = "training/pdf/certificate.html"
# Below this many pages a second process costs more (start-up, imports) than it saves.
PARALLEL_FROM = 60
MAX_CHUNK = 100  # pages per xhtml2pdf document: progress is reported after each chunk
# A QR module of 3 px is enough: the image is scaled to 28 mm in the PDF, and smaller PNGs
# are decoded and re-encoded much faster than the 10 px default.
QR_SCALE = 3


def verify_url(certificate: Certificate) -> str:
    """The absolute public verification URL, from SITE_URL (never from a request's host)."""
    return settings.SITE_URL + reverse("training:verify", args=[certificate.verification_code])


@dataclass(frozen=True)
class CertificatePage:
    """Everything printed on one certificate, as the template reads it."""

    kind: str
    kind_label: str
    granted_text: str
    issuer_parent: str
    issuer: str
    holder_name: str
    holder_birth_date: date
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
    place: str
    issued_on: date
    signer_title: str
    signer_name: str
    revoked_on: date | None


def certificate_page(certificate: Certificate) -> CertificatePage:
    """Needs body, enrolment__cadre__agency and enrolment__offering loaded (select_related)."""
    body = certificate.body
    offering = certificate.enrolment.offering
    url = verify_url(certificate)
    is_programme = certificate.kind == CredentialKind.CERTIFICATE
    return CertificatePage(
        kind=certificate.kind,
        kind_label="Chứng chỉ" if is_programme else "Giấy chứng nhận",
        granted_text="Cấp cho đồng chí" if is_programme else "Chứng nhận đồng chí",
        issuer_parent=body.parent_name,
        issuer=body.heading_name,
        holder_name=certificate.holder_name,
        holder_birth_date=certificate.holder_birth_date,
        holder_agency=certificate.enrolment.cadre.agency.name,
        course_title=certificate.course_title,
        hours=certificate.hours,
        start_date=offering.start_date,
        end_date=offering.end_date,
        expires_on=certificate.expires_on,
        number=certificate.number,
        verification_code=certificate.verification_code,
        verify_url=url,
        qr=qr_data_uri(url, scale=QR_SCALE),
        place=body.place_name,
        issued_on=certificate.issued_on,
        signer_title=certificate.signer_title,
        signer_name=certificate.signer_name,
        revoked_on=(
            timezone.localtime(certificate.revoked_at).date() if certificate.revoked_at else None
        ),
    )


def certificates_html(pages: Sequence[CertificatePage]) -> str:
    return render_to_string(TEMPLATE, {"certificates": pages, "pdf_font_css": font_face_css()})


def certificate_pdf(certificate: Certificate) -> bytes:
    """One certificate, A4 landscape; the same certificate always gives the same bytes."""
    return html_to_pdf(certificates_html([certificate_page(certificate)]))


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def batch_pdf(
    certificates: Sequence[Certificate],
    *,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> bytes:
    """All certificates in one PDF, one per page; `progress(done)` is called after each chunk."""
    pages = [certificate_page(c) for c in certificates]
    if not pages:
        raise ValueError("no certificates")
    workers = workers or min(2, os.cpu_count() or 1)
    if len(pages) < PARALLEL_FROM:
        workers = 1
    size = min(MAX_CHUNK, math.ceil(len(pages) / workers))
    chunks = _chunks(pages, size)
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


def merge_pdfs(parts: Sequence[bytes]) -> bytes:
    if len(parts) == 1:
        return parts[0]
    writer = pypdf.PdfWriter()
    for part in parts:
        writer.append(pypdf.PdfReader(io.BytesIO(part)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- Register book (sổ cấp) ---------------------------------------------------------------


def _register_rows(certificates: Sequence[Certificate], today: date) -> list[dict]:
    return [
        {
            "number": c.number,
            "holder": c.holder_name,
            "birth": c.holder_birth_date,
            "course": c.course_title,
            "class": c.enrolment.offering.code,
            "issued": c.issued_on,
            "expires": c.expires_on,
            "state": str(c.state_on(today).label)
            + (f" ({c.revoke_reason})" if c.revoked_at else ""),
        }
        for c in certificates
    ]


def register_book_frame(certificates: Sequence[Certificate], *, today=None) -> pd.DataFrame:
    """The register book as a table with translated column headings."""
    today = today or timezone.localdate()
    columns = {
        "number": _("Register number"),
        "holder": _("Holder"),
        "birth": _("Date of birth"),
        "course": _("Course"),
        "class": _("Class"),
        "issued": _("Issued on"),
        "expires": _("Expires on"),
        "state": _("State"),
    }
    frame = pd.DataFrame(_register_rows(certificates, today), columns=list(columns))
    for column in ("birth", "issued", "expires"):
        frame[column] = [d.strftime("%d/%m/%Y") if d else "" for d in frame[column]]
    return frame.rename(columns=columns)


def register_book_xlsx(body: IssuingBody, year: int, certificates: Sequence[Certificate]) -> bytes:
    frame = register_book_frame(certificates)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        sheet = f"{year}"
        frame.to_excel(writer, sheet_name=sheet, index=False, startrow=2)
        worksheet = writer.sheets[sheet]
        worksheet["A1"] = f"{_('Register book')}: {body.name} – {year}"
        for letter, width in zip("ABCDEFGH", (22, 28, 13, 40, 16, 13, 13, 30), strict=True):
            worksheet.column_dimensions[letter].width = width
    return buffer.getvalue()


def register_book_pdf(body: IssuingBody, year: int, certificates: Sequence[Certificate]) -> bytes:
    today = timezone.localdate()
    with translation.override("vi"):  # a legal-style form: the states in Vietnamese too
        rows = _register_rows(certificates, today)
    html = render_to_string(
        "training/pdf/register_book.html",
        {
            "body": body,
            "year": year,
            "rows": rows,
            "today": today,
            "pdf_font_css": font_face_css(),
        },
    )
    return html_to_pdf(html)
