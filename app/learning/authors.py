"""Who may change a module: its authors, and coordinators and admins.

Any trainer could once edit, unpublish or delete any module and its materials, the reviewed ILO
modules included. Now a browser-authored module records its creator as its author; coordinators
add further authors; a module from the reviewed files (materials/) has its status changed only by
coordinators and admins. Lessons, quizzes, questions and materials follow their module.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core import audit
from app.core.access import Role
from app.core.errors import DomainError
from app.extensions import db

from .models import Module, ModuleOwner, module_authors

#: Who may change every module and add authors.
EDITORS_IN_CHIEF = (Role.COORDINATOR, Role.ADMIN)


class NotAnAuthor(DomainError):
    """A trainer tried to change a module they are not an author of."""

    status = 403

    def __init__(self):
        super().__init__(
            _l("Only the module's authors, coordinators and administrators can change this module.")
        )


class StatusOfReviewedModule(DomainError):
    """A trainer tried to publish, unpublish or archive a module from the reviewed files."""

    status = 403

    def __init__(self):
        super().__init__(
            _l("Only coordinators and administrators can change the status of a reviewed module.")
        )


class NoSuchTrainer(DomainError):
    """The address given for a new author names no trainer."""

    status = 400

    def __init__(self):
        super().__init__(_l("No trainer, coordinator or administrator has this e-mail address."))


def is_editor_in_chief(user: Any) -> bool:
    """Coordinators and admins change every module."""
    return bool(user and user.is_authenticated and user.has_role(*EDITORS_IN_CHIEF))


def is_author(user: Any, module: Module) -> bool:
    """Whether `user` is one of the module's recorded authors."""
    if not (user and user.is_authenticated):
        return False
    return bool(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(module_authors)
            .where(module_authors.c.module_id == module.id, module_authors.c.user_id == user.id)
        )
    )


def can_change(user: Any, module: Module) -> bool:
    """Whether `user` may change the module, its lessons, quizzes, questions and materials."""
    return is_editor_in_chief(user) or is_author(user, module)


def require_change(user: Any, module: Module) -> None:
    """Refuse (403) a change by someone who is not an author, coordinator or admin."""
    if not can_change(user, module):
        raise NotAnAuthor()


def require_status_change(user: Any, module: Module) -> None:
    """Refuse a status change: reviewed modules' only by coordinators and admins."""
    if module.owner == ModuleOwner.FILES.value and not is_editor_in_chief(user):
        raise StatusOfReviewedModule()
    require_change(user, module)


def add_author(module: Module, user: Any, actor: Any) -> bool:
    """Record `user` as an author of `module` (the caller commits); False if already one."""
    if not user.has_role(Role.TRAINER, *EDITORS_IN_CHIEF):
        raise NoSuchTrainer()
    if user in module.authors:
        return False
    module.authors.append(user)
    audit.record(actor, "module.author_added", module, after={"author": user.id})
    return True
