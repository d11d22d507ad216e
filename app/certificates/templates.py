"""Certificate templates: the built-in wording, the default template of each kind, and the frozen
copy of a template that a certificate keeps (with its images, by content hash)."""

from __future__ import annotations

import sqlalchemy as sa

from app.core.storage import StoredFile, get_storage
from app.extensions import db

from .eligibility import Kind
from .models import CertificateTemplate

#: The wording a new installation starts with (content, in both languages; admins change it).
BUILT_IN_WORDING = {
    Kind.ATTENDANCE: {
        "name": "Attendance (standard)",
        "heading_en": "Certificate of Attendance",
        "heading_zh": "培训证书",
        "statement_en": "attended the training workshop",
        "statement_zh": "参加了",
    },
    Kind.COMPLETION: {
        "name": "Module completion (standard)",
        "heading_en": "Certificate of Completion",
        "heading_zh": "结业证书",
        "statement_en": "completed the online training module",
        "statement_zh": "完成了在线培训课程",
    },
    Kind.PARTICIPATION: {
        "name": "Exchange participation (standard)",
        "heading_en": "Certificate of Participation",
        "heading_zh": "参与证书",
        "statement_en": "took part in the personnel exchange",
        "statement_zh": "参加了人员交流项目",
    },
}


BUILT_IN_ISSUERS_EN = "International Labour Organization\nInternational Organization for Migration"


BUILT_IN_ISSUERS_ZH = "国际劳工组织\n国际移民组织"


def default_template(kind: Kind) -> CertificateTemplate:
    """The template new certificates of this kind use; the built-in one is created if none is."""
    template = db.session.scalar(
        sa.select(CertificateTemplate).where(
            CertificateTemplate.kind == kind.value, CertificateTemplate.is_default.is_(True)
        )
    )
    if template is not None:
        return template
    wording = BUILT_IN_WORDING[kind]
    template = CertificateTemplate(
        kind=kind.value,
        is_default=True,
        preamble_en="This is to certify that",
        preamble_zh="兹证明",
        issuers_en=BUILT_IN_ISSUERS_EN,
        issuers_zh=BUILT_IN_ISSUERS_ZH,
        logo_file_ids=[],
        signatories=[],
        **wording,
    )
    try:
        with db.session.begin_nested():
            db.session.add(template)
    except sa.exc.IntegrityError:  # another request created it first
        return default_template(kind)
    return template


def make_default(template: CertificateTemplate) -> None:
    """Make a template the one its kind uses from now on (certificates issued keep theirs)."""
    db.session.execute(
        sa.update(CertificateTemplate)
        .where(
            CertificateTemplate.kind == template.kind,
            CertificateTemplate.id != template.id,
            CertificateTemplate.is_default.is_(True),
        )
        .values(is_default=False)
    )
    db.session.flush()
    template.is_default = True
    db.session.flush()


def _file_hash(file_id: int | None) -> str | None:
    if not file_id:
        return None
    stored = db.session.get(StoredFile, file_id)
    return stored.sha256 if stored is not None else None


def template_snapshot(template: CertificateTemplate) -> dict:
    """The template's wording, colours and image hashes, as a certificate freezes them."""
    english, chinese = template.issuer_lines()
    return {
        "id": template.id,
        "heading_en": template.heading_en,
        "heading_zh": template.heading_zh,
        "preamble_en": template.preamble_en,
        "preamble_zh": template.preamble_zh,
        "statement_en": template.statement_en,
        "statement_zh": template.statement_zh,
        "issuers_en": english,
        "issuers_zh": chinese,
        "logos": [h for h in (_file_hash(i) for i in template.logo_file_ids or []) if h],
        "signatories": [
            {
                "name": s.get("name", ""),
                "title_en": s.get("title_en", ""),
                "title_zh": s.get("title_zh", ""),
                "image": _file_hash(s.get("file_id")),
            }
            for s in template.signatories or []
            if s.get("name")
        ],
        "seal": _file_hash(template.seal_file_id),
        "colour": template.colour,
        "accent": template.accent,
    }


def image_bytes(digest: str) -> bytes | None:
    """An image's bytes by its SHA-256 (template images are never deleted, so old ones stay)."""
    stored = db.session.scalar(
        sa.select(StoredFile).where(StoredFile.sha256 == digest).order_by(StoredFile.id).limit(1)
    )
    if stored is None:
        return None
    with get_storage().open(stored.key) as handle:
        return handle.read()
