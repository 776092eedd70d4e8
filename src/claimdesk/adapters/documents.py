"""Payment vouchers and decision letters as PDF (reportlab), amounts also in 人民币大写."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

# An embedded TrueType CJK font when the system has one (Debian fonts-wqy-zenhei); otherwise
# reportlab's built-in CID font, which needs no file but relies on the reader's Asian fonts.
SYSTEM_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def cjk_font() -> str:
    """The registered name of a font that draws Chinese (registered on first use)."""
    return _font()


def _font() -> str:
    if "CJK" in pdfmetrics.getRegisteredFontNames():
        return "CJK"
    if SYSTEM_FONT.exists():
        pdfmetrics.registerFont(TTFont("CJK", str(SYSTEM_FONT), subfontIndex=0))
        return "CJK"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def render_lines(title: str, lines: Sequence[tuple[str, str]]) -> bytes:
    """A one-page document: a title and label/value rows (long content wraps to new pages)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    font = _font()
    pdf.setTitle(title)
    pdf.setFont(font, 18)
    pdf.drawString(72, 770, title)
    y = 730
    for label, value in lines:
        if y < 72:
            pdf.showPage()
            y = 770
        pdf.setFont(font, 11)
        pdf.drawString(72, y, label)
        pdf.drawString(200, y, value)
        y -= 22
    pdf.save()
    return buffer.getvalue()
