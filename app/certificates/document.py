"""The certificate as a PDF: one bilingual A4 landscape page, drawn from the frozen snapshot.

Pure: no Flask. Everything printed comes from the snapshot a certificate stores at issue (texts
already written in each language) and from images looked up by their SHA-256, so rendering the
same snapshot again gives the same bytes (ReportLab's invariant mode) and the stored hash can be
checked. The QR code is drawn as vector squares, so it is as sharp as the text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import segno
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from app.core import pdf

PAGE = landscape(A4)
DEFAULT_COLOUR = "#1F3A5F"
DEFAULT_ACCENT = "#B8860B"


@dataclass(frozen=True)
class Signatory:
    """A signature block: name, title in both languages and the signature image, if any."""

    name: str
    title_en: str = ""
    title_zh: str = ""
    signature: bytes | None = None


@dataclass(frozen=True)
class CertificatePage:
    """Everything one certificate prints; every text is final, in its language."""

    heading_zh: str
    heading_en: str
    preamble_zh: str
    preamble_en: str
    holder_name: str  # the main form of the name (Chinese characters when given)
    holder_name_other: str  # the other form (Latin letters), or ""
    statement_zh: str
    statement_en: str
    event_title_zh: str
    event_title_en: str
    dates_zh: str
    dates_en: str
    details_zh: str = ""  # venue and hours (workshops)
    details_en: str = ""
    issuers_zh: tuple[str, ...] = ()
    issuers_en: tuple[str, ...] = ()
    issued_zh: str = ""  # "发证日期：2026年11月28日"
    issued_en: str = ""
    code: str = ""  # as printed, in groups
    verify_url: str = ""
    verify_label_zh: str = ""
    verify_label_en: str = ""
    logos: tuple[bytes, ...] = ()
    signatories: tuple[Signatory, ...] = ()
    seal: bytes | None = None
    colour: str = DEFAULT_COLOUR
    accent: str = DEFAULT_ACCENT
    notice: str = ""  # e.g. "SAMPLE / 样本" across a preview
    extra: Mapping[str, str] = field(default_factory=dict)

    def texts(self) -> list[str]:
        """Every text the page prints, for coverage checks."""
        lines = [
            self.heading_zh,
            self.heading_en,
            self.preamble_zh,
            self.preamble_en,
            self.holder_name,
            self.holder_name_other,
            self.statement_zh,
            self.statement_en,
            self.event_title_zh,
            self.event_title_en,
            self.dates_zh,
            self.dates_en,
            self.details_zh,
            self.details_en,
            *self.issuers_zh,
            *self.issuers_en,
            self.issued_zh,
            self.issued_en,
            self.code,
            self.verify_url,
            self.verify_label_zh,
            self.verify_label_en,
            self.notice,
        ]
        for signatory in self.signatories:
            lines += [signatory.name, signatory.title_zh, signatory.title_en]
        return [line for line in lines if line]


def page_from_snapshot(snapshot: Mapping, images: Callable[[str], bytes | None]) -> CertificatePage:
    """The page a certificate's snapshot describes; `images` gives an image's bytes by SHA-256."""
    template = snapshot["template"]
    holder = snapshot["holder"]
    event = snapshot["event"]

    def image(digest: str | None) -> bytes | None:
        return images(digest) if digest else None

    return CertificatePage(
        heading_zh=template["heading_zh"],
        heading_en=template["heading_en"],
        preamble_zh=template["preamble_zh"],
        preamble_en=template["preamble_en"],
        holder_name=holder["name"],
        holder_name_other=holder.get("name_other", ""),
        statement_zh=template["statement_zh"],
        statement_en=template["statement_en"],
        event_title_zh=event["title_zh"],
        event_title_en=event["title_en"],
        dates_zh=event["dates_zh"],
        dates_en=event["dates_en"],
        details_zh=event.get("details_zh", ""),
        details_en=event.get("details_en", ""),
        issuers_zh=tuple(template.get("issuers_zh", ())),
        issuers_en=tuple(template.get("issuers_en", ())),
        issued_zh=snapshot["issued_zh"],
        issued_en=snapshot["issued_en"],
        code=snapshot["code_display"],
        verify_url=snapshot["verify_url"],
        verify_label_zh=snapshot["verify_label_zh"],
        verify_label_en=snapshot["verify_label_en"],
        logos=tuple(b for b in (image(d) for d in template.get("logos", ())) if b),
        signatories=tuple(
            Signatory(
                s["name"], s.get("title_en", ""), s.get("title_zh", ""), image(s.get("image"))
            )
            for s in template.get("signatories", ())
        ),
        seal=image(template.get("seal")),
        colour=template.get("colour") or DEFAULT_COLOUR,
        accent=template.get("accent") or DEFAULT_ACCENT,
        notice=snapshot.get("notice", ""),
    )


def _image(canvas: Canvas, data: bytes, x: float, y: float, width: float, height: float) -> None:
    """Draw an image inside a box, keeping its proportions, centred."""
    reader = ImageReader(io.BytesIO(data))
    iw, ih = reader.getSize()
    scale = min(width / iw, height / ih)
    w, h = iw * scale, ih * scale
    canvas.drawImage(reader, x + (width - w) / 2, y + (height - h) / 2, w, h, mask="auto")


def _qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """A QR code of `url` as black squares in a size × size box (quiet zone included)."""
    matrix = segno.make(url, error="m").matrix
    modules = len(matrix) + 8  # four modules of quiet zone on each side
    step = size / modules
    canvas.setFillColor(HexColor("#FFFFFF"))
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(HexColor("#000000"))
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                canvas.rect(
                    x + (col + 4) * step, y + size - (row + 5) * step, step, step, stroke=0, fill=1
                )


def _centred_lines(canvas: Canvas, text: str, y: float, size: float, width: float, **kw) -> float:
    """Draw text centred, wrapped to `width`; returns the baseline below the last line."""
    for line in pdf.wrap(text, size, width, kw.get("bold", False)):
        draw_size = pdf.fit(line, size, width, kw.get("bold", False))
        pdf.draw(canvas, PAGE[0] / 2, y, line, draw_size, align="centre", **kw)
        y -= size * 1.35
    return y


def _centred(canvas: Canvas, text: str, y: float, size: float, width: float, bold=False) -> None:
    """Draw one line centred on the page, shrunk to fit `width` if it is longer."""
    pdf.draw(canvas, PAGE[0] / 2, y, text, pdf.fit(text, size, width), bold=bold, align="centre")


def paint_page(canvas: Canvas, page: CertificatePage) -> None:
    """Draw one certificate on the current page of `canvas`."""
    width, height = PAGE
    _frame(canvas, page)
    top = _logos(canvas, page)
    _wording(canvas, page, top)
    # Signature blocks along the bottom, between the issue date (left) and the QR code (right).
    base = 24 * mm
    _signatures(canvas, page, base)
    _seal_date_and_code(canvas, page, base)
    if page.notice:
        canvas.saveState()
        canvas.setFillColor(HexColor("#C0392B"))
        canvas.translate(width / 2, height / 2)
        canvas.rotate(20)
        pdf.draw(canvas, 0, 0, page.notice, 60, bold=True, align="centre")
        canvas.restoreState()


def _frame(canvas: Canvas, page: CertificatePage) -> None:
    """The double border in the template's colour and accent."""
    width, height = PAGE
    colour, accent = HexColor(page.colour), HexColor(page.accent)
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(0.8)
    canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)


def _logos(canvas: Canvas, page: CertificatePage) -> float:
    """The issuers' logos in a row at the top; returns where the text starts below them."""
    width, height = PAGE
    top = height - 20 * mm
    if page.logos:
        box_w, box_h = 36 * mm, 16 * mm
        gap = 6 * mm
        total = len(page.logos) * box_w + (len(page.logos) - 1) * gap
        x = (width - total) / 2
        for logo in page.logos:
            _image(canvas, logo, x, top - box_h, box_w, box_h)
            x += box_w + gap
        top -= box_h + 5 * mm
    return top


def _wording(canvas: Canvas, page: CertificatePage, top: float) -> None:
    """Issuers, heading, holder's name and what the certificate is for, in both languages."""
    width, _height = PAGE
    colour, accent = HexColor(page.colour), HexColor(page.accent)
    inner = width - 70 * mm
    canvas.setFillColor(colour)
    y = top - 3 * mm
    for zh, en in zip(page.issuers_zh, page.issuers_en, strict=False):
        line = zh if zh == en else f"{zh}  {en}"
        _centred(canvas, line, y, 9, inner)
        y -= 4.5 * mm
    y -= 6 * mm
    _centred(canvas, page.heading_zh, y, 28, inner, bold=True)
    y -= 10 * mm
    _centred(canvas, page.heading_en, y, 18, inner, bold=True)
    y -= 10 * mm
    canvas.setFillColor(HexColor("#222222"))
    preamble = f"{page.preamble_zh}  {page.preamble_en}".strip()
    _centred(canvas, preamble, y, 11, inner)
    y -= 11 * mm
    canvas.setFillColor(colour)
    _centred(canvas, page.holder_name, y, 26, inner, bold=True)
    y -= 8 * mm
    if page.holder_name_other:
        _centred(canvas, page.holder_name_other, y, 14, inner)
        y -= 7 * mm
    canvas.setStrokeColor(accent)
    canvas.line(width / 2 - 60 * mm, y + 4 * mm, width / 2 + 60 * mm, y + 4 * mm)
    canvas.setFillColor(HexColor("#222222"))
    y -= 2 * mm
    for statement, title, dates, details in (
        (page.statement_zh, f"《{page.event_title_zh}》", page.dates_zh, page.details_zh),
        (page.statement_en, page.event_title_en, page.dates_en, page.details_en),
    ):
        y = _centred_lines(canvas, statement, y, 10.5, inner) - 1.5 * mm
        y = _centred_lines(canvas, title, y, 13, inner, bold=True)
        when = f"{dates} · {details}" if details else dates
        y = _centred_lines(canvas, when, y, 9.5, inner)
        y -= 2 * mm


def _signatures(canvas: Canvas, page: CertificatePage, base: float) -> None:
    """Each signatory's signature image, line, name and title, side by side."""
    width, _height = PAGE
    if page.signatories:
        slots = len(page.signatories)
        area_left, area_right = 70 * mm, width - 75 * mm
        slot_w = (area_right - area_left) / slots
        for number, signatory in enumerate(page.signatories):
            x = area_left + number * slot_w
            centre = x + slot_w / 2
            if signatory.signature:
                _image(
                    canvas, signatory.signature, centre - 25 * mm, base + 11 * mm, 50 * mm, 14 * mm
                )
            canvas.setStrokeColor(HexColor("#444444"))
            canvas.setLineWidth(0.5)
            canvas.line(centre - 28 * mm, base + 10 * mm, centre + 28 * mm, base + 10 * mm)
            pdf.draw(
                canvas,
                centre,
                base + 6 * mm,
                signatory.name,
                pdf.fit(signatory.name, 9.5, slot_w - 4 * mm),
                bold=True,
                align="centre",
            )
            pdf.draw(
                canvas,
                centre,
                base + 2.5 * mm,
                signatory.title_zh,
                pdf.fit(signatory.title_zh, 8, slot_w - 4 * mm),
                align="centre",
            )
            pdf.draw(
                canvas,
                centre,
                base - 1 * mm,
                signatory.title_en,
                pdf.fit(signatory.title_en, 8, slot_w - 4 * mm),
                align="centre",
            )


def _seal_date_and_code(canvas: Canvas, page: CertificatePage, base: float) -> None:
    """The seal, the issue date (left), and the QR code with the code and link (right)."""
    width, _height = PAGE
    if page.seal:
        _image(canvas, page.seal, width - 118 * mm, base + 2 * mm, 34 * mm, 34 * mm)

    pdf.draw(canvas, 20 * mm, base + 6 * mm, page.issued_zh, 8.5)
    pdf.draw(canvas, 20 * mm, base + 2 * mm, page.issued_en, 8.5)

    qr_size = 30 * mm
    qr_x, qr_y = width - 20 * mm - qr_size, base + 6 * mm
    _qr(canvas, page.verify_url, qr_x, qr_y, qr_size)
    canvas.setFillColor(HexColor("#222222"))
    centre = qr_x + qr_size / 2
    pdf.draw(canvas, centre, qr_y - 3 * mm, page.code, 8.5, bold=True, align="centre")
    for number, line in enumerate((page.verify_label_zh, page.verify_label_en)):
        pdf.draw(
            canvas,
            width - 20 * mm,
            qr_y - (7 + 3.5 * number) * mm,
            line,
            pdf.fit(line, 6.5, 80 * mm),
            align="right",
        )
    pdf.draw(
        canvas,
        width - 20 * mm,
        qr_y - 14 * mm,
        page.verify_url,
        pdf.fit(page.verify_url, 6.5, 110 * mm),
        align="right",
    )


def render(page: CertificatePage, title: str = "") -> bytes:
    """One certificate as PDF bytes; the same page always gives the same bytes."""
    return pdf.render(lambda canvas: paint_page(canvas, page), title=title, pagesize=PAGE)


def render_many(pages: Iterable[CertificatePage], title: str = "") -> bytes:
    """Many certificates in one PDF, one per page (images shared between pages are stored once)."""

    def paint(canvas: Canvas) -> None:
        first = True
        for page in pages:
            if not first:
                canvas.showPage()
            paint_page(canvas, page)
            first = False

    return pdf.render(paint, title=title, pagesize=PAGE)
