"""Issuing certificates: templates, the frozen snapshot, issuing (idempotent under concurrent
clicks), reissue and revocation, verification look-ups.

Services take plain values or models, flush and raise CertificateError; routes commit. Every
text a certificate prints is written here in each language (inside force_locale) and frozen in
the snapshot; document.py draws it without knowing Flask.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.auth.models import User
from app.auth.names import PersonName
from app.core import places
from app.core.audit import record
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.i18n import format_date, join_parts, programme_timezone
from app.core.storage import StoredFile, get_storage
from app.exchanges.models import Exchange
from app.extensions import db
from app.learning.models import Lesson, LessonProgress, Module
from app.workshops.models import Workshop

from . import codes, document
from .eligibility import Kind, Verdict
from .models import Certificate, CertificateTemplate, Status
from .participants import completion_verdicts, rows_for


class CertificateError(DomainError):
    """A certificate rule refused an action."""


class NotEligible(CertificateError):
    """The person does not qualify and no override reason was given."""

    def __init__(self):
        super().__init__(
            _l("This person does not qualify. Give a reason to issue the certificate anyway.")
        )


class NotLive(CertificateError):
    """Only a valid certificate can be reissued or revoked."""

    status = 409

    def __init__(self):
        super().__init__(_l("This certificate has already been superseded or revoked."))


class SubjectMissing(CertificateError):
    """The workshop, module or exchange does not exist."""

    status = 404

    def __init__(self):
        super().__init__(_l("There is no such workshop, module or exchange."))


# --- Templates -----------------------------------------------------------------------------------

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


# --- What a certificate says ---------------------------------------------------------------------


def both(message) -> dict[str, str]:
    """A lazy UI text in English and Chinese: {"en": ..., "zh": ...}."""
    texts = {}
    for language in ("en", "zh"):
        with force_locale(language):
            texts[language] = str(message)
    return texts


def date_range(start, end, language: str, tz: str = "UTC") -> str:
    """One date, or 'first to last day' in the language (28 November 2026 / 2026年11月28日)."""
    first = format_date(start, tz, "long", language)
    last = format_date(end, tz, "long", language)
    if first == last:
        return first
    with force_locale(language):
        return _("%(start)s to %(end)s", start=first, end=last)


@dataclass(frozen=True)
class Subject:
    """The workshop, module or exchange a certificate is for, as the certificate describes it."""

    kind: Kind
    id: int
    title_en: str
    title_zh: str
    dates_en: str
    dates_zh: str
    details_en: str = ""
    details_zh: str = ""
    model: object = None


def _titles(obj) -> tuple[str, str]:
    english = (obj.title_en or "").strip() or (obj.title_zh or "").strip()
    chinese = (obj.title_zh or "").strip() or english
    return english, chinese


def _hours(workshop) -> float:
    seconds = sum(
        (s.ends_at - s.starts_at).total_seconds()
        for s in workshop.sessions
        if s.counts_for_attendance
    )
    return round(seconds / 1800) / 2  # to the half hour


def workshop_subject(workshop) -> Subject:
    """A workshop as its attendance certificates describe it: titles, dates, venue, hours."""
    english, chinese = _titles(workshop)
    zone = workshop.timezone
    hours = _hours(workshop)
    hours_text = f"{hours:g}"
    details = {}
    for language in ("en", "zh"):
        with force_locale(language):
            parts = []
            city = places.city_name(workshop.city, workshop.city_zh, language)
            place = join_parts((workshop.venue, city), language)
            if place:
                parts.append(_("Venue: %(place)s", place=place))
            if hours:
                parts.append(_("%(hours)s hours of training", hours=hours_text))
            details[language] = " · ".join(parts)
    return Subject(
        Kind.ATTENDANCE,
        workshop.id,
        english,
        chinese,
        date_range(workshop.starts_at, workshop.ends_at, "en", zone),
        date_range(workshop.starts_at, workshop.ends_at, "zh", zone),
        details["en"],
        details["zh"],
        workshop,
    )


def module_subject(module, completed_on: datetime | None = None) -> Subject:
    """A module as its completion certificates describe it: titles and the completion date."""
    english, chinese = _titles(module)
    when = completed_on or utcnow()
    dates = {}
    for language in ("en", "zh"):
        with force_locale(language):
            dates[language] = _(
                "Completed on %(date)s",
                date=format_date(when, programme_timezone(), "long", language),
            )
    return Subject(
        Kind.COMPLETION, module.id, english, chinese, dates["en"], dates["zh"], "", "", module
    )


def exchange_subject(exchange) -> Subject:
    """An exchange as its participation certificates describe it: titles, dates, cities."""
    english, chinese = _titles(exchange)
    details = {}
    for language in ("en", "zh"):
        with force_locale(language):
            details[language] = (
                _("Cities visited: %(cities)s", cities=exchange.cities) if exchange.cities else ""
            )
    return Subject(
        Kind.PARTICIPATION,
        exchange.id,
        english,
        chinese,
        date_range(exchange.start_date, exchange.end_date, "en"),
        date_range(exchange.start_date, exchange.end_date, "zh"),
        details["en"],
        details["zh"],
        exchange,
    )


def load_subject(kind: Kind, subject_id: int) -> Subject:
    """The subject of a kind of certificate by id; SubjectMissing when there is none."""
    model = {Kind.ATTENDANCE: Workshop, Kind.COMPLETION: Module, Kind.PARTICIPATION: Exchange}[kind]
    obj = db.session.get(model, subject_id)
    if obj is None:
        raise SubjectMissing()
    if kind is Kind.ATTENDANCE:
        return workshop_subject(obj)
    if kind is Kind.COMPLETION:
        return module_subject(obj)
    return exchange_subject(obj)


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
                "Issued on %(date)s",
                date=format_date(issued_at, programme_timezone(), "long", language),
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


# --- Issuing -------------------------------------------------------------------------------------


def live_certificate(holder_id: int, kind: Kind, subject_id: int) -> Certificate | None:
    """The person's valid certificate for the subject, if any."""
    return db.session.scalar(
        sa.select(Certificate).where(
            Certificate.holder_id == holder_id,
            Certificate.kind == kind.value,
            Certificate.subject_id == subject_id,
            Certificate.status == Status.LIVE.value,
        )
    )


def completed_on(user_id: int, module_id: int) -> datetime | None:
    """When the person finished the module's last lesson (None before they started)."""
    return db.session.scalar(
        sa.select(sa.func.max(LessonProgress.completed_at))
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(LessonProgress.user_id == user_id, Lesson.module_id == module_id)
    )


def _new_certificate(
    actor: User | None,
    subject: Subject,
    holder: User,
    override_reason: str = "",
    supersedes: Certificate | None = None,
) -> Certificate:
    if subject.kind is Kind.COMPLETION and subject.model is not None:
        # the date printed is the holder's own completion date, also on a later reissue
        finished = completed_on(holder.id, subject.id)
        if finished is not None:
            subject = module_subject(subject.model, finished)
    template = default_template(subject.kind)
    issued_at = utcnow().replace(microsecond=0)
    code = codes.generate()
    snapshot = build_snapshot(template, subject, holder_snapshot(holder), code, issued_at)
    data = render_snapshot(snapshot)
    return Certificate(
        kind=subject.kind.value,
        subject_id=subject.id,
        holder_id=holder.id,
        template_id=template.id,
        code=code,
        status=Status.LIVE.value,
        snapshot=snapshot,
        pdf_sha256=hashlib.sha256(data).hexdigest(),
        issued_at=issued_at,
        issued_by_id=actor.id if actor is not None else None,
        override_reason=override_reason,
        supersedes_id=supersedes.id if supersedes is not None else None,
    )


def issue(
    actor: User | None,
    subject: Subject,
    holder: User,
    verdict: Verdict,
    override_reason: str = "",
) -> tuple[Certificate, bool]:
    """Issue the person's certificate for the subject; returns (certificate, newly issued).

    Idempotent: a valid certificate already there is returned as is. Two coordinators clicking
    at once cannot make two: the partial unique index on live certificates refuses the second
    insert, which then returns the first one.
    """
    override_reason = override_reason.strip()
    existing = live_certificate(holder.id, subject.kind, subject.id)
    if existing is not None:
        return existing, False
    if not verdict.qualifies and not override_reason:
        raise NotEligible()
    certificate = _new_certificate(
        actor, subject, holder, override_reason if not verdict.qualifies else ""
    )
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except sa.exc.IntegrityError:
        existing = live_certificate(holder.id, subject.kind, subject.id)
        if existing is None:
            raise
        return existing, False
    record(
        actor,
        "certificate.issued",
        certificate,
        after={"code": certificate.code, "kind": certificate.kind, "holder_id": holder.id},
        note=certificate.override_reason,
    )
    return certificate, True


def _retire(certificate: Certificate, status: Status, **values) -> None:
    """Move a live certificate to another status, only if it is still live (held by the database)."""
    result = db.session.execute(
        sa.update(Certificate)
        .where(Certificate.id == certificate.id, Certificate.status == Status.LIVE.value)
        .values(status=status.value, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise NotLive()
    db.session.refresh(certificate)


def reissue(actor: User, certificate: Certificate, reason: str) -> Certificate:
    """A new certificate, drawn from today's data, that supersedes this one (e.g. after a name
    was corrected); the old code then verifies as superseded."""
    reason = reason.strip()
    if not reason:
        raise CertificateError(_l("Give a reason for reissuing."))
    holder = certificate.holder
    if holder is None or holder.erased_at is not None:
        raise CertificateError(_l("This person's data has been erased; it cannot be reissued."))
    subject = load_subject(certificate.kind_enum, certificate.subject_id)
    _retire(certificate, Status.SUPERSEDED)
    replacement = _new_certificate(
        actor, subject, holder, certificate.override_reason, supersedes=certificate
    )
    db.session.add(replacement)
    db.session.flush()
    record(
        actor,
        "certificate.reissued",
        replacement,
        before={"code": certificate.code, "id": certificate.id},
        after={"code": replacement.code, "id": replacement.id},
        note=reason,
    )
    return replacement


def revoke(actor: User, certificate: Certificate, reason: str) -> None:
    """Withdraw a certificate: who, when and why are kept and shown by verification as revoked."""
    reason = reason.strip()
    if not reason:
        raise CertificateError(_l("Give a reason for revoking."))
    _retire(
        certificate,
        Status.REVOKED,
        revoked_at=utcnow(),
        revoked_by_id=actor.id,
        revoke_reason=reason,
    )
    record(
        actor,
        "certificate.revoked",
        certificate,
        before={"status": Status.LIVE.value},
        after={"status": Status.REVOKED.value, "code": certificate.code},
        note=reason,
    )


# --- Verification --------------------------------------------------------------------------------


def find_by_code(code: str) -> Certificate | None:
    """The certificate with this canonical code, if one was issued."""
    return db.session.scalar(sa.select(Certificate).where(Certificate.code == code))


def holder_name_for_verification(certificate: Certificate) -> str:
    """The name verification shows: as printed, or only initials once the data is erased."""
    holder = certificate.snapshot.get("holder", {})
    if certificate.snapshot.get("erased") or (
        certificate.holder is not None and certificate.holder.erased_at is not None
    ):
        return holder.get("initials", "")
    name, other = holder.get("name", ""), holder.get("name_other", "")
    return f"{name} ({other})" if other else name


def certificates_of(user_id: int) -> list[Certificate]:
    """A person's certificates, newest first (valid, superseded and revoked)."""
    return list(
        db.session.scalars(
            sa.select(Certificate)
            .where(Certificate.holder_id == user_id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )


# --- Issuing by rule -----------------------------------------------------------------------------


def subject_rows(subject: Subject):
    """The eligibility rows of a subject (everyone who could get its certificate)."""
    return rows_for(subject.kind, subject.model)


def issue_to_all(actor: User, subject: Subject) -> list[Certificate]:
    """Issue to everyone who qualifies and has no valid certificate yet; returns the new ones."""
    issued = []
    for row in subject_rows(subject):
        if row.can_issue and row.verdict.qualifies:
            certificate, created = issue(actor, subject, row.user, row.verdict)
            if created:
                issued.append(certificate)
    return issued


def issue_to_one(actor: User, subject: Subject, user_id: int, override_reason: str = ""):
    """Issue to one listed person; one who does not qualify needs an override reason."""
    for row in subject_rows(subject):
        if row.user is not None and row.user.id == user_id:
            return issue(actor, subject, row.user, row.verdict, override_reason)
    raise SubjectMissing()


def issue_if_eligible(user_id: int, module_id: int) -> Certificate | None:
    """Self-paced modules: issue the completion certificate as soon as the person qualifies
    (called after a lesson is marked done and after a quiz attempt is graded). Returns the new
    or existing certificate, or None while they do not qualify."""
    module = db.session.get(Module, module_id)
    user = db.session.get(User, user_id)
    if module is None or user is None or not module.is_published:
        return None
    verdict = completion_verdicts(module_id, [user_id])[user_id]
    if not verdict.qualifies:
        return None
    certificate, _created = issue(None, module_subject(module), user, verdict)
    return certificate
