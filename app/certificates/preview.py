"""A template's preview: the certificate it draws, filled with sample data and marked SAMPLE."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l

from . import codes
from .eligibility import Kind
from .models import CertificateTemplate
from .snapshots import build_snapshot, render_snapshot
from .subjects import Subject, both, date_range

#: A code that can never be issued: its check symbol is wrong, so verification calls it mistyped.
SAMPLE_CODE = "SAMP1E0000000000"


def sample_subject(kind: Kind) -> Subject:
    """Sample titles and dates for a preview of each kind."""
    titles = {
        Kind.ATTENDANCE: (
            "Monitoring recruitment agencies (sample)",
            "职业中介机构监管培训班（样本）",
        ),
        Kind.COMPLETION: ("Fair recruitment (sample)", "公平招聘（样本）"),
        Kind.PARTICIPATION: (
            "Study visit on labour inspection (sample)",
            "劳动监察考察访问（样本）",
        ),
    }
    english, chinese = titles[kind]
    start, end = date(2026, 11, 28), date(2026, 11, 29)
    details = both(_l("Venue: %(place)s", place="Fuzhou")) if kind is Kind.ATTENDANCE else {}
    return Subject(
        kind,
        0,
        english,
        chinese,
        date_range(start, end, "en"),
        date_range(start, end, "zh"),
        details.get("en", ""),
        details.get("zh", ""),
    )


def preview_pdf(template: CertificateTemplate, base_url: str = "") -> bytes:
    """The template drawn with a sample holder and event; never a real, verifiable code."""
    holder = {"name": "张伟", "name_other": "ZHANG Wei", "initials": "张 Z. W."}
    snapshot = build_snapshot(
        template,
        sample_subject(Kind(template.kind)),
        holder,
        codes.normalise(SAMPLE_CODE),
        datetime(2026, 11, 30, tzinfo=UTC),
    )
    sample = both(_l("SAMPLE"))
    snapshot["notice"] = f"{sample['zh']} {sample['en']}"
    return render_snapshot(snapshot)
