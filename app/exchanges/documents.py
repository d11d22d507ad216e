"""Who may see which exchange document: staff see all; a document shared with the delegation is
seen by its members; one tied to a member (a passport scan, a personal letter) only by that member.

Invitation letters list every member's passport number and date of birth, so a delegation member
must not download their colleagues' data just by being on the trip.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError

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
