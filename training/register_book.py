"""The register book (sổ cấp) of an issuing body for a year, as a spreadsheet and as a PDF."""

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cadres.spreadsheets import to_xlsx
from training.models import Certificate, IssuingBody
from training.pdf import font_face_css, html_to_pdf

if TYPE_CHECKING:
    import pandas as pd


def _register_rows(certificates: Sequence[Certificate], today: date) -> list[dict]:
    return [
        {
            "number": c.number,
            "holder": c.holder_name,
            "birth": c.holder_birth_date,
            "course": c.course_title,
            "class": c.enrolment.offering.code,
            "decision": (
                f"{c.decision_number}, {c.decision_date:%d/%m/%Y}" if c.decision_number else ""
            ),
            "grade": c.grade,
            "issued": c.issued_on,
            "expires": c.expires_on,
            "state": str(c.state_on(today).label)
            + (f" ({c.revoke_reason})" if c.revoked_at else ""),
        }
        for c in certificates
    ]


def register_book_frame(certificates: Sequence[Certificate], *, today=None) -> "pd.DataFrame":
    """The register book as a table with translated column headings."""
    import pandas as pd  # here: the certificate pages import this module, pandas is heavy

    today = today or timezone.localdate()
    columns = {
        "number": _("Register number"),
        "holder": _("Holder"),
        "birth": _("Date of birth"),
        "course": _("Course"),
        "class": _("Class"),
        "decision": _("Decision"),
        "grade": _("Grade"),
        "issued": _("Issued on"),
        "expires": _("Expires on"),
        "state": _("State"),
    }
    frame = pd.DataFrame(_register_rows(certificates, today), columns=list(columns))
    for column in ("birth", "issued", "expires"):
        frame[column] = [d.strftime("%d/%m/%Y") if d else "" for d in frame[column]]
    return frame.rename(columns=columns)


def register_book_xlsx(body: IssuingBody, year: int, certificates: Sequence[Certificate]) -> bytes:
    """Headers, dates as dates, text escaped: names and course titles never run as formulas."""
    frame = register_book_frame(certificates)
    return to_xlsx(
        list(frame.columns),
        frame.itertuples(index=False, name=None),
        title=str(year),
        heading=f"{_('Register book')}: {body.name} – {year}",
        widths=(22, 28, 13, 40, 16, 24, 12, 13, 13, 30),
    )


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
