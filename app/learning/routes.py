"""Pages for reading modules, the glossary and trainers' materials. Thin: form -> service -> commit."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from app.core.access import Role, roles, signed_in
from app.core.forms import form_status
from app.core.i18n import current_language, localized, other_language
from app.core.storage import UploadRejected, send_stored_file, validate_upload
from app.core.urls import safe_next
from app.extensions import db

from . import bp, services
from . import materials as module_files
from .forms import MaterialReplaceForm, MaterialUploadForm
from .models import (
    AUDIENCE_LABELS,
    STATUS_LABELS,
    GlossaryTerm,
    Lesson,
    Material,
    MaterialVersion,
    Module,
    ReadingMode,
)
from .reading import languages_for, lesson_rows, lesson_term_slugs

#: File types trainers may upload as materials.
MATERIAL_TYPES = frozenset(
    {"pdf", "pptx", "docx", "xlsx", "odt", "odp", "png", "jpg", "jpeg", "zip"}
)
STAFF = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)


def _lesson_or_404(module, lesson_slug: str) -> Lesson:
    lesson = next((lesson for lesson in module.lessons if lesson.slug == lesson_slug), None)
    if lesson is None:
        abort(404)
    return lesson


@bp.route("/")
@signed_in
def catalogue():
    """The module catalogue, filtered by audience and language completeness."""
    audience = request.args.get("audience", "")
    language = request.args.get("language", "")
    if audience not in AUDIENCE_LABELS:
        audience = ""
    if language not in ("en", "zh", "both"):
        language = ""
    modules, stats = services.catalogue_modules(current_user, audience, language)
    return render_template(
        "learning/catalogue.html",
        modules=modules,
        stats=stats,
        audience=audience,
        language=language,
        audience_labels=AUDIENCE_LABELS,
        is_staff=services.is_staff(current_user),
        status_labels=STATUS_LABELS,
    )


@bp.route("/modules/<slug>")
@signed_in
def module(slug: str):
    """A module: summary, objectives, progress, lessons and the trainers' materials."""
    module = services.module_for_reader(slug, current_user)
    lessons = module.lessons
    done = services.completed_lesson_ids(current_user.id, [lesson.id for lesson in lessons])
    resume = services.resume_lesson(current_user.id, module)
    next_lesson = next((lesson for lesson in lessons if lesson.id not in done), None)
    return render_template(
        "learning/module.html",
        module=module,
        lessons=lessons,
        done=done,
        resume=resume,
        next_lesson=next_lesson,
        percent=services.percent_done(len(done), len(lessons)),
        complete_languages=services.language_completeness(module),
        materials=module_files.module_materials(module, include_deleted=False),
        audience_labels=AUDIENCE_LABELS,
        is_staff=services.is_staff(current_user),
        status_labels=STATUS_LABELS,
    )


@bp.route("/modules/<slug>/lessons/<lesson_slug>")
@signed_in
def lesson(slug: str, lesson_slug: str):
    """A lesson in the reader's mode, with previous/next, the contents and "mark as done"."""
    module = services.module_for_reader(slug, current_user)
    lesson = _lesson_or_404(module, lesson_slug)
    lessons = module.lessons
    index = lessons.index(lesson)
    mode = services.reading_mode(current_user.id)
    ui_language = current_language()
    languages, fell_back = languages_for(mode, ui_language, lesson)
    terms = services.glossary_terms(lesson_term_slugs([lesson]))
    rows = lesson_rows(module, lesson, languages, terms)
    done = services.completed_lesson_ids(current_user.id, [item.id for item in lessons])
    services.record_visit(current_user.id, lesson)
    db.session.commit()
    return render_template(
        "learning/lesson.html",
        module=module,
        lesson=lesson,
        lessons=lessons,
        previous=lessons[index - 1] if index > 0 else None,
        following=lessons[index + 1] if index + 1 < len(lessons) else None,
        rows=rows,
        languages=languages,
        fell_back=fell_back,
        mode=mode,
        modes=ReadingMode,
        done=done,
        percent=services.percent_done(len(done), len(lessons)),
        other=other_language(ui_language),
    )


@bp.route("/modules/<slug>/lessons/<lesson_slug>/done", methods=["POST"])
@signed_in
def lesson_done(slug: str, lesson_slug: str):
    """Mark a lesson as done (or not done), then go on to the next lesson."""
    module = services.module_for_reader(slug, current_user)
    lesson = _lesson_or_404(module, lesson_slug)
    if request.form.get("done") == "0":
        services.mark_not_done(current_user.id, lesson)
        db.session.commit()
        flash(_("The lesson is marked as not done."), "success")
        return redirect(url_for(".lesson", slug=slug, lesson_slug=lesson_slug))
    services.mark_done(current_user.id, lesson)
    db.session.commit()
    flash(_("Lesson marked as done."), "success")
    lessons = module.lessons
    index = lessons.index(lesson)
    if index + 1 < len(lessons):
        return redirect(url_for(".lesson", slug=slug, lesson_slug=lessons[index + 1].slug))
    return redirect(url_for(".module", slug=slug))


@bp.route("/reading-mode", methods=["POST"])
@signed_in
def reading_mode():
    """Remember how the user reads lessons: their language, the other, or both side by side."""
    services.set_reading_mode(current_user.id, request.form.get("mode", ""))
    db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for(".catalogue")), code=303)


@bp.route("/glossary/<term_slug>")
@signed_in
def glossary_term(term_slug: str):
    """A glossary entry in both languages."""
    term = db.session.scalar(sa.select(GlossaryTerm).where(GlossaryTerm.slug == term_slug))
    if term is None:
        abort(404)
    return render_template("learning/glossary_term.html", term=term)


@bp.route("/modules/<slug>/print")
@signed_in
def print_module(slug: str):
    """The whole module on one page for printing: one language or both, with its glossary."""
    module = services.module_for_reader(slug, current_user)
    ui_language = current_language()
    choice = request.args.get("languages", "mine")
    if choice not in ("mine", "other", "both"):
        choice = "mine"
    mode = ReadingMode(choice)
    lessons = module.lessons
    term_slugs = lesson_term_slugs(lessons)
    terms = services.glossary_terms(term_slugs)
    printed = []
    for lesson in lessons:
        languages, fell_back = languages_for(mode, ui_language, lesson)
        printed.append(
            (lesson, languages, fell_back, lesson_rows(module, lesson, languages, terms))
        )
    term_list = sorted(terms.values(), key=lambda t: str(localized(t, "term")).lower())
    return render_template(
        "learning/print.html",
        module=module,
        printed=printed,
        terms=term_list,
        choice=choice,
        other=other_language(ui_language),
    )


@bp.route("/modules/<slug>/assets/<filename>")
@signed_in
def asset(slug: str, filename: str):
    """An image of a file-owned module, from its assets/ folder."""
    module = services.module_for_reader(slug, current_user)
    if not filename.lower().endswith((".png", ".jpg", ".jpeg")):
        abort(404)
    folder = Path(current_app.config["MATERIALS_DIR"]) / module.slug / "assets"
    return send_from_directory(folder, filename, max_age=3600)


# --- Trainers' materials ---------------------------------------------------------------------


def max_material_bytes() -> int:
    """The size limit of trainers' files, in bytes."""
    return int(float(current_app.config["MATERIAL_MAX_MB"]) * 1024 * 1024)


@bp.route("/modules/<slug>/materials", methods=["GET", "POST"])
@roles(*STAFF)
def materials(slug: str):
    """Trainers upload, replace, delete and restore a module's files."""
    module = services.module_for_reader(slug, current_user)
    form = MaterialUploadForm()
    if form.validate_on_submit():
        try:
            upload = validate_upload(form.file.data, MATERIAL_TYPES, max_material_bytes())
        except UploadRejected as error:
            form.file.errors = [str(error)]
        else:
            module_files.add_material(
                module, upload, current_user, form.title_en.data or "", form.title_zh.data or ""
            )
            db.session.commit()
            flash(_("%(name)s was uploaded.", name=upload.original_name), "success")
            return redirect(url_for(".materials", slug=slug))
    return render_materials_page(
        form,
        module,
        module_files.module_materials(module, include_deleted=True),
        back_url=url_for(".module", slug=module.slug),
        is_workshop=False,
    )


def render_materials_page(form, owner, materials, back_url: str, is_workshop: bool):
    """The page where staff manage a module's or a workshop's files."""
    return render_template(
        "learning/materials.html",
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
    if not module_files.may_manage(material, current_user):
        abort(404)
    return material


def _materials_page(material: Material) -> str:
    """The page that manages a material: its module's or its workshop's."""
    if material.workshop_id is not None:
        return url_for("workshops.materials", workshop_id=material.workshop_id)
    return url_for(".materials", slug=db.session.get(Module, material.module_id).slug)


@bp.route("/materials/<int:material_id>/replace", methods=["POST"])
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
    module_files.replace_material(material, upload, current_user)
    db.session.commit()
    flash(_("A new version of the file was uploaded."), "success")
    return redirect(page)


@bp.route("/materials/<int:material_id>/delete", methods=["POST"])
@roles(*STAFF)
def delete_material(material_id: int):
    """Hide a file from trainees (staff can restore it)."""
    material = _staff_material(material_id)
    module_files.delete_material(material, current_user)
    db.session.commit()
    flash(_("The file was deleted. Staff can restore it from this page."), "success")
    return redirect(_materials_page(material))


@bp.route("/materials/<int:material_id>/restore", methods=["POST"])
@roles(*STAFF)
def restore_material(material_id: int):
    """Show a deleted file again."""
    material = _staff_material(material_id)
    module_files.restore_material(material, current_user)
    db.session.commit()
    flash(_("The file was restored."), "success")
    return redirect(_materials_page(material))


@bp.route("/materials/<int:material_id>/download")
@signed_in
def download_material(material_id: int):
    """Download the current version (or, for staff, an earlier one) of a material."""
    material = module_files.material_for_download(material_id, current_user)
    version: MaterialVersion = material.current
    wanted = request.args.get("version", type=int)
    if wanted is not None:
        if not services.is_staff(current_user):
            abort(404)
        version = next((v for v in material.versions if v.number == wanted), None)
        if version is None:
            abort(404)
    return send_stored_file(version.stored_file)
