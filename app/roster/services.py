"""Roster import rules: the upload, its column mapping and the preview of every row.

The import itself is in importing.py. Services flush and raise domain errors; the route commits
once. The uploaded file is kept (a RosterImport row and its stored file) only until the list is
imported or discarded, or for a day.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage

from app.auth.models import User
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.storage import StoredFile, get_storage, store_upload, validate_upload
from app.extensions import db
from app.workshops import registration as workshop_registration
from app.workshops import services as workshop_services
from app.workshops.models import LIVE_STATUSES, Registration, RegistrationStatus, Workshop

from .columns import Target, check_mapping, guess_mapping, header_score
from .messages import file_message
from .models import RosterImport
from .nominations import Checked, Nominee, check_rows
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
    if not workshop_registration.enrolment_open(workshop):
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


def discard_import(roster_import: RosterImport) -> str:
    """Drop an upload without importing it; returns the storage key to delete after commit."""
    return _delete_import(roster_import)
