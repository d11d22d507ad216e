"""The audit log as people read it: names instead of "user 26", a translated description of each
action, and before/after values as labelled text (Chinese file names as characters, not \\u
escapes, and enum values by their labels)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.auth.models import User
from app.core.audit import AuditEntry
from app.core.i18n import join_list, label
from app.extensions import db

#: What each action code means. Every code recorded anywhere in app/ has one (a test checks).
ACTION_DESCRIPTIONS = {
    "auth.locked": _l("Account locked after repeated failed sign-ins"),
    "auth.password_changed": _l("Changed their password"),
    "auth.password_reset": _l("Chose a new password with a reset link"),
    "auth.reset_requested": _l("Asked for a password reset link"),
    "auth.sign_in_failed": _l("Failed sign-in (wrong password)"),
    "auth.sign_in_refused_inactive": _l("Sign-in refused: the account is deactivated"),
    "auth.sign_in_refused_locked": _l("Sign-in refused: the account is locked"),
    "auth.signed_in": _l("Signed in"),
    "auth.signed_out_everywhere": _l("Signed out on every device"),
    "calendar_feed.issued": _l("Calendar subscription created"),
    "calendar_feed.revoked": _l("Calendar subscription deactivated"),
    "certificate.issued": _l("Certificate issued"),
    "certificate.reissued": _l("Certificate reissued"),
    "certificate.revoked": _l("Certificate revoked"),
    "certificate_template.saved": _l("Certificate template saved"),
    "exchange.created": _l("Exchange recorded"),
    "exchange.document_uploaded": _l("Exchange document uploaded"),
    "exchange.member_removed": _l("Delegation member removed"),
    "exchange.status_changed": _l("Exchange status changed"),
    "material.deleted": _l("Training material deleted"),
    "material.replaced": _l("Training material replaced by a new version"),
    "material.restored": _l("Training material restored"),
    "material.uploaded": _l("Training material uploaded"),
    "module.created": _l("Module created"),
    "module.restored": _l("Module restored"),
    "module.status": _l("Module status changed"),
    "question.created": _l("Quiz question created"),
    "question.deleted": _l("Quiz question deleted"),
    "question.edited": _l("Quiz question edited"),
    "quiz.created": _l("Quiz created"),
    "quiz.edited": _l("Quiz edited"),
    "registration.approved": _l("Registration approved"),
    "registration.declined": _l("Registration declined"),
    "survey.closed": _l("Evaluation survey closed"),
    "survey.created": _l("Evaluation survey created"),
    "survey.dates_changed": _l("Evaluation survey dates changed"),
    "survey.opened": _l("Evaluation survey opened"),
    "user.activated": _l("Account reactivated"),
    "user.anonymised": _l("Personal data erased"),
    "user.deactivated": _l("Account deactivated"),
    "user.deletion_requested": _l("Asked for their personal data to be erased"),
    "user.merged_away": _l("Account merged into another and closed"),
    "user.merged_into": _l("Another account merged into this one"),
    "user.reset_link_issued": _l("Reset link made by an administrator"),
    "user.roles_changed": _l("Roles changed"),
    "workshop.cancelled": _l("Workshop cancelled"),
    "workshop.cloned": _l("Workshop copied"),
    "workshop.completed": _l("Workshop marked completed"),
    "workshop.created": _l("Workshop created"),
    "workshop.edited": _l("Workshop edited"),
    "workshop.messaged": _l("Message sent to the participants"),
    "workshop.published": _l("Workshop published"),
    "workshop.registration_closed": _l("Workshop registration closed"),
    "workshop.roster_imported": _l("Nomination list imported"),
    "workshop_session.deleted": _l("Workshop session deleted"),
}

#: The kinds of object the log names.
OBJECT_TYPES = {
    "user": _l("Person"),
    "workshop": _l("Workshop"),
    "workshop_session": _l("Session"),
    "registration": _l("Registration"),
    "calendar_feed": _l("Calendar subscription"),
    "certificate": _l("Certificate"),
    "certificate_template": _l("Certificate template"),
    "exchange": _l("Exchange"),
    "exchange_document": _l("Exchange document"),
    "delegation_member": _l("Delegation member"),
    "material": _l("Training material"),
    "module": _l("Module"),
    "question": _l("Question"),
    "quiz": _l("Quiz"),
    "survey": _l("Evaluation survey"),
}

#: Labels of the before/after fields.
FIELD_LABELS = {
    "active": _l("Active"),
    "answered": _l("Answered"),
    "code": _l("Code"),
    "document": _l("Document"),
    "email": _l("E-mail"),
    "file": _l("File"),
    "filled": _l("Filled in"),
    "holder_id": _l("Holder"),
    "id": _l("Number"),
    "key": _l("Key"),
    "kind": _l("Kind"),
    "merged_from": _l("Merged from"),
    "merged_into": _l("Merged into"),
    "module": _l("Module"),
    "moved": _l("Moved"),
    "roles": _l("Roles"),
    "sections": _l("Sections"),
    "slug": _l("Short name"),
    "status": _l("Status"),
    "version": _l("Version"),
    "workshop_id": _l("Workshop"),
}

#: Fields that hold a person's id: shown by name.
PERSON_FIELDS = frozenset({"holder_id", "merged_from", "merged_into"})
#: Which labelled enum a "status" or "kind" value belongs to, by kind of object.
VALUE_ENUMS = {
    ("exchange", "status"): "exchanges.Status",
    ("workshop", "status"): "workshops.WorkshopStatus",
    ("registration", "status"): "workshops.RegistrationStatus",
    ("module", "status"): "learning.ModuleStatus",
    ("certificate", "status"): "certificates.Status",
    ("certificate", "kind"): "certificates.Kind",
}


def describe(action: str) -> str:
    """The action in the viewer's language (the code itself for an unknown one)."""
    description = ACTION_DESCRIPTIONS.get(action)
    return str(description) if description is not None else action


def object_type_label(object_type: str) -> str:
    """A kind of object in the viewer's language."""
    known = OBJECT_TYPES.get(object_type)
    return str(known) if known is not None else object_type.replace("_", " ")


@dataclass(frozen=True)
class Row:
    """One entry, ready to show."""

    entry: AuditEntry
    description: str
    object_kind: str
    object_person: User | None
    before: list[tuple[str, str]]
    after: list[tuple[str, str]]

    @property
    def at(self) -> datetime:
        return self.entry.at


def _person_ids(entries: list[AuditEntry]) -> set[int]:
    ids = set()
    for entry in entries:
        if entry.object_type == "user" and entry.object_id.isdigit():
            ids.add(int(entry.object_id))
        for values in (entry.before, entry.after):
            for key in PERSON_FIELDS & set(values or {}):
                if isinstance(values[key], int):
                    ids.add(values[key])
    return ids


def _value_text(value, key: str, object_type: str, people: dict[int, User], language: str) -> str:
    if key in PERSON_FIELDS and isinstance(value, int) and value in people:
        return people[value].name.display(language) or people[value].email
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or value == "" or value == []:
        return "—"
    if key == "roles" and isinstance(value, list):
        return join_list((label(v, "core.Role") for v in value), language)
    if isinstance(value, list):
        return join_list((str(v) for v in value), language)
    if isinstance(value, dict):
        return join_list((f"{k} {v}" for k, v in value.items()), language)
    enum = VALUE_ENUMS.get((object_type, key))
    return label(str(value), enum) if enum else str(value)


def readable(
    values: dict | None, object_type: str, people: dict[int, User], language: str
) -> list[tuple[str, str]]:
    """(label, value) pairs of a before/after record, as text."""
    pairs = []
    for key, value in (values or {}).items():
        known = FIELD_LABELS.get(key)
        name = str(known) if known is not None else key.replace("_", " ")
        pairs.append((name, _value_text(value, key, object_type, people, language)))
    return pairs


def audit_rows(entries: list[AuditEntry], language: str) -> list[Row]:
    """The page's entries as rows, with every person they name loaded in one query."""
    ids = _person_ids(entries)
    people = (
        {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
        if ids
        else {}
    )
    rows = []
    for entry in entries:
        person = (
            people.get(int(entry.object_id))
            if entry.object_type == "user" and entry.object_id.isdigit()
            else None
        )
        rows.append(
            Row(
                entry=entry,
                description=describe(entry.action),
                object_kind=object_type_label(entry.object_type),
                object_person=person,
                before=readable(entry.before, entry.object_type, people, language),
                after=readable(entry.after, entry.object_type, people, language),
            )
        )
    return rows
