"""Certificate work that grows with the number of people, as background jobs (app/core/jobs.py):
issuing to everyone who qualifies, the merged PDF and ZIP of a subject's certificates, and the
register's CSV once it is large (app/core/exports.py; its table is built in register.py).

Issuing commits in small batches, each complete in itself: a certificate is written whole with its
audit entry or not at all, and issuing skips anyone who already holds a valid one, so a worker
killed mid-way leaves no half-issued certificate and running the job again finishes the rest
(one certificate per person, however often it runs). The merged PDF and the ZIP are written to
storage in one piece and linked to the job only when complete.
"""

from __future__ import annotations

import io
import re
import zipfile

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.exports import Export, register_export
from app.core.jobs import N_, Job, JobFailed, JobKind, Progress, register_kind
from app.extensions import db
from app.workshops.participants import name_sort_key

from . import register, services, snapshots, subjects
from .eligibility import Kind
from .errors import SubjectMissing
from .models import Certificate, Status

#: Certificates issued per commit (each batch also records the progress).
BATCH = 20
#: URL word -> kind of certificate (as in routes.py).
SUBJECT_WORDS = {
    Kind.ATTENDANCE: "workshop",
    Kind.COMPLETION: "module",
    Kind.PARTICIPATION: "exchange",
}


def _subject(job: Job) -> subjects.Subject:
    try:
        return subjects.load_subject(Kind(job.params["kind"]), job.params["subject_id"])
    except SubjectMissing:
        raise JobFailed(N_("The workshop, module or exchange no longer exists.")) from None


def _back(job: Job) -> str | None:
    word = SUBJECT_WORDS.get(Kind(job.params["kind"]))
    return url_for("certificates.eligibility", subject=word, subject_id=job.params["subject_id"])


def run_issue_all(job: Job, progress: Progress) -> dict:
    """Issue to everyone who qualifies and holds no valid certificate yet."""
    subject = _subject(job)
    actor = db.session.get(User, job.owner_id) if job.owner_id else None
    due = [
        row
        for row in services.subject_rows(subject)
        if row.can_issue and row.verdict.qualifies and row.certificate is None
    ]
    progress.total(len(due))
    db.session.commit()
    issued = already = 0
    for number, row in enumerate(due, start=1):
        if number % BATCH == 1:
            progress.beat()  # the batch's transaction starts here
        _certificate, created = services.issue(actor, subject, row.user, row.verdict)
        issued += created
        already += not created
        progress.step()
        if number % BATCH == 0:
            db.session.commit()
    db.session.commit()
    return {
        "counts": {N_("Certificates issued"): issued, N_("Already held a certificate"): already}
    }


def live_in_roster_order(kind: Kind, subject_id: int) -> list[Certificate]:
    """The subject's valid certificates, in roster order."""
    certificates = db.session.scalars(
        sa.select(Certificate)
        .where(
            Certificate.kind == kind.value,
            Certificate.subject_id == subject_id,
            Certificate.status == Status.LIVE.value,
        )
        .options(selectinload(Certificate.holder))
    ).all()
    return sorted(
        certificates,
        key=lambda c: name_sort_key(c.holder) if c.holder is not None else ("", "", "", c.id),
    )


def _certificates(job: Job, progress: Progress) -> tuple[subjects.Subject, list[Certificate]]:
    subject = _subject(job)
    certificates = live_in_roster_order(subject.kind, subject.id)
    if not certificates:
        raise JobFailed(N_("No certificates have been issued yet."))
    progress.total(len(certificates))
    db.session.commit()
    return subject, certificates


def run_merged_pdf(job: Job, progress: Progress) -> dict:
    """Every valid certificate of the subject in one PDF, one per page."""
    subject, certificates = _certificates(job, progress)
    data = snapshots.render_merged(certificates, title=f"{subject.title_en} / {subject.title_zh}")
    word = SUBJECT_WORDS[subject.kind]
    progress.step(len(certificates))
    progress.file(data, f"certificates-{word}-{subject.id}.pdf", "application/pdf")
    db.session.commit()
    return {"counts": {N_("Certificates in the file"): len(certificates)}}


_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def zip_entry_name(certificate: Certificate) -> str:
    """A file name inside the ZIP: the holder's name as printed, then the code."""
    holder = certificate.snapshot["holder"]
    name = " ".join(p for p in (holder.get("name"), holder.get("name_other")) if p)
    name = _UNSAFE_IN_NAME.sub("_", name).strip(" .") or "certificate"
    return f"{name} {certificate.code_display}.pdf"


def run_zip(job: Job, progress: Progress) -> dict:
    """Every valid certificate of the subject as separate PDFs in a ZIP, named by participant."""
    subject, certificates = _certificates(job, progress)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, certificate in enumerate(certificates, start=1):
            issued = certificate.issued_at
            info = zipfile.ZipInfo(
                zip_entry_name(certificate),
                date_time=(issued.year, issued.month, issued.day, issued.hour, issued.minute, 0),
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, snapshots.render_certificate(certificate))
            progress.step()
            if number % BATCH == 0:
                db.session.commit()  # the progress only: the file is not linked until complete
    word = SUBJECT_WORDS[subject.kind]
    progress.file(buffer.getvalue(), f"certificates-{word}-{subject.id}.zip", "application/zip")
    db.session.commit()
    return {"counts": {N_("Certificates in the file"): len(certificates)}}


ISSUE_ALL = "certificates.issue_all"
MERGED_PDF = "certificates.merged_pdf"
ZIP = "certificates.zip"


def init_app() -> None:
    """Register the certificate job kinds."""
    register_kind(JobKind(ISSUE_ALL, _l("Issuing certificates"), run_issue_all, _back))
    register_kind(JobKind(MERGED_PDF, _l("All certificates in one PDF"), run_merged_pdf, _back))
    register_kind(JobKind(ZIP, _l("All certificates as a ZIP of PDFs"), run_zip, _back))
    register_export(
        Export(
            register.EXPORT,
            _l("Certificate register (CSV)"),
            register.table,
            lambda params: url_for(
                "certificates.register", **{k: v for k, v in params["filters"].items() if v}
            ),
        )
    )
