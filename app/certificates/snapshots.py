"""The frozen snapshot a certificate prints: holder, subject, template and verification link, and
rendering it (document.py draws it without knowing Flask)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.auth.models import User
from app.auth.names import PersonName
from app.core.i18n import format_date

from . import codes, document
from .models import Certificate, CertificateTemplate
from .subjects import (
    Subject,
    both,
)
from .templates import (
    image_bytes,
    template_snapshot,
)


def initials(name: PersonName) -> str:
    """What verification shows once a person's data is erased: 张 Z. W. / Ł. K."""

    def first(text: str) -> str:
        text = text.strip()
        return f"{text[0].upper()}." if text else ""

    if name.chinese:
        latin = " ".join(p for p in (first(name.family_latin), first(name.given_latin)) if p)
    else:
        latin = " ".join(p for p in (first(name.given_latin), first(name.family_latin)) if p)
    return " ".join(p for p in (name.family_zh[:1], latin) if p)


def holder_snapshot(user: User) -> dict:
    """The holder's name as they gave it: Chinese characters first when given, then Latin."""
    name = user.name
    main = name.chinese or name.latin
    other = name.latin if name.chinese else ""
    return {"name": main, "name_other": other, "initials": initials(name)}


def verify_url(code: str) -> str:
    """The public verification address printed on the certificate and in its QR code."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}/verify/{codes.display(code)}"


def build_snapshot(
    template: CertificateTemplate, subject: Subject, holder: dict, code: str, issued_at: datetime
) -> dict:
    """Everything a certificate prints, frozen: later edits elsewhere do not change it."""
    issued = {}
    for language in ("en", "zh"):
        with force_locale(language):
            issued[language] = _(
                "Issued on %(date)s", date=format_date(issued_at, "Asia/Shanghai", "long", language)
            )
    label = both(_l("Check that this certificate is genuine at"))
    return {
        "version": 1,
        "kind": subject.kind.value,
        "subject_id": subject.id,
        "template": template_snapshot(template),
        "holder": holder,
        "event": {
            "title_en": subject.title_en,
            "title_zh": subject.title_zh,
            "dates_en": subject.dates_en,
            "dates_zh": subject.dates_zh,
            "details_en": subject.details_en,
            "details_zh": subject.details_zh,
        },
        "issued_at": issued_at.isoformat(),
        "issued_en": issued["en"],
        "issued_zh": issued["zh"],
        "code": code,
        "code_display": codes.display(code),
        "verify_url": verify_url(code),
        "verify_label_en": label["en"],
        "verify_label_zh": label["zh"],
    }


def render_snapshot(snapshot: dict) -> bytes:
    """The PDF a snapshot describes (the same snapshot always gives the same bytes)."""
    page = document.page_from_snapshot(snapshot, image_bytes)
    return document.render(page, title=f"{page.heading_en} {snapshot['code_display']}")


def render_certificate(certificate: Certificate) -> bytes:
    """The certificate's PDF, re-rendered from its snapshot; logs when the hash differs."""
    data = render_snapshot(certificate.snapshot)
    if hashlib.sha256(data).hexdigest() != certificate.pdf_sha256:
        current_app.logger.warning(
            "Certificate %s re-rendered with a different hash", certificate.id
        )
    return data


def render_merged(certificates: Iterable[Certificate], title: str = "") -> bytes:
    """Many certificates in one PDF, one per page, in the order given."""
    images = _cached_images()  # shared logos and signatures are read once
    pages = [document.page_from_snapshot(c.snapshot, images) for c in certificates]
    return document.render_many(pages, title=title)


def _cached_images():
    cache: dict[str, bytes | None] = {}

    def lookup(digest: str) -> bytes | None:
        if digest not in cache:
            cache[digest] = image_bytes(digest)
        return cache[digest]

    return lookup
