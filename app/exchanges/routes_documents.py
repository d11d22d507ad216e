"""Exchange pages: documents and their versions, and the invitation letter."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.access import owner, roles
from app.core.errors import DomainError, refuse_to
from app.core.i18n import programme_today
from app.core.storage import send_stored_file, validate_upload
from app.extensions import db

from . import bp, documents, invitation, services
from .forms import (
    DocumentForm,
    NewVersionForm,
)
from .letter import invitation_letter as letter_pdf
from .models import (
    DocumentVersion,
    ExchangeDocument,
)
from .routes import (
    DOCUMENT_TYPES,
    STAFF,
    _exchange_or_404,
)


@bp.route("/<int:exchange_id>/documents", methods=["POST"])
@roles(*STAFF)
def upload_document(exchange_id: int):
    """Upload a new document."""
    exchange = _exchange_or_404(exchange_id)
    form = DocumentForm(members=exchange.members)
    if not form.validate_on_submit():
        flash(_("Give the document a kind and a title."), "error")
        return redirect(url_for("exchanges.detail", exchange_id=exchange.id) + "#documents")
    try:
        shown_to = documents.choose_visibility(
            exchange, form.kind.data, form.visibility.data, form.chosen_member_id
        )
        upload = validate_upload(
            form.file.data, DOCUMENT_TYPES, current_app.config["MAX_CONTENT_LENGTH"]
        )
        version = services.add_document_version(
            current_user, exchange, form.kind.data, form.title.data, upload
        )
        documents.set_visibility(version.document, *shown_to)
    except DomainError as error:
        return refuse_to(error, url_for("exchanges.detail", exchange_id=exchange.id) + "#documents")
    db.session.commit()
    flash(_("The document has been uploaded."), "success")
    return redirect(url_for("exchanges.detail", exchange_id=exchange.id) + "#documents")


@bp.route("/<int:exchange_id>/documents/<int:document_id>", methods=["POST"])
@roles(*STAFF)
def upload_version(exchange_id: int, document_id: int):
    """Upload a new version of a document; earlier versions stay available."""
    document = db.session.get(ExchangeDocument, document_id)
    if document is None or document.exchange_id != exchange_id:
        abort(404)
    form = NewVersionForm()
    try:
        upload = validate_upload(
            form.file.data, DOCUMENT_TYPES, current_app.config["MAX_CONTENT_LENGTH"]
        )
        services.add_document_version(
            current_user, document.exchange, document.kind, document.title, upload, document
        )
    except DomainError as error:
        return refuse_to(error, url_for("exchanges.detail", exchange_id=exchange_id) + "#documents")
    db.session.commit()
    flash(_("A new version has been uploaded."), "success")
    return redirect(url_for("exchanges.detail", exchange_id=exchange_id) + "#documents")


@bp.route("/<int:exchange_id>/documents/versions/<int:version_id>")
@owner
def download(exchange_id: int, version_id: int):
    """Download a document version: delegation members and staff only."""
    version = db.session.get(DocumentVersion, version_id)
    if version is None or version.document.exchange_id != exchange_id:
        abort(404)
    if not documents.can_download(current_user, version.document):
        abort(404)
    return send_stored_file(version.stored_file)


@bp.route("/<int:exchange_id>/invitation-letter.pdf")
@roles(*STAFF)
def invitation_letter(exchange_id: int):
    """The bilingual invitation letter for visa applications (a draft while passport data is missing)."""
    exchange = _exchange_or_404(exchange_id)
    letter, complete = invitation.invitation_letter(exchange, programme_today())
    response = Response(letter_pdf(letter), mimetype="application/pdf")
    name = f"invitation-{exchange.id}{'' if complete else '-draft'}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
