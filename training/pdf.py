"""PDF rendering with xhtml2pdf that draws Vietnamese: an embedded font, NFC text, fixed bytes.

Without an embedded TrueType font xhtml2pdf draws Vietnamese letters as blanks and reports no
error, and since 0.2.28 it silently refuses font files outside its working folder unless a
resource policy names them. Both traps are handled here, once, for every PDF of the project.

xhtml2pdf, reportlab and segno are imported when a PDF or a QR code is made: the services
import this module, so every process would otherwise carry some 60 MB it rarely uses.
"""

import io
import unicodedata
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import fontpkg
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from xhtml2pdf.config.resources import ResourceAccessPolicy

FONT_FAMILY = "Be Vietnam Pro"
_FACES = [  # (weight, style, CSS weight, CSS style)
    (400, "normal", "normal", "normal"),
    (700, "normal", "bold", "normal"),
    (400, "italic", "normal", "italic"),
    (700, "italic", "bold", "italic"),
]


class PdfRenderError(Exception):
    pass


@cache
def font_dir() -> Path:
    return fontpkg.path(FONT_FAMILY, weight=400).parent


@cache
def font_face_css() -> str:
    """@font-face rules for regular, bold, italic and bold italic (without italic, <i> is bold)."""
    rules = []
    for weight, style, css_weight, css_style in _FACES:
        path = fontpkg.path(FONT_FAMILY, weight=weight, style=style)
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{path.as_uri()}"); '
            f"font-weight: {css_weight}; font-style: {css_style}; }}"
        )
    return "\n".join(rules)


def _policy() -> "ResourceAccessPolicy":
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    # Local reads only from the font folder; nothing from the network.
    return ResourceAccessPolicy.server(
        base_dir=font_dir(), extra_roots=(font_dir(),), allow_remote=False, max_render_seconds=600
    )


def html_to_pdf(html: str) -> bytes:
    """Render HTML to PDF bytes; the same HTML always gives the same bytes."""
    from reportlab import rl_config
    from xhtml2pdf import pisa

    rl_config.invariant = 1  # fixed creation date and file ID, so output is reproducible
    buffer = io.BytesIO()
    result = pisa.CreatePDF(
        unicodedata.normalize("NFC", html),
        dest=buffer,
        encoding="utf-8",
        resource_policy=_policy(),
    )
    if result.err:
        raise PdfRenderError(f"xhtml2pdf reported {result.err} error(s)")
    return buffer.getvalue()


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template (which should include `training/pdf/fonts.html`) to PDF."""
    html = render_to_string(template_name, {**context, "pdf_font_css": font_face_css()})
    return html_to_pdf(html)


def qr_data_uri(url: str, *, scale: int = 10) -> str:
    """A PNG QR code of url as a data: URI, for an <img> sized in mm by CSS."""
    import segno

    return segno.make(url, error="m").png_data_uri(scale=scale, border=4)
