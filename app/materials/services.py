"""Trainers' files for modules and workshops: upload, new versions, delete and restore, who may
download.

Services in the house style: plain values in, flush, DomainError out, never commit.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.storage import ValidatedUpload, store_upload
from app.extensions import db
from app.learning import authors
from app.learning.models import Module
from app.learning.services import is_staff
from app.workshops.standing import standing_of

from .models import Material, MaterialVersion


class MaterialNotFound(DomainError):
    """No such material, or the requester may not see it."""

    status = 404

    def __init__(self):
        super().__init__(_l("This file is not available."))


def add_material(
    module: Module | None,
    upload: ValidatedUpload,
    user,
    title_en: str = "",
    title_zh: str = "",
    workshop=None,
) -> Material:
    """Attach a new file to a module, or to a workshop when `workshop` is given."""
    material = Material(
        module_id=module.id if module is not None else None,
        workshop_id=workshop.id if workshop is not None else None,
        title_en=title_en.strip(),
        title_zh=title_zh.strip(),
        created_by_id=user.id,
    )
    db.session.add(material)
    db.session.flush()
    _add_version(material, upload, user, 1)
    audit.record(user, "material.uploaded", material, after={"file": upload.original_name})
    return material


def _add_version(material: Material, upload: ValidatedUpload, user, number: int) -> None:
    stored = store_upload(upload, uploaded_by=user)
    db.session.add(
        MaterialVersion(
            material_id=material.id,
            number=number,
            stored_file_id=stored.id,
            uploaded_by_id=user.id,
        )
    )
    db.session.flush()
    db.session.refresh(material, ["versions"])


def replace_material(material: Material, upload: ValidatedUpload, user) -> MaterialVersion:
    """Upload a new version of a material; the earlier versions are kept."""
    # Lock the material's row with a write (portable: PostgreSQL locks the row, SQLite the
    # file) before reading the highest number, so two replacements never pick the same one.
    db.session.execute(
        sa.update(Material).where(Material.id == material.id).values(deleted_at=Material.deleted_at)
    )
    locked = db.session.get(Material, material.id)
    number = (
        db.session.scalar(
            sa.select(sa.func.max(MaterialVersion.number)).where(
                MaterialVersion.material_id == locked.id
            )
        )
        or 0
    ) + 1
    _add_version(locked, upload, user, number)
    audit.record(
        user, "material.replaced", locked, after={"file": upload.original_name, "version": number}
    )
    return locked.current


def delete_material(material: Material, user) -> None:
    """Hide a material from everyone but staff, who can restore it."""
    if material.deleted_at is None:
        material.deleted_at = utcnow()
        audit.record(user, "material.deleted", material)
    db.session.flush()


def restore_material(material: Material, user) -> None:
    """Show a deleted material again."""
    if material.deleted_at is not None:
        material.deleted_at = None
        audit.record(user, "material.restored", material)
    db.session.flush()


def workshop_materials(workshop, include_deleted: bool) -> list[Material]:
    """A workshop's materials with their versions and files, newest first (two queries)."""
    return _materials(Material.workshop_id == workshop.id, include_deleted)


def module_materials(module: Module, include_deleted: bool) -> list[Material]:
    """A module's materials with their versions and files, newest first (two queries)."""
    return _materials(Material.module_id == module.id, include_deleted)


def _materials(owner_clause, include_deleted: bool) -> list[Material]:
    query = (
        sa.select(Material)
        .where(owner_clause)
        .options(sa.orm.selectinload(Material.versions).joinedload(MaterialVersion.stored_file))
        .order_by(Material.created_at.desc(), Material.id.desc())
    )
    if not include_deleted:
        query = query.where(Material.deleted_at.is_(None))
    return list(db.session.scalars(query))


def material_for_download(material_id: int, user) -> Material:
    """The material if the user may download it: staff always, others when shown and published."""
    material = db.session.get(Material, material_id)
    if material is None:
        raise MaterialNotFound()
    if material.workshop_id is not None:
        return _workshop_material_for_download(material, user)
    module = db.session.get(Module, material.module_id)
    if is_staff(user):
        return material
    if material.deleted_at is not None or module is None or not module.is_published:
        raise MaterialNotFound()
    return material


def _workshop_material_for_download(material: Material, user) -> Material:
    """Workshop files go to coordinators, the workshop's trainers and its confirmed participants."""
    standing = _workshop_standing(material, user)
    if standing == "trainer":
        return material
    if material.deleted_at is not None or standing != "participant":
        raise MaterialNotFound()
    return material


def _workshop_standing(material: Material, user) -> str | None:
    """The person's standing in the material's workshop: "trainer", "participant" or None."""
    return standing_of(material.workshop_id, user)


def may_manage(material: Material, user) -> bool:
    """A module's files are managed by its authors, coordinators and admins; a workshop's by
    coordinators and its trainers."""
    if material.workshop_id is None:
        module = db.session.get(Module, material.module_id)
        return is_staff(user) and module is not None and authors.can_change(user, module)
    return _workshop_standing(material, user) == "trainer"
