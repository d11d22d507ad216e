"""Who may see which exchange document: staff see all; a document shared with the delegation is
seen by its members; one tied to a member (a passport scan, a personal letter) only by that member.

Invitation letters list every member's passport number and date of birth, so a delegation member
must not download their colleagues' data just by being on the trip.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError
from app.core.personal_data import eraser, kept_on_erasure, staff_record
from app.core.storage import get_storage
from app.extensions import db

from .models import (
    DEFAULT_VISIBILITY,
    DelegationMember,
    DocumentVisibility,
    Exchange,
    ExchangeDocument,
)
from .services import is_staff


class MemberNotInDelegation(DomainError):
    """A document was to be tied to someone who is not in this exchange's delegation."""

    def __init__(self):
        super().__init__(_l("Choose a member of this delegation for a personal document."))


def default_visibility(kind: str) -> DocumentVisibility:
    """Who sees a document of this kind when the uploader does not say."""
    return DEFAULT_VISIBILITY.get(kind, DocumentVisibility.STAFF)


def can_download(user: Any, document: ExchangeDocument) -> bool:
    """Whether `user` may see and download `document`."""
    if is_staff(user):
        return True
    if not (user and user.is_authenticated):
        return False
    if document.visibility == DocumentVisibility.DELEGATION:
        return any(member.user_id == user.id for member in document.exchange.members)
    if document.visibility == DocumentVisibility.MEMBER:
        return document.member is not None and document.member.user_id == user.id
    return False


def visible_documents(user: Any, exchange: Exchange) -> list[ExchangeDocument]:
    """The exchange's documents that `user` may see, in the page's order."""
    return [document for document in exchange.documents if can_download(user, document)]


def choose_visibility(
    exchange: Exchange, kind: str, visibility: str | None, member_id: int | None
) -> tuple[DocumentVisibility, DelegationMember | None]:
    """Who will see a new document: the kind's default when `visibility` is empty; a personal
    document must name a member of the exchange's delegation (checked before anything is stored)."""
    chosen = DocumentVisibility(visibility) if visibility else default_visibility(kind)
    if chosen != DocumentVisibility.MEMBER:
        return chosen, None
    member = next((m for m in exchange.members if m.id == member_id), None)
    if member is None:
        raise MemberNotInDelegation()
    return chosen, member


def set_visibility(
    document: ExchangeDocument, chosen: DocumentVisibility, member: DelegationMember | None
) -> None:
    """Record who sees a document."""
    document.visibility = chosen.value
    document.member = member


staff_record(
    "exchanges.created_by_id",
    "exchange_status_changes.changed_by_id",
    "exchange_document_versions.uploaded_by_id",
)
kept_on_erasure(
    "exchange_status_changes.reason",
    why="a staff member's reason for moving the exchange along its workflow",
)


@eraser("exchange_documents")
def _erase_personal_documents(user: Any) -> None:
    """Documents tied to the person (passport scans, personal letters) go, with their files."""
    documents = db.session.scalars(
        sa.select(ExchangeDocument)
        .join(DelegationMember, ExchangeDocument.member_id == DelegationMember.id)
        .where(DelegationMember.user_id == user.id)
    ).all()
    stored_files = [version.stored_file for document in documents for version in document.versions]
    keys = [stored.key for stored in stored_files]
    for document in documents:
        db.session.delete(document)  # its versions go with it
    db.session.flush()
    for stored in stored_files:
        db.session.delete(stored)
    db.session.flush()
    storage = get_storage()

    session = db.session()

    def remove_files(_session) -> None:  # only once the erasure is committed
        for key in keys:
            storage.delete(key)
        sa.event.remove(session, "after_rollback", forget)

    def forget(_session) -> None:  # rolled back: the files are still referred to
        sa.event.remove(session, "after_commit", remove_files)
        sa.event.remove(session, "after_rollback", forget)

    sa.event.listen(session, "after_commit", remove_files)
    sa.event.listen(session, "after_rollback", forget)
