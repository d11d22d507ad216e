"""How long 1,000 certificates take as one merged PDF, beside ReportLab alone drawing the same pages.

Run:  .venv/bin/python bench/certificates_merged_pdf.py [count]

Both are measured in the same run on the same machine:

1. the platform's path, as the "print all" page takes it: from each certificate's frozen
   snapshot to page data, then every page drawn with the PDF base (text split into font runs,
   sizes fitted, lines wrapped, QR code built with segno) into one PDF;
2. ReportLab alone: the same texts at the same places in the same embedded fonts, and the same QR
   squares, drawn with plain canvas calls; everything that is not drawing (QR matrices, which
   font each string needs, sizes) is worked out before the clock starts.

The difference is what the platform adds on top of ReportLab. Prints figures; asserts nothing.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import segno  # noqa: E402
from reportlab.lib.colors import HexColor  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from app import create_app  # noqa: E402
from app.certificates import codes, document, services  # noqa: E402
from app.certificates.eligibility import Kind  # noqa: E402
from app.certificates.models import CertificateTemplate  # noqa: E402
from app.core import pdf  # noqa: E402

SURNAMES = [("张", "Zhang"), ("李", "Li"), ("王", "Wang"), ("刘", "Liu"), ("陈", "Chen")]
GIVEN = [("伟", "Wei"), ("娜", "Na"), ("晓燕", "Xiaoyan"), ("建国", "Jianguo"), ("丽", "Li")]
EUROPEANS = ["Małgorzata Kowalska", "Đurđica Horvat", "Ștefan Popescu", "Jana Novák", "Ana Sousa"]


def snapshots(count: int) -> list[dict]:
    """Frozen snapshots of `count` attendance certificates with varied names."""
    template = CertificateTemplate(kind=Kind.ATTENDANCE.value, logo_file_ids=[], signatories=[])
    for field, value in services.BUILT_IN_WORDING[Kind.ATTENDANCE].items():
        setattr(template, field, value)
    template.preamble_en, template.preamble_zh = "This is to certify that", "兹证明"
    template.issuers_en, template.issuers_zh = (
        services.BUILT_IN_ISSUERS_EN,
        services.BUILT_IN_ISSUERS_ZH,
    )
    template.signatories = [
        {"name": "Anna Schmidt", "title_en": "Programme Director", "title_zh": "项目主任"},
        {"name": "李明", "title_en": "Deputy Director-General", "title_zh": "副司长"},
    ]
    template.colour, template.accent = "#1F3A5F", "#B8860B"
    subject = services.Subject(
        Kind.ATTENDANCE,
        1,
        "Monitoring recruitment agencies, Fuzhou",
        "职业中介机构监管培训班（福州）",
        "28 November 2026 to 29 November 2026",
        "2026年11月28日至2026年11月29日",
        "Venue: Fujian Provincial HRSS training centre, Fuzhou · 12 hours of training",
        "地点：福建省人力资源和社会保障培训中心，福州 · 培训 12 学时",
    )
    made = []
    for number in range(count):
        if number % 3 == 2:
            holder = {"name": EUROPEANS[number % 5], "name_other": "", "initials": ""}
        else:
            (fz, fl), (gz, gl) = SURNAMES[number % 5], GIVEN[(number // 5) % 5]
            holder = {"name": fz + gz, "name_other": f"{fl} {gl}", "initials": ""}
        made.append(
            services.build_snapshot(
                template, subject, holder, codes.generate(), datetime(2026, 11, 30, tzinfo=UTC)
            )
        )
    return made


def reportlab_alone(pages: list[document.CertificatePage]) -> bytes:
    """The same pages with plain canvas calls; all non-drawing work done beforehand."""
    width, height = document.PAGE
    prepared = []
    for page in pages:
        lines = [
            (page.heading_zh, 28, 0), (page.heading_en, 18, 1),
            (f"{page.preamble_zh}  {page.preamble_en}", 11, 0), (page.holder_name, 26, 1),
            (page.holder_name_other, 14, 0), (page.statement_zh, 10.5, 0),
            (f"《{page.event_title_zh}》", 13, 1), (f"{page.dates_zh} · {page.details_zh}", 9.5, 0),
            (page.statement_en, 10.5, 0), (page.event_title_en, 13, 1),
            (f"{page.dates_en} · {page.details_en}", 9.5, 0),
        ]  # fmt: skip
        runs = [
            [(font, part, size) for font, part in pdf.font_runs(text, bool(bold))]
            for text, size, bold in lines
            if text
        ]
        widths = [sum(pdf.pdfmetrics.stringWidth(p, f, s) for f, p, s in line) for line in runs]
        matrix = segno.make(page.verify_url, error="m").matrix
        prepared.append((page, runs, widths, matrix))

    def paint(canvas: Canvas) -> None:
        for number, (page, runs, widths, matrix) in enumerate(prepared):
            if number:
                canvas.showPage()
            canvas.setStrokeColor(HexColor(page.colour))
            canvas.setLineWidth(3)
            canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
            y = height - 40 * mm
            for line, line_width in zip(runs, widths, strict=True):
                x = (width - line_width) / 2
                for font, part, size in line:
                    canvas.setFont(font, size)
                    canvas.drawString(x, y, part)
                    x += pdf.pdfmetrics.stringWidth(part, font, size)
                y -= 10 * mm
            step = 30 * mm / (len(matrix) + 8)
            for row, cells in enumerate(matrix):
                for col, dark in enumerate(cells):
                    if dark:
                        canvas.rect(
                            width - 50 * mm + col * step,
                            60 * mm - row * step,
                            step,
                            step,
                            stroke=0,
                            fill=1,
                        )
            for font, part in pdf.font_runs(page.code):
                canvas.setFont(font, 8.5)
                canvas.drawString(width - 50 * mm, 24 * mm, part)

    return pdf.render(paint, title="bench")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    app = create_app("testing")
    with app.app_context(), app.test_request_context():
        pdf.register_fonts()
        started = time.perf_counter()
        frozen = snapshots(count)
        built = time.perf_counter() - started

        started = time.perf_counter()
        pages = [document.page_from_snapshot(s, lambda _digest: None) for s in frozen]
        merged = document.render_many(pages, title="bench")
        platform = time.perf_counter() - started

        started = time.perf_counter()
        plain = reportlab_alone(pages)
        alone = time.perf_counter() - started

    print(f"{count} certificates, A4 landscape, bilingual, one merged PDF")
    print(f"  snapshots built (texts in both languages):   {built:8.2f} s")
    print(
        f"  platform: snapshots -> one merged PDF:        {platform:8.2f} s  ({len(merged) / 1e6:.1f} MB, {platform / count * 1000:.1f} ms a page)"
    )
    print(
        f"  ReportLab alone, same pages:                  {alone:8.2f} s  ({len(plain) / 1e6:.1f} MB, {alone / count * 1000:.1f} ms a page)"
    )
    print(f"  platform / ReportLab alone:                   {platform / alone:8.2f} x")


if __name__ == "__main__":
    main()
