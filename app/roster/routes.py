"""Roster import pages: upload a list, map its columns, preview every row, import; and the page
where an invited person chooses their first password."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.auth import services as account_services
from app.auth.names import PersonName
from app.core.access import Role, roles, token
from app.core.db import utcnow
from app.core.errors import DomainError, refuse_to
from app.core.forms import form_status
from app.core.i18n import current_language
from app.core.storage import UploadRejected
from app.extensions import db
from app.workshops import registration as workshop_registration
from app.workshops.models import Workshop

from . import bp, importing, services
from .columns import check_mapping
from .forms import InvitationForm, UploadForm, decisions_form, mapping_form, mapping_from
from .messages import mapping_message, row_message
from .models import RosterImport
from .reading import MAX_ROWS, column_letter

STAFF = (Role.COORDINATOR, Role.ADMIN)


def _own_import(import_id: int) -> RosterImport:
    """The upload, for the coordinator who made it (404 for everyone else)."""
    roster_import = db.get_or_404(RosterImport, import_id)
    if roster_import.uploaded_by_id != current_user.id:
        abort(404)
    return roster_import


def _person_name(nominee) -> str:
    """A nominee's name as it will be stored, in the viewer's script first."""
    return PersonName(
        nominee.family_name_zh,
        nominee.given_name_zh,
        nominee.family_name_latin,
        nominee.given_name_latin,
    ).display(current_language())


def _labels() -> dict:
    return {
        "person_name": _person_name,
        "row_message": row_message,
        "column_letter": column_letter,
    }


@bp.route("/workshops/<int:workshop_id>", methods=["GET", "POST"])
@roles(*STAFF)
def upload(workshop_id: int):
    """Upload a nomination list for a workshop."""
    workshop = db.get_or_404(Workshop, workshop_id)
    form = UploadForm()
    error = None
    if form.validate_on_submit():
        try:
            keys = services.prune_old_imports()
            roster_import = services.start_import(current_user, workshop, form.file.data)
        except (UploadRejected, DomainError) as refused:
            db.session.rollback()
            error = str(refused)
        else:
            db.session.commit()
            services.delete_files(keys)
            return redirect(url_for("roster.columns", import_id=roster_import.id))
    status = 400 if error or form_status(form) == 400 else 200
    return render_template(
        "roster/upload.html",
        workshop=workshop,
        form=form,
        error=error,
        open=workshop_registration.enrolment_open(workshop),
        max_rows=MAX_ROWS,
        max_mb=f"{services.max_bytes() / 1024 / 1024:g}",
    ), status


@bp.route("/<int:import_id>/columns", methods=["GET", "POST"])
@roles(*STAFF)
def columns(import_id: int):
    """Say what each column of the file holds (recognised headers are chosen already)."""
    roster_import = _own_import(import_id)
    try:
        table = services.load_table(roster_import)
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("roster.upload", workshop_id=roster_import.workshop_id))
    form = mapping_form(table.headers, services.mapping_for(roster_import, table))
    problems = []
    if form.validate_on_submit():
        mapping = mapping_from(form, len(table.headers))
        problems = [mapping_message(p) for p in check_mapping(mapping)]
        if not problems:
            services.save_mapping(roster_import, mapping)
            db.session.commit()
            return redirect(url_for("roster.preview", import_id=roster_import.id))
    return render_template(
        "roster/columns.html",
        roster_import=roster_import,
        workshop=roster_import.workshop,
        table=table,
        sample=table.rows[:5],
        form=form,
        problems=problems,
        **_labels(),
    ), (400 if problems else form_status(form))


@bp.route("/<int:import_id>/preview", methods=["GET", "POST"])
@roles(*STAFF)
def preview(import_id: int):
    """Every row as it will be imported, the decisions on possible duplicates, and the import."""
    roster_import = _own_import(import_id)
    try:
        result = services.build_preview(roster_import)
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("roster.upload", workshop_id=roster_import.workshop_id))
    if check_mapping(result.mapping):
        return redirect(url_for("roster.columns", import_id=roster_import.id))
    duplicates = [r for r in result.rows if r.kind == services.RowKind.POSSIBLE_DUPLICATE]
    form = decisions_form(duplicates)
    status = 422 if result.problems else 200
    if request.method == "POST" and not result.problems:
        if form.validate_on_submit():
            decisions = {row.nominee.row: form[f"row_{row.nominee.row}"].data for row in duplicates}
            workshop_id = roster_import.workshop_id
            try:
                summary, key = importing.run_import(current_user, roster_import, decisions)
            except DomainError as error:
                return refuse_to(error, url_for("roster.preview", import_id=import_id))
            db.session.commit()
            services.delete_files([key])
            flash(
                _(
                    "The list has been imported: %(created)d new accounts invited, %(matched)d existing accounts registered, %(already)d already registered, %(skipped)d rows skipped.",
                    created=summary.created,
                    matched=summary.matched,
                    already=summary.already,
                    skipped=summary.skipped,
                ),
                "success",
            )
            return redirect(url_for("workshops.participants", workshop_id=workshop_id))
        status = 400
    return render_template(
        "roster/preview.html",
        roster_import=roster_import,
        workshop=roster_import.workshop,
        preview=result,
        form=form,
        kinds=services.RowKind,
        **_labels(),
    ), status


@bp.route("/<int:import_id>/discard", methods=["POST"])
@roles(*STAFF)
def discard(import_id: int):
    """Drop an uploaded list without importing anything."""
    roster_import = _own_import(import_id)
    if not UploadForm().validate_on_submit():
        abort(400)
    workshop_id = roster_import.workshop_id
    key = services.discard_import(roster_import)
    db.session.commit()
    services.delete_files([key])
    flash(_("The uploaded list has been deleted. Nothing was imported."), "info")
    return redirect(url_for("roster.upload", workshop_id=workshop_id))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@token
def accept_invitation(token: str):
    """An invited person chooses their first password (the view checks the token)."""
    try:
        user = account_services.user_for_reset_token(token)
    except DomainError:
        return render_template("roster/invitation_invalid.html"), 400
    form = InvitationForm()
    form.account = user
    if form.validate_on_submit():
        account_services.set_password(user, form.new_password.data)
        user.privacy_consent_version = account_services.PRIVACY_NOTICE_VERSION
        user.privacy_consented_at = utcnow()
        db.session.commit()
        logout_user()
        flash(
            _(
                "Your password is set. You can sign in with your e-mail address and this password now."
            ),
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("roster/invitation.html", form=form, user=user), form_status(form)
