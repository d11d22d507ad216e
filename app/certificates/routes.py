"""Certificate pages: eligibility and issuing, printing, downloads, the register, verification."""

from __future__ import annotations

import io
import re
import zipfile

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.access import Role, owner, roles
from app.core.errors import refuse_to
from app.core.i18n import current_language
from app.core.spreadsheets import csv_response
from app.extensions import db
from app.workshops.participants import name_sort_key

from . import bp, codes, errors, services, snapshots, subjects
from .eligibility import Kind
from .forms import IssueAllForm, IssueOneForm, ReasonForm, RegisterFilterForm
from .models import Certificate, Status
from .wording import reason_text

STAFF = (Role.COORDINATOR, Role.ADMIN)
PAGE_SIZE = 50
#: URL word -> kind of certificate.
SUBJECTS = {"workshop": Kind.ATTENDANCE, "module": Kind.COMPLETION, "exchange": Kind.PARTICIPATION}
SUBJECT_WORDS = {kind: word for word, kind in SUBJECTS.items()}


def _subject_or_404(subject: str, subject_id: int) -> subjects.Subject:
    try:
        return subjects.load_subject(SUBJECTS[subject], subject_id)
    except errors.SubjectMissing:
        abort(404)


def _certificate_or_404(certificate_id: int) -> Certificate:
    certificate = db.session.get(
        Certificate, certificate_id, options=[selectinload(Certificate.holder)]
    )
    if certificate is None:
        abort(404)
    return certificate


def subject_url(kind: str, subject_id: int) -> str:
    """The eligibility page of a certificate's subject."""
    return url_for(
        "certificates.eligibility", subject=SUBJECT_WORDS[Kind(kind)], subject_id=subject_id
    )


# --- Eligibility and issuing ---------------------------------------------------------------------


@bp.route("/certificates/<any(workshop, module, exchange):subject>/<int:subject_id>")
@roles(*STAFF)
def eligibility(subject: str, subject_id: int):
    """Every participant of a workshop, module or exchange: qualifies or why not, and their
    certificate if issued."""
    item = _subject_or_404(subject, subject_id)
    rows = services.subject_rows(item)
    return render_template(
        "certificates/eligibility.html",
        item=item,
        subject=subject,
        rows=rows,
        reason_text=reason_text,
        qualifying=sum(1 for r in rows if r.can_issue and r.verdict.qualifies),
        issued=sum(1 for r in rows if r.certificate is not None),
        issue_all_form=IssueAllForm(),
        issue_form=IssueOneForm(),
    )


@bp.route(
    "/certificates/<any(workshop, module, exchange):subject>/<int:subject_id>/issue-all",
    methods=["POST"],
)
@roles(*STAFF)
def issue_all(subject: str, subject_id: int):
    """Issue to everyone who qualifies, in one action."""
    item = _subject_or_404(subject, subject_id)
    if IssueAllForm().validate_on_submit():
        issued = services.issue_to_all(current_user, item)
        db.session.commit()
        flash(
            _("%(count)d certificate(s) issued.", count=len(issued)),
            "success" if issued else "info",
        )
    return redirect(url_for(".eligibility", subject=subject, subject_id=subject_id), code=303)


@bp.route(
    "/certificates/<any(workshop, module, exchange):subject>/<int:subject_id>/issue/<int:user_id>",
    methods=["POST"],
)
@roles(*STAFF)
def issue_one(subject: str, subject_id: int, user_id: int):
    """Issue to one person; one who does not qualify needs a recorded reason."""
    item = _subject_or_404(subject, subject_id)
    form = IssueOneForm()
    if not form.validate_on_submit():
        flash(_("The reason is too long."), "error")
        return redirect(url_for(".eligibility", subject=subject, subject_id=subject_id), code=303)
    try:
        _certificate, created = services.issue_to_one(
            current_user, item, user_id, form.override_reason.data or ""
        )
    except errors.SubjectMissing:
        abort(404)
    except errors.NotEligible as error:
        return refuse_to(
            error, url_for(".eligibility", subject=subject, subject_id=subject_id), code=303
        )
    db.session.commit()
    if created:
        flash(_("The certificate has been issued."), "success")
    else:
        flash(_("This person already holds a valid certificate."), "info")
    return redirect(url_for(".eligibility", subject=subject, subject_id=subject_id), code=303)


# --- Printing ------------------------------------------------------------------------------------


def _live_in_roster_order(item: subjects.Subject) -> list[Certificate]:
    certificates = db.session.scalars(
        sa.select(Certificate)
        .where(
            Certificate.kind == item.kind.value,
            Certificate.subject_id == item.id,
            Certificate.status == Status.LIVE.value,
        )
        .options(selectinload(Certificate.holder))
    ).all()
    return sorted(
        certificates,
        key=lambda c: name_sort_key(c.holder) if c.holder is not None else ("", "", "", c.id),
    )


def _pdf_response(data: bytes, filename: str, inline: bool = False) -> Response:
    response = Response(data, mimetype="application/pdf")
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/certificates/<any(workshop, module, exchange):subject>/<int:subject_id>/print.pdf")
@roles(*STAFF)
def print_all(subject: str, subject_id: int):
    """Every valid certificate of the subject in one PDF, one per page, in roster order."""
    item = _subject_or_404(subject, subject_id)
    certificates = _live_in_roster_order(item)
    if not certificates:
        flash(_("No certificates have been issued yet."), "info")
        return redirect(url_for(".eligibility", subject=subject, subject_id=subject_id))
    data = snapshots.render_merged(certificates, title=f"{item.title_en} / {item.title_zh}")
    return _pdf_response(data, f"certificates-{subject}-{subject_id}.pdf")


_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def zip_entry_name(certificate: Certificate) -> str:
    """A file name for the certificate inside the ZIP: the holder's name as printed, then the code."""
    holder = certificate.snapshot["holder"]
    name = " ".join(p for p in (holder.get("name"), holder.get("name_other")) if p)
    name = _UNSAFE_IN_NAME.sub("_", name).strip(" .") or "certificate"
    return f"{name} {certificate.code_display}.pdf"


@bp.route("/certificates/<any(workshop, module, exchange):subject>/<int:subject_id>/print.zip")
@roles(*STAFF)
def print_zip(subject: str, subject_id: int):
    """Every valid certificate of the subject as separate PDFs in a ZIP, named by participant."""
    item = _subject_or_404(subject, subject_id)
    certificates = _live_in_roster_order(item)
    if not certificates:
        flash(_("No certificates have been issued yet."), "info")
        return redirect(url_for(".eligibility", subject=subject, subject_id=subject_id))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            issued = certificate.issued_at
            info = zipfile.ZipInfo(
                zip_entry_name(certificate),
                date_time=(issued.year, issued.month, issued.day, issued.hour, issued.minute, 0),
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, snapshots.render_certificate(certificate))
    response = Response(buffer.getvalue(), mimetype="application/zip")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="certificates-{subject}-{subject_id}.zip"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- One certificate -----------------------------------------------------------------------------


@bp.route("/certificates/<int:certificate_id>/download")
@owner
def download(certificate_id: int):
    """The holder's own certificate as PDF (coordinators and admins may download any)."""
    certificate = _certificate_or_404(certificate_id)
    is_staff = current_user.has_role(*STAFF)
    if certificate.holder_id != current_user.id and not is_staff:
        abort(404)
    if certificate.status != Status.LIVE and not is_staff:
        abort(404)
    return _pdf_response(
        snapshots.render_certificate(certificate), f"certificate-{certificate.code_display}.pdf"
    )


@bp.route("/certificates/<int:certificate_id>")
@roles(*STAFF)
def detail(certificate_id: int):
    """One certificate for staff: what it says, its history, reissue and revoke."""
    certificate = _certificate_or_404(certificate_id)
    replaced_by = db.session.scalar(
        sa.select(Certificate).where(Certificate.supersedes_id == certificate.id)
    )
    return render_template(
        "certificates/detail.html",
        certificate=certificate,
        holder_name=services.holder_name_for_verification(certificate),
        replaced_by=replaced_by,
        reissue_form=ReasonForm(prefix="reissue"),
        revoke_form=ReasonForm(prefix="revoke"),
    )


@bp.route("/certificates/<int:certificate_id>/reissue", methods=["POST"])
@roles(*STAFF)
def reissue(certificate_id: int):
    """Issue a new certificate from today's data that supersedes this one."""
    certificate = _certificate_or_404(certificate_id)
    form = ReasonForm(prefix="reissue")
    if not form.validate_on_submit():
        flash(_("Give a reason for reissuing."), "error")
        return redirect(url_for(".detail", certificate_id=certificate.id), code=303)
    replacement = services.reissue(current_user, certificate, form.reason.data)
    db.session.commit()
    flash(_("A new certificate has been issued; the old one is now superseded."), "success")
    return redirect(url_for(".detail", certificate_id=replacement.id), code=303)


@bp.route("/certificates/<int:certificate_id>/revoke", methods=["POST"])
@roles(*STAFF)
def revoke(certificate_id: int):
    """Revoke the certificate; verification then shows it as revoked."""
    certificate = _certificate_or_404(certificate_id)
    form = ReasonForm(prefix="revoke")
    if not form.validate_on_submit():
        flash(_("Give a reason for revoking."), "error")
        return redirect(url_for(".detail", certificate_id=certificate.id), code=303)
    services.revoke(current_user, certificate, form.reason.data)
    db.session.commit()
    flash(_("The certificate has been revoked."), "success")
    return redirect(url_for(".detail", certificate_id=certificate.id), code=303)


# --- Register ------------------------------------------------------------------------------------


def _register_query() -> tuple[RegisterFilterForm, sa.Select]:
    form = RegisterFilterForm(request.args)
    form.validate()
    query = (
        sa.select(Certificate)
        .options(selectinload(Certificate.holder))
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    )
    if form.kind.data and not form.kind.errors:
        query = query.where(Certificate.kind == form.kind.data)
    if form.status.data and not form.status.errors:
        query = query.where(Certificate.status == form.status.data)
    text = (form.q.data or "").strip() if not form.q.errors else ""
    if text:
        code = codes.normalise(text)
        pattern = f"%{text.lower()}%"
        query = query.outerjoin(User, User.id == Certificate.holder_id).where(
            sa.or_(
                Certificate.code.like(f"%{code}%"),
                sa.func.lower(User.family_name_latin).like(pattern),
                sa.func.lower(User.given_name_latin).like(pattern),
                (User.family_name_zh + User.given_name_zh).like(f"%{text}%"),
            )
        )
    return form, query


@bp.route("/certificates/")
@roles(*STAFF)
def register():
    """Every certificate issued, superseded or revoked, with its code; filters."""
    form, query = _register_query()
    page = db.paginate(query, per_page=PAGE_SIZE, error_out=False)
    return render_template("certificates/register.html", form=form, page=page)


@bp.route("/certificates/register.csv")
@roles(*STAFF)
def register_csv():
    """The register as CSV (the filters apply), headers in both languages."""
    _form, query = _register_query()
    language = current_language()
    header = [
        "验证码 / Code",
        "类型 / Kind",
        "状态 / Status",
        "持有人 / Holder",
        "标题 / Title (en)",
        "标题 / Title (zh)",
        "颁发日期 / Issued",
        "颁发人 / Issued by",
        "例外理由 / Override reason",
        "取代 / Supersedes",
        "撤销日期 / Revoked",
        "撤销理由 / Revocation reason",
    ]
    certificates = db.session.scalars(query.options(selectinload(Certificate.issued_by))).all()
    replaced = {c.supersedes_id for c in certificates if c.supersedes_id}
    codes_by_id = dict(
        db.session.execute(
            sa.select(Certificate.id, Certificate.code).where(Certificate.id.in_(replaced))
        ).all()
    )
    rows = []
    for c in certificates:
        supersedes = codes_by_id.get(c.supersedes_id)
        rows.append(
            [
                c.code_display,
                str(c.kind_enum.label),
                str(Status(c.status).label),
                services.holder_name_for_verification(c),
                c.title_en,
                c.title_zh,
                c.issued_at.date().isoformat(),
                c.issued_by.name.display(language) if c.issued_by else "",
                c.override_reason,
                codes.display(supersedes) if supersedes else "",
                c.revoked_at.date().isoformat() if c.revoked_at else "",
                c.revoke_reason,
            ]
        )
    return csv_response("certificates.csv", header, rows)
