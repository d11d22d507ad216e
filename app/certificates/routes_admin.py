"""Admins' pages for certificate templates: list, edit side by side in both languages, preview."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.access import Role, roles
from app.core.audit import record
from app.core.errors import DomainError, refuse
from app.core.forms import form_status
from app.core.storage import store_upload, validate_upload
from app.extensions import db

from . import bp
from . import templates as certificate_templates
from .eligibility import Kind
from .forms import IMAGE_TYPES, LOGO_SLOTS, SIGNATORY_SLOTS, TemplateForm
from .models import CertificateTemplate
from .preview import preview_pdf
from .routes import _pdf_response

IMAGE_MAX_BYTES = 2 * 1024 * 1024
TEXT_FIELDS = (
    "name",
    "heading_en",
    "heading_zh",
    "preamble_en",
    "preamble_zh",
    "statement_en",
    "statement_zh",
    "issuers_en",
    "issuers_zh",
    "colour",
    "accent",
)


def _template_or_404(template_id: int) -> CertificateTemplate:
    template = db.session.get(CertificateTemplate, template_id)
    if template is None:
        abort(404)
    return template


@bp.route("/certificates/templates")
@roles(Role.ADMIN)
def templates():
    """Every template, by kind; which one each kind uses."""
    for kind in Kind:
        certificate_templates.default_template(kind)  # the built-in ones exist from the first visit
    db.session.commit()
    rows = db.session.scalars(
        db.select(CertificateTemplate).order_by(CertificateTemplate.kind, CertificateTemplate.name)
    ).all()
    return render_template("certificates/templates.html", templates=rows)


def _upload(field) -> int | None:
    """Store an uploaded image; None when the field is empty."""
    upload = request.files.get(field.name)
    if upload is None or not upload.filename:
        return None
    stored = store_upload(validate_upload(upload, IMAGE_TYPES, IMAGE_MAX_BYTES), current_user)
    return stored.id


def _fill(template: CertificateTemplate, form: TemplateForm) -> None:
    for name in TEXT_FIELDS:
        setattr(template, name, getattr(form, name).data or "")
    template.colour, template.accent = template.colour.upper(), template.accent.upper()
    if template.is_default and template.kind and template.kind != form.kind.data:
        raise DomainError(
            _l("This template is the default of its kind, so its kind cannot change.")
        )
    template.kind = form.kind.data
    logos = list(template.logo_file_ids or [])
    logos += [None] * (LOGO_SLOTS - len(logos))
    for number in range(1, LOGO_SLOTS + 1):
        uploaded = _upload(getattr(form, f"logo_{number}"))
        if uploaded:
            logos[number - 1] = uploaded
        elif getattr(form, f"remove_logo_{number}").data:
            logos[number - 1] = None
    template.logo_file_ids = [i for i in logos if i]
    signatories = list(template.signatories or [])
    signatories += [{}] * (SIGNATORY_SLOTS - len(signatories))
    new_signatories = []
    for number in range(1, SIGNATORY_SLOTS + 1):
        old = signatories[number - 1]
        entry = {
            field: getattr(form, f"signatory_{number}_{field}").data or ""
            for field in ("name", "title_en", "title_zh")
        }
        image = _upload(getattr(form, f"signatory_{number}_image"))
        if image:
            entry["file_id"] = image
        elif not getattr(form, f"signatory_{number}_remove_image").data and old.get("file_id"):
            entry["file_id"] = old["file_id"]
        if entry["name"]:
            new_signatories.append(entry)
    template.signatories = new_signatories
    seal = _upload(form.seal)
    if seal:
        template.seal_file_id = seal
    elif form.remove_seal.data:
        template.seal_file_id = None
    template.updated_by_id = current_user.id


def _prefill(form: TemplateForm, template: CertificateTemplate) -> None:
    for name in TEXT_FIELDS:
        getattr(form, name).data = getattr(template, name)
    form.kind.data = template.kind
    form.is_default.data = template.is_default
    for number, entry in enumerate(template.signatories or [], start=1):
        if number > SIGNATORY_SLOTS:
            break
        for field in ("name", "title_en", "title_zh"):
            getattr(form, f"signatory_{number}_{field}").data = entry.get(field, "")


@bp.route("/certificates/templates/new", methods=["GET", "POST"])
@bp.route("/certificates/templates/<int:template_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def edit_template(template_id: int | None = None):
    """Create or change a template; certificates already issued keep their frozen wording."""
    template = _template_or_404(template_id) if template_id else None
    form = TemplateForm()
    refused = False
    if request.method == "GET":
        if template is not None:
            _prefill(form, template)
        else:
            form.kind.data = request.args.get("kind", Kind.ATTENDANCE.value)
            form.colour.data, form.accent.data = "#1F3A5F", "#B8860B"
    elif form.validate_on_submit():
        is_new = template is None
        target = template or CertificateTemplate(logo_file_ids=[], signatories=[])
        try:
            _fill(target, form)
        except DomainError as error:
            refuse(error)
            refused = True
        else:
            if is_new:
                db.session.add(target)
                db.session.flush()
            if form.is_default.data and not target.is_default:
                certificate_templates.make_default(target)
            record(current_user, "certificate_template.saved", target, note=target.name)
            db.session.commit()
            flash(_("The template has been saved."), "success")
            return redirect(url_for(".edit_template", template_id=target.id), code=303)
    return render_template(
        "certificates/template_form.html",
        form=form,
        template=template,
        logo_slots=range(1, LOGO_SLOTS + 1),
        signatory_slots=range(1, SIGNATORY_SLOTS + 1),
    ), 400 if refused else form_status(form)


@bp.route("/certificates/templates/<int:template_id>/preview.pdf")
@roles(Role.ADMIN)
def preview_template(template_id: int):
    """The template drawn with sample data and marked as a sample."""
    template = _template_or_404(template_id)
    data = preview_pdf(template, current_app.config.get("PUBLIC_BASE_URL", ""))
    return _pdf_response(data, f"template-{template.id}-preview.pdf", inline=True)
