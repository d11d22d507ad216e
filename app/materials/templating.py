"""Template globals of materials: the files listed on a module's page and on a workshop's page
(those pages belong to lower features, which do not import this one)."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from app.workshops.marking import can_take_attendance
from app.workshops.models import RegistrationStatus

from . import services


def materials_of_module(module) -> list:
    """The module's files shown to readers (deleted ones left out)."""
    return services.module_materials(module, include_deleted=False)


def materials_of_workshop(workshop, registration) -> list | None:
    """The workshop's files for its staff and confirmed participants; None for anyone else."""
    staff = can_take_attendance(current_user, workshop)
    confirmed = registration is not None and registration.status == RegistrationStatus.CONFIRMED
    if not (staff or confirmed):
        return None
    return services.workshop_materials(workshop, include_deleted=False)


def init_app(app: Flask) -> None:
    """Register the template globals."""
    app.add_template_global(materials_of_module)
    app.add_template_global(materials_of_workshop)
