"""Workshops' printed sheets: the sign-in sheet and name badges, drawn with the shared PDF base
(app.core.pdf: fonts, runs, fitting).

Pure: no Flask, no database. documents.py builds every text in each language and passes plain data."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.core.pdf import (
    draw,
    fit,
    render,
)


@dataclass(frozen=True)
class SignInSheet:
    """A session's printable sign-in sheet; every text is already in both languages."""

    heading: str  # e.g. "Sign-in sheet / 签到表"
    workshop_title: str  # both titles
    session_line: str  # session title, date and time, room
    columns: tuple[str, str, str, str]  # No. / Name / Organisation / Signature
    people: tuple[tuple[str, str], ...]  # (name as given, organisation)
    footer: str = ""
    blank_rows: int = 5


def sign_in_sheet(sheet: SignInSheet, invariant: bool = True) -> bytes:
    """The sign-in sheet as PDF: one row per participant, then blank rows for walk-ins."""
    width, height = A4
    margin = 15 * mm
    row_height = 9 * mm
    col_x = [margin, margin + 12 * mm, margin + 82 * mm, margin + 132 * mm, width - margin]
    rows = list(sheet.people) + [("", "")] * sheet.blank_rows

    def paint(canvas: Canvas) -> None:
        index = 0
        page = 1
        while True:
            y = height - margin
            draw(canvas, margin, y - 6 * mm, sheet.heading, 16, bold=True)
            title_size = fit(sheet.workshop_title, 11, width - 2 * margin)
            draw(canvas, margin, y - 13 * mm, sheet.workshop_title, title_size)
            draw(
                canvas,
                margin,
                y - 19 * mm,
                sheet.session_line,
                fit(sheet.session_line, 10, width - 2 * margin),
            )
            y -= 28 * mm
            canvas.setLineWidth(0.6)
            for column, x in zip(sheet.columns, col_x, strict=False):
                draw(canvas, x + 1.5 * mm, y + 2.5 * mm, column, 9, bold=True)
            canvas.line(margin, y, width - margin, y)
            while index < len(rows) and y - row_height > margin + 10 * mm:
                name, organisation = rows[index]
                y -= row_height
                draw(canvas, col_x[0] + 1.5 * mm, y + 3 * mm, str(index + 1), 9)
                draw(canvas, col_x[1] + 1.5 * mm, y + 3 * mm, name, fit(name, 10, 68 * mm))
                draw(
                    canvas,
                    col_x[2] + 1.5 * mm,
                    y + 3 * mm,
                    organisation,
                    fit(organisation, 8, 48 * mm),
                )
                canvas.line(margin, y, width - margin, y)
                index += 1
            for x in col_x:
                canvas.line(x, y, x, height - margin - 28 * mm)
            footer = f"{sheet.footer}  {page}" if sheet.footer else str(page)
            draw(canvas, width - margin, margin, footer, 8, align="right")
            if index >= len(rows):
                break
            canvas.showPage()
            page += 1

    return render(paint, title=sheet.heading, invariant=invariant)


@dataclass(frozen=True)
class Badge:
    """One name badge: the name as the person gave it, in each script they gave."""

    chinese_name: str
    latin_name: str
    organisation: str
    role: str = ""


@dataclass(frozen=True)
class BadgeSheet:
    """Badges for a workshop, eight to an A4 page."""

    workshop_title: str
    badges: tuple[Badge, ...] = field(default_factory=tuple)


def name_badges(sheet: BadgeSheet, invariant: bool = True) -> bytes:
    """Name badges as PDF, 2 × 4 per page with cutting lines."""
    width, height = A4
    margin = 12 * mm
    cols, rows = 2, 4
    badge_w = (width - 2 * margin) / cols
    badge_h = (height - 2 * margin) / rows

    def paint(canvas: Canvas) -> None:
        canvas.setLineWidth(0.3)
        for number, badge in enumerate(sheet.badges):
            slot = number % (cols * rows)
            if number and slot == 0:
                canvas.showPage()
                canvas.setLineWidth(0.3)
            x = margin + (slot % cols) * badge_w
            y = height - margin - (slot // cols + 1) * badge_h
            canvas.rect(x, y, badge_w, badge_h)
            centre = x + badge_w / 2
            inner = badge_w - 10 * mm
            title_size = fit(sheet.workshop_title, 8, inner)
            draw(
                canvas,
                centre,
                y + badge_h - 9 * mm,
                sheet.workshop_title,
                title_size,
                align="centre",
            )
            line = y + badge_h * 0.55
            if badge.chinese_name:
                draw(
                    canvas,
                    centre,
                    line,
                    badge.chinese_name,
                    fit(badge.chinese_name, 26, inner),
                    bold=True,
                    align="centre",
                )
                line -= 10 * mm
                if badge.latin_name:
                    draw(
                        canvas,
                        centre,
                        line,
                        badge.latin_name,
                        fit(badge.latin_name, 14, inner),
                        align="centre",
                    )
                    line -= 8 * mm
            else:
                draw(
                    canvas,
                    centre,
                    line,
                    badge.latin_name,
                    fit(badge.latin_name, 22, inner),
                    bold=True,
                    align="centre",
                )
                line -= 10 * mm
            draw(
                canvas,
                centre,
                line,
                badge.organisation,
                fit(badge.organisation, 10, inner),
                align="centre",
            )
            if badge.role:
                draw(canvas, centre, y + 6 * mm, badge.role, 9, bold=True, align="centre")

    return render(paint, title=sheet.workshop_title, invariant=invariant)
