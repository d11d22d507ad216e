"""The workshops' domain errors (raised by services.py and registration.py, shown by the routes)."""

from __future__ import annotations

from app.core.errors import DomainError


class WorkshopError(DomainError):
    """A workshop rule refused the action."""


class ConflictError(WorkshopError):
    """The action conflicts with the workshop's current state."""

    status = 409
