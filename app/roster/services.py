"""Roster import rules: upload, preview and an all-or-nothing import into a workshop.

Imported people are placed by the workshops' own registration service, in the file's order:
a seat while seats are left, then the waiting list; on a workshop that requires approval every
imported person becomes a request awaiting a coordinator's approval. Existing accounts (matched by
e-mail, case-insensitively) are registered as they are, with only their empty profile fields
filled from the file; new accounts are created as trainees and invited by e-mail to choose a
password. Services flush and raise domain errors; the route commits once.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage

from app.auth.models import User
from app.auth.services import create_user, make_reset_token
from app.core.access import Role
from app.core.audit import record
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.mail import queue_mail
from app.core.storage import StoredFile, get_storage, store_upload, validate_upload
from app.core.urls import public_url
from app.extensions import db
from app.workshops import services as workshop_services
from app.workshops.models import LIVE_STATUSES, Registration, RegistrationStatus, Workshop

from .models import RosterImport
from .nominations import (
    Checked,
    Nominee,
    Target,
    check_mapping,
    check_rows,
    guess_mapping,
    header_score,
)
from .reading import EXTENSIONS, FileProblem, Table, read_table

#: Largest nomination list accepted, in bytes (never more than the app's upload limit).
MAX_BYTES = 5 * 1024 * 1024
#: Uploaded lists not imported within this time are deleted.
KEEP_FOR = timedelta(days=1)


class RosterError(DomainError):
    """A roster-import rule refused the action."""


class FileRefused(RosterError):
    """The file as a whole cannot be read; `problem` says why."""

    def __init__(self, problem: FileProblem):
        from .messages import file_message

        super().__init__(file_message(problem))
        self.problem = problem


class RowsRefused(RosterError):
    """The list has problems; nothing was imported."""

    status = 422

    def __init__(self, checked: Checked):
        super().__init__(
            _l("The list has problems, so nothing was imported. Correct the rows and try again.")
        )
        self.checked = checked


class DecisionMissing(RosterError):
    """A possible duplicate has no decision."""

    def __init__(self, rows: list[int]):
        super().__init__(
            _l(
                "Choose what to do with each possible duplicate (rows %(rows)s).",
                rows=", ".join(str(r) for r in rows),
            )
        )
        self.rows = rows


def max_bytes() -> int:
    """The size limit for a nomination list."""
    return min(MAX_BYTES, current_app.config.get("MAX_CONTENT_LENGTH") or MAX_BYTES)


def _delete_import(roster_import: RosterImport) -> str:
    """Remove an import and its file record; returns the storage key to delete after commit."""
    stored = roster_import.stored_file
    key = stored.key
    db.session.delete(roster_import)
    db.session.flush()
    db.session.delete(stored)
    db.session.flush()
    return key


def prune_old_imports(now=None) -> list[str]:
    """Delete imports older than KEEP_FOR; returns the storage keys to delete after commit."""
    cutoff = (now or utcnow()) - KEEP_FOR
    old = db.session.scalars(sa.select(RosterImport).where(RosterImport.created_at < cutoff))
    return [_delete_import(item) for item in list(old)]


def delete_files(keys: Iterable[str]) -> None:
    """Delete stored bytes (after the transaction that removed their records has committed)."""
    storage = get_storage()
    for key in keys:
        storage.delete(key)


def start_import(actor: User, workshop: Workshop, upload: FileStorage | None) -> RosterImport:
    """Check and keep an uploaded nomination list for its mapping and preview."""
    if not workshop_services.enrolment_open(workshop):
        raise workshop_services.ConflictError(
            _l(
                "People can be added to this workshop only while it is published and has not started."
            )
        )
    validated = validate_upload(upload, EXTENSIONS, max_bytes())
    try:
        read_table(validated.data, validated.extension, header_score)
    except FileProblem as problem:
        raise FileRefused(problem) from None
    stored = store_upload(validated, uploaded_by=actor)
    roster_import = RosterImport(
        workshop_id=workshop.id, uploaded_by_id=actor.id, stored_file_id=stored.id
    )
    db.session.add(roster_import)
    db.session.flush()
    return roster_import


def load_table(roster_import: RosterImport) -> Table:
    """The uploaded list, read again from storage."""
    stored: StoredFile = roster_import.stored_file
    with get_storage().open(stored.key) as handle:
        data = handle.read()
    try:
        return read_table(data, stored.extension, header_score)
    except FileProblem as problem:
        raise FileRefused(problem) from None


def mapping_for(roster_import: RosterImport, table: Table) -> list[Target]:
    """The coordinator's mapping, or the recognised one until they set it."""
    if roster_import.mapping and len(roster_import.mapping) == len(table.headers):
        return [Target(value) for value in roster_import.mapping]
    return guess_mapping(table)


def save_mapping(roster_import: RosterImport, mapping: list[Target]) -> None:
    """Keep the coordinator's mapping (the route has checked it with `check_mapping`)."""
    roster_import.mapping = [target.value for target in mapping]


# --- Preview -------------------------------------------------------------------------------------


class RowKind:
    """How a row will be imported."""

    EXISTING = "existing"
    NEW = "new"
    POSSIBLE_DUPLICATE = "possible_duplicate"
    ALREADY_REGISTERED = "already_registered"


@dataclass
class PreviewRow:
    """One person as they will be imported."""

    nominee: Nominee
    kind: str
    #: The account matched by e-mail (EXISTING, ALREADY_REGISTERED).
    user: User | None = None
    #: Accounts with the same name and organisation but another e-mail (POSSIBLE_DUPLICATE).
    candidates: list[User] = field(default_factory=list)
    #: Their live registration, when already registered.
    registration: Registration | None = None
    #: Where the person is expected to be placed: a RegistrationStatus value, or '' (not placed).
    placement: str = ""


@dataclass
class Preview:
    """The whole list as it will be imported, or its problems."""

    table: Table
    mapping: list[Target]
    checked: Checked
    rows: list[PreviewRow]

    @property
    def problems(self):
        """Row problems; the list is refused while there are any."""
        return self.checked.problems

    def count(self, kind: str) -> int:
        """How many rows are of a kind."""
        return sum(row.kind == kind for row in self.rows)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def _same_name(user: User, nominee: Nominee) -> bool:
    chinese = nominee.family_name_zh + nominee.given_name_zh
    if chinese and user.name.chinese:
        return chinese == user.name.chinese
    latin = _fold(f"{nominee.family_name_latin} {nominee.given_name_latin}")
    user_latin = _fold(f"{user.family_name_latin} {user.given_name_latin}")
    return bool(latin.strip()) and latin == user_latin


def _inactive_emails(addresses: Iterable[str]) -> set[str]:
    wanted = list(set(addresses))
    if not wanted:
        return set()
    return set(
        db.session.scalars(
            sa.select(sa.func.lower(User.email)).where(
                sa.func.lower(User.email).in_(wanted), User.active.is_(False)
            )
        )
    )


def build_preview(roster_import: RosterImport, mapping: list[Target] | None = None) -> Preview:
    """Every row as it will be imported: matched accounts, new accounts, possible duplicates."""
    table = load_table(roster_import)
    mapping = mapping or mapping_for(roster_import, table)
    checked = check_rows(table, mapping, _inactive_emails)
    if checked.problems or check_mapping(mapping):
        return Preview(table, mapping, checked, [])
    nominees = checked.nominees
    emails = [n.email for n in nominees]
    accounts = {
        user.email.lower(): user
        for user in db.session.scalars(sa.select(User).where(sa.func.lower(User.email).in_(emails)))
    }
    registered = {
        r.user_id: r
        for r in db.session.scalars(
            sa.select(Registration).where(
                Registration.workshop_id == roster_import.workshop_id,
                Registration.status.in_(LIVE_STATUSES),
                Registration.user_id.in_([u.id for u in accounts.values()]),
            )
        )
    }
    # Candidates for possible duplicates: active accounts with the same name (organisation and
    # name are compared in Python, folded the same way on both sides).
    new = [n for n in nominees if n.email not in accounts]
    chinese = {n.family_name_zh + n.given_name_zh for n in new} - {""}
    families = {n.family_name_latin.lower() for n in new} - {""}
    namesakes: list[User] = []
    if chinese or families:
        namesakes = list(
            db.session.scalars(
                sa.select(User)
                .where(
                    User.active.is_(True),
                    sa.or_(
                        (User.family_name_zh + User.given_name_zh).in_(chinese),
                        sa.func.lower(User.family_name_latin).in_(families),
                    ),
                )
                .order_by(User.id)
            )
        )
    rows = []
    for nominee in nominees:
        user = accounts.get(nominee.email)
        if user is not None:
            registration = registered.get(user.id)
            kind = RowKind.ALREADY_REGISTERED if registration else RowKind.EXISTING
            rows.append(PreviewRow(nominee, kind, user=user, registration=registration))
            continue
        organisation = _fold(nominee.organisation)
        candidates = [
            u
            for u in namesakes
            if organisation and _fold(u.organisation) == organisation and _same_name(u, nominee)
        ]
        kind = RowKind.POSSIBLE_DUPLICATE if candidates else RowKind.NEW
        rows.append(PreviewRow(nominee, kind, candidates=candidates))
    _predict_placement(roster_import.workshop, rows)
    return Preview(table, mapping, checked, rows)


def _predict_placement(workshop: Workshop, rows: list[PreviewRow]) -> None:
    seats = workshop.seats_left
    for row in rows:
        if row.kind == RowKind.ALREADY_REGISTERED:
            row.placement = row.registration.status
        elif workshop.requires_approval:
            row.placement = RegistrationStatus.REQUESTED
        elif seats > 0:
            row.placement = RegistrationStatus.CONFIRMED
            seats -= 1
        else:
            row.placement = RegistrationStatus.WAITING


# --- Import --------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    """What an import did."""

    created: int = 0
    matched: int = 0
    skipped: int = 0
    already: int = 0
    placed: dict[str, int] = field(default_factory=dict)


def _fill_blanks(user: User, nominee: Nominee) -> list[str]:
    filled = []
    for name, value in nominee.profile().items():
        if name == "preferred_language" or not value:
            continue
        if not getattr(user, name):
            setattr(user, name, value)
            filled.append(name)
    return filled


def run_import(
    actor: User, roster_import: RosterImport, decisions: dict[int, str]
) -> tuple[ImportSummary, str]:
    """Import the whole list into the workshop, or nothing (raises); returns the summary and
    the storage key of the uploaded file, to delete once the caller has committed.

    `decisions` maps the row number of each possible duplicate to 'user:<id>', 'new' or 'skip'.
    """
    workshop = roster_import.workshop
    preview = build_preview(roster_import)
    if check_mapping(preview.mapping):
        raise RosterError(_l("Choose what each column holds first."))
    if preview.problems:
        raise RowsRefused(preview.checked)
    missing = []
    for row in preview.rows:
        if row.kind == RowKind.POSSIBLE_DUPLICATE:
            allowed = {"new", "skip"} | {f"user:{u.id}" for u in row.candidates}
            if decisions.get(row.nominee.row) not in allowed:
                missing.append(row.nominee.row)
    if missing:
        raise DecisionMissing(missing)
    summary = ImportSummary()
    invitations: list[tuple[User, Registration]] = []
    notices: list[tuple[User, Registration]] = []
    for row in preview.rows:
        nominee = row.nominee
        user, created = row.user, False
        if row.kind == RowKind.ALREADY_REGISTERED:
            summary.already += 1
            continue
        if row.kind == RowKind.POSSIBLE_DUPLICATE:
            choice = decisions[nominee.row]
            if choice == "skip":
                summary.skipped += 1
                continue
            if choice.startswith("user:"):
                user = next(u for u in row.candidates if f"user:{u.id}" == choice)
                if workshop_services.current_registration(workshop, user) is not None:
                    summary.already += 1
                    continue
        if user is None:
            user = create_user(
                nominee.email,
                secrets.token_urlsafe(32),
                nominee.profile(),
                roles={Role.TRAINEE},
            )
            created = True
            summary.created += 1
        else:
            _fill_blanks(user, nominee)
            summary.matched += 1
        try:
            registration = workshop_services.register(
                user, workshop, workshop_services.Answers(), by_coordinator=True
            )
        except workshop_services.ConflictError:
            # Registered meanwhile (by themselves or another coordinator): already where wanted.
            if workshop_services.current_registration(workshop, user) is None:
                raise
            summary.already += 1
            continue
        summary.placed[registration.status] = summary.placed.get(registration.status, 0) + 1
        (invitations if created else notices).append((user, registration))
    for user, registration in invitations:
        send_invitation(user, workshop, registration)
    for user, registration in notices:
        queue_mail(user, "roster_registered", workshop=workshop, registration=registration)
    record(
        actor,
        "workshop.roster_imported",
        workshop,
        after={
            "created": summary.created,
            "matched": summary.matched,
            "skipped": summary.skipped,
            "already_registered": summary.already,
            "placed": summary.placed,
        },
        note=roster_import.stored_file.original_name,
    )
    key = _delete_import(roster_import)
    return summary, key


def discard_import(roster_import: RosterImport) -> str:
    """Drop an upload without importing it; returns the storage key to delete after commit."""
    return _delete_import(roster_import)


def _absolute_url(endpoint: str, **values) -> str:
    """An absolute link for an e-mail, also outside a request (`flask seed-demo`)."""
    if has_request_context():
        return public_url(endpoint, **values)
    path = current_app.url_map.bind("", script_name="/").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"] + path


def send_invitation(user: User, workshop: Workshop, registration: Registration) -> None:
    """Queue the bilingual invitation: the workshop, where the person stands, and a link to
    choose a password (valid for INVITATION_LINK_HOURS)."""
    url = _absolute_url("roster.accept_invitation", token=make_reset_token(user, invitation=True))
    days = current_app.config["INVITATION_LINK_HOURS"] // 24
    first = user.preferred_language if user.preferred_language in ("en", "zh") else "en"
    parts, subjects = [], []
    for language in (first, "en" if first == "zh" else "zh"):
        with force_locale(language):
            subjects.append(_("Your account on the EU–China Migration Training platform"))
            parts.append(
                render_template(
                    "mail/roster_invitation_part.txt",
                    recipient=user,
                    workshop=workshop,
                    registration=registration,
                    url=url,
                    days=days,
                    language=language,
                )
            )
    queue_mail(user, "roster_invitation", parts=parts, subjects=subjects)
