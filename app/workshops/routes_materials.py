"""A workshop's files: slides, handouts and reading packs its trainers and coordinators upload."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.access import Role, roles
from app.core.storage import UploadRejected, validate_upload
from app.extensions import db
from app.learning import materials as files
from app.learning.forms import MaterialUploadForm
from app.learning.routes import MATERIAL_TYPES, max_material_bytes, render_materials_page

from . import bp
from .routes import _teaching_workshop


@bp.route("/<int:workshop_id>/materials", methods=["GET", "POST"])
@roles(Role.TRAINER, Role.COORDINATOR, Role.ADMIN)
def materials(workshop_id: int):
    """Coordinators and the workshop's own trainers upload, replace, delete and restore its files."""
    workshop = _teaching_workshop(workshop_id)
    form = MaterialUploadForm()
    if form.validate_on_submit():
        try:
            upload = validate_upload(form.file.data, MATERIAL_TYPES, max_material_bytes())
        except UploadRejected as error:
            form.file.errors = [str(error)]
        else:
            files.add_material(
                None,
                upload,
                current_user,
                form.title_en.data or "",
                form.title_zh.data or "",
                workshop=workshop,
            )
            db.session.commit()
            flash(_("%(name)s was uploaded.", name=upload.original_name), "success")
            return redirect(url_for("workshops.materials", workshop_id=workshop.id))
    return render_materials_page(
        form,
        workshop,
        files.workshop_materials(workshop, include_deleted=True),
        back_url=url_for("workshops.detail", workshop_id=workshop.id),
        is_workshop=True,
    )
