"""Certificate pages: eligibility and issuing, printing, downloads, the register, verification."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app.core import exports, jobs
from app.core.access import Role, owner, roles
from app.core.errors import refuse_to
from app.extensions import db

from . import bp, errors, services, snapshots, subjects
from . import jobs as certificate_jobs
from . import register as certificate_register
from .eligibility import Kind
from .forms import IssueAllForm, IssueOneForm, ReasonForm, RegisterFilterForm, RevokeForm
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
    """Issue to everyone who qualifies, as a background job; answers at once with its page."""
    item = _subject_or_404(subject, subject_id)
    if not IssueAllForm().validate_on_submit():
        return redirect(url_for(".eligibility", subject=subject, subject_id=subject_id), code=303)
    return _start_job(certificate_jobs.ISSUE_ALL, item)


def _start_job(kind: str, item: subjects.Subject):
    """Record and queue a certificate job, then show its page."""
    job = jobs.start(kind, current_user, kind=item.kind.value, subject_id=item.id)
    db.session.commit()
    jobs.launch(job)
    flash(_("The work has started. This page shows how far it has got."), "info")
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


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


def _pdf_response(data: bytes, filename: str, inline: bool = False) -> Response:
    response = Response(data, mimetype="application/pdf")
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route(
    "/certificates/<any(workshop, module, exchange):subject>/<int:subject_id>/print.pdf",
    methods=["POST"],
)
@roles(*STAFF)
def print_all(subject: str, subject_id: int):
    """Every valid certificate of the subject in one PDF, one per page, in roster order: built by
    a background job, then offered for download on its page."""
    item = _subject_or_404(subject, subject_id)
    if not IssueAllForm().validate_on_submit():
        abort(400)
    return _start_job(certificate_jobs.MERGED_PDF, item)


@bp.route(
    "/certificates/<any(workshop, module, exchange):subject>/<int:subject_id>/print.zip",
    methods=["POST"],
)
@roles(*STAFF)
def print_zip(subject: str, subject_id: int):
    """Every valid certificate of the subject as separate PDFs in a ZIP, named by participant:
    built by a background job, then offered for download on its page."""
    item = _subject_or_404(subject, subject_id)
    if not IssueAllForm().validate_on_submit():
        abort(400)
    return _start_job(certificate_jobs.ZIP, item)


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
        revoke_form=RevokeForm(prefix="revoke"),
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
    form = RevokeForm(prefix="revoke")
    if not form.validate_on_submit():
        if form.reason.errors:
            flash(_("Give a reason for revoking."), "error")
        else:
            flash(_("Tick the box to confirm that the certificate is to be revoked."), "error")
        return redirect(url_for(".detail", certificate_id=certificate.id), code=303)
    services.revoke(current_user, certificate, form.reason.data)
    db.session.commit()
    flash(_("The certificate has been revoked."), "success")
    return redirect(url_for(".detail", certificate_id=certificate.id), code=303)


# --- Register ------------------------------------------------------------------------------------


def _register_query() -> tuple[RegisterFilterForm, dict]:
    form = RegisterFilterForm(request.args)
    return form, certificate_register.filters(form)


@bp.route("/certificates/")
@roles(*STAFF)
def register():
    """Every certificate issued, superseded or revoked, with its code; filters."""
    form, values = _register_query()
    page = db.paginate(certificate_register.query(values), per_page=PAGE_SIZE, error_out=False)
    return render_template("certificates/register.html", form=form, page=page)


@bp.route("/certificates/register.csv", methods=["GET", "POST"])
@roles(*STAFF)
def register_csv():
    """The register as CSV (the filters apply), headers in both languages; a large register is
    prepared by a background job."""
    _form, values = _register_query()
    return exports.deliver(
        certificate_register.EXPORT, {"filters": values}, certificate_register.count(values)
    )
