"""The import itself: the whole list into the workshop in one transaction, or nothing.

Imported people are placed by the workshops' own registration service, in the file's order:
a seat while seats are left, then the waiting list; on a workshop that requires approval every
imported person becomes a request awaiting a coordinator's approval. Existing accounts (matched by
e-mail, case-insensitively) are registered as they are, with only their empty profile fields
filled from the file, and told by e-mail; new accounts are created as trainees and invited by a
bilingual e-mail to choose a password.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.auth.models import User
from app.auth.services import create_user, make_reset_token
from app.core.access import Role
from app.core.audit import record
from app.core.mail import queue_mail
from app.core.urls import public_url
from app.workshops import registration as workshop_registration
from app.workshops import services as workshop_services
from app.workshops.models import Registration, Workshop

from .columns import check_mapping
from .models import RosterImport
from .nominations import Nominee
from .services import (
    DecisionMissing,
    RosterError,
    RowKind,
    RowsRefused,
    _delete_import,
    build_preview,
)


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
    _refuse_unless_ready(preview, decisions)
    summary = ImportSummary()
    invitations: list[tuple[User, Registration]] = []
    notices: list[tuple[User, Registration]] = []
    for row in preview.rows:
        person = _person_for(row, decisions, workshop, summary)
        if person is None:
            continue
        user, created = person
        registration = _place(user, workshop, summary)
        if registration is not None:
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


def _refuse_unless_ready(preview, decisions: dict[int, str]) -> None:
    """Refuse the import while a column is unmapped, a row has problems, or a possible duplicate
    has no decision."""
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


def _person_for(
    row, decisions: dict[int, str], workshop, summary: ImportSummary
) -> tuple[User, bool] | None:
    """The account a row is imported to, and whether it was created now; None when the row is
    skipped or already registered (counted in the summary either way)."""
    nominee = row.nominee
    user = row.user
    if row.kind == RowKind.ALREADY_REGISTERED:
        summary.already += 1
        return None
    if row.kind == RowKind.POSSIBLE_DUPLICATE:
        choice = decisions[nominee.row]
        if choice == "skip":
            summary.skipped += 1
            return None
        if choice.startswith("user:"):
            user = next(u for u in row.candidates if f"user:{u.id}" == choice)
            if workshop_registration.current_registration(workshop, user) is not None:
                summary.already += 1
                return None
    if user is None:
        user = create_user(
            nominee.email,
            secrets.token_urlsafe(32),
            nominee.profile(),
            roles={Role.TRAINEE},
        )
        summary.created += 1
        return user, True
    _fill_blanks(user, nominee)
    summary.matched += 1
    return user, False


def _place(user: User, workshop, summary: ImportSummary) -> Registration | None:
    """Register the person by the coordinator's decision; None when they were registered
    meanwhile (by themselves or another coordinator: already where wanted)."""
    try:
        registration = workshop_registration.register(
            user, workshop, workshop_registration.Answers(), by_coordinator=True
        )
    except workshop_services.ConflictError:
        if workshop_registration.current_registration(workshop, user) is None:
            raise
        summary.already += 1
        return None
    summary.placed[registration.status] = summary.placed.get(registration.status, 0) + 1
    return registration


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
