"""Pages where staff manage trainers' files, for modules (under /learn) and workshops (under
/workshops), and where people download them. Thin: form -> service -> commit. The blueprint has
no URL prefix: each route names its path in full, so every URL stays where it was.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.access import Role, roles, signed_in
from app.core.forms import form_status
from app.core.i18n import localized
from app.core.storage import UploadRejected, send_stored_file, validate_upload
from app.extensions import db
from app.learning import authors
from app.learning import services as learning
from app.learning.models import Module
from app.workshops.marking import can_take_attendance
from app.workshops.models import Workshop

from . import bp
from . import services as files
from .forms import MaterialReplaceForm, MaterialUploadForm
from .models import Material, MaterialVersion

#: File types trainers may upload as materials.
MATERIAL_TYPES = frozenset(
    {"pdf", "pptx", "docx", "xlsx", "odt", "odp", "png", "jpg", "jpeg", "zip"}
)
STAFF = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)


def max_material_bytes() -> int:
    """The size limit of trainers' files, in bytes."""
    return int(float(current_app.config["MATERIAL_MAX_MB"]) * 1024 * 1024)


@bp.route("/learn/modules/<slug>/materials", methods=["GET", "POST"])
@roles(*STAFF)
def module_materials(slug: str):
    """Trainers upload, replace, delete and restore a module's files."""
    module = learning.module_for_reader(slug, current_user)
    authors.require_change(current_user, module)
    form = MaterialUploadForm()
    if form.validate_on_submit():
        try:
            upload = validate_upload(form.file.data, MATERIAL_TYPES, max_material_bytes())
        except UploadRejected as error:
            form.file.errors = [str(error)]
        else:
            files.add_material(
                module, upload, current_user, form.title_en.data or "", form.title_zh.data or ""
            )
            db.session.commit()
            flash(_("%(name)s was uploaded.", name=upload.original_name), "success")
            return redirect(url_for(".module_materials", slug=slug))
    return render_materials_page(
        form,
        module,
        files.module_materials(module, include_deleted=True),
        back_url=url_for("learning.module", slug=module.slug),
        is_workshop=False,
    )


def render_materials_page(form, owner, materials, back_url: str, is_workshop: bool):
    """The page where staff manage a module's or a workshop's files."""
    return render_template(
        "materials/materials.html",
        owner=owner,
        is_workshop=is_workshop,
        back_url=back_url,
        form=form,
        materials=materials,
        max_mb=f"{float(current_app.config['MATERIAL_MAX_MB']):g}",
        types=", ".join(sorted(MATERIAL_TYPES)).upper(),
    ), form_status(form)


def _staff_material(material_id: int) -> Material:
    material = db.get_or_404(Material, material_id)
    if not files.may_manage(material, current_user):
        abort(404)
    return material


def _materials_page(material: Material) -> str:
    """The page that manages a material: its module's or its workshop's."""
    if material.workshop_id is not None:
        return url_for(".workshop_materials", workshop_id=material.workshop_id)
    return url_for(".module_materials", slug=db.session.get(Module, material.module_id).slug)


@bp.route("/learn/materials/<int:material_id>/replace", methods=["POST"])
@roles(*STAFF)
def replace_material(material_id: int):
    """Upload a new version of a file; earlier versions stay downloadable for staff."""
    material = _staff_material(material_id)
    form = MaterialReplaceForm()
    page = _materials_page(material)
    try:
        upload = validate_upload(form.file.data, MATERIAL_TYPES, max_material_bytes())
    except UploadRejected as error:
        flash(str(error), "error")
        return redirect(page)
    files.replace_material(material, upload, current_user)
    db.session.commit()
    flash(_("A new version of the file was uploaded."), "success")
    return redirect(page)


@bp.route("/learn/materials/<int:material_id>/delete", methods=["GET", "POST"])
@roles(*STAFF)
def delete_material(material_id: int):
    """Hide a file from trainees (staff can restore it); GET asks first."""
    material = _staff_material(material_id)
    if request.method == "GET":
        name = localized(material, "title") or material.current.stored_file.original_name
        return render_template(
            "confirm.html",
            title=_("Delete a file"),
            question=_("Delete %(name)s?", name=name),
            detail=_("Trainees no longer see the file. Staff can restore it from the files page."),
            action=url_for("materials.delete_material", material_id=material.id),
            confirm_label=_("Yes, delete"),
            cancel_url=_materials_page(material),
        )
    files.delete_material(material, current_user)
    db.session.commit()
    flash(_("The file was deleted. Staff can restore it from this page."), "success")
    return redirect(_materials_page(material))


@bp.route("/learn/materials/<int:material_id>/restore", methods=["POST"])
@roles(*STAFF)
def restore_material(material_id: int):
    """Show a deleted file again."""
    material = _staff_material(material_id)
    files.restore_material(material, current_user)
    db.session.commit()
    flash(_("The file was restored."), "success")
    return redirect(_materials_page(material))


@bp.route("/learn/materials/<int:material_id>/download")
@signed_in
def download_material(material_id: int):
    """Download the current version (or, for staff, an earlier one) of a material."""
    material = files.material_for_download(material_id, current_user)
    version: MaterialVersion = material.current
    wanted = request.args.get("version", type=int)
    if wanted is not None:
        if not learning.is_staff(current_user):
            abort(404)
        version = next((v for v in material.versions if v.number == wanted), None)
        if version is None:
            abort(404)
    return send_stored_file(version.stored_file)


@bp.route("/workshops/<int:workshop_id>/materials", methods=["GET", "POST"])
@roles(Role.TRAINER, Role.COORDINATOR, Role.ADMIN)
def workshop_materials(workshop_id: int):
    """Coordinators and the workshop's own trainers upload, replace, delete and restore its files."""
    workshop = db.get_or_404(Workshop, workshop_id)
    if not can_take_attendance(current_user, workshop):  # its staff only (404 for others)
        abort(404)
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
            return redirect(url_for(".workshop_materials", workshop_id=workshop.id))
    return render_materials_page(
        form,
        workshop,
        files.workshop_materials(workshop, include_deleted=True),
        back_url=url_for("workshops.detail", workshop_id=workshop.id),
        is_workshop=True,
    )
