"""Exchange pages: list, detail, recording and the workflow, delegation, itinerary, documents."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app.core import places
from app.core.access import Role, owner, roles, signed_in
from app.core.errors import DomainError, refuse_form, refuse_to
from app.core.forms import form_status
from app.core.i18n import current_language, localized
from app.core.localtime import local_parts
from app.core.spreadsheets import csv_response
from app.extensions import db

from . import bp, documents, services, workflow
from .forms import (
    DocumentForm,
    ExchangeForm,
    FilterForm,
    InstitutionForm,
    ItineraryForm,
    MemberForm,
    NewVersionForm,
    OutcomeForm,
    StatusForm,
)
from .models import (
    DelegationMember,
    Direction,
    DocumentVersion,
    Exchange,
    ExchangeDocument,
    Institution,
    ItineraryItem,
)

STAFF = (Role.COORDINATOR, Role.ADMIN)
PAGE_SIZE = 20
DOCUMENT_TYPES = frozenset({"pdf", "docx", "odt"})


def _exchange_or_404(exchange_id: int) -> Exchange:
    exchange = db.session.get(
        Exchange,
        exchange_id,
        options=[
            selectinload(Exchange.members).selectinload(DelegationMember.user),
            selectinload(Exchange.itinerary).selectinload(ItineraryItem.host_institution),
            selectinload(Exchange.documents)
            .selectinload(ExchangeDocument.versions)
            .selectinload(DocumentVersion.stored_file),
            selectinload(Exchange.status_changes),
        ],
    )
    if exchange is None:
        abort(404)
    return exchange


def _filters() -> tuple[FilterForm, dict]:
    """The list's filters; a value that fails validation is shown with its error and not applied."""
    form = FilterForm(request.args)
    form.validate()

    def valid(field):
        return field.data if field.data and not field.errors else None

    institution = valid(form.institution)
    values = {
        "year": valid(form.year),
        "direction": valid(form.direction) or "",
        "status": valid(form.status) or "",
        "country": valid(form.country) or "",
        "institution_id": int(institution) if institution else None,
    }
    return form, values


@bp.route("/")
@signed_in
def index():
    """Exchanges the user may see, with filters; staff see all."""
    form, values = _filters()
    query = services.filtered(services.visible_exchanges(current_user), **values)
    page = db.paginate(query, per_page=PAGE_SIZE, error_out=False)
    return render_template(
        "exchanges/index.html", form=form, page=page, is_staff=services.is_staff(current_user)
    ), form_status(form)


@bp.route("/export.csv")
@roles(*STAFF)
def export_csv():
    """Every exchange matching the filters, as CSV with bilingual headers."""
    form, values = _filters()
    if form_status(form) == 400:
        abort(400)
    exchanges = db.session.scalars(
        services.filtered(services.visible_exchanges(current_user), **values)
    ).all()
    language = current_language()
    header = [
        "ID",
        "标题 / Title (en)",
        "标题 / Title (zh)",
        "方向 / Direction",
        "状态 / Status",
        "派出单位 / Sending institution",
        "接待单位 / Host institution",
        "城市 / Cities",
        "开始 / First day",
        "结束 / Last day",
        "经费来源 / Funding",
    ]
    rows = [
        [
            e.id,
            e.title_en,
            e.title_zh,
            Direction.label_of(e.direction),
            workflow.Status.label_of(e.status),
            localized(e.sending_institution, "name", language).text,
            localized(e.host_institution, "name", language).text,
            e.cities,
            e.start_date.isoformat(),
            e.end_date.isoformat(),
            e.funding_source,
        ]
        for e in exchanges
    ]
    return csv_response("exchanges.csv", header, rows)


@bp.route("/new", methods=["GET", "POST"])
@roles(*STAFF)
def new():
    """Record a proposed exchange."""
    form = ExchangeForm()
    if form.validate_on_submit():
        try:
            exchange = services.create_exchange(current_user, form.values())
        except DomainError as error:
            return refuse_form(error, "exchanges/edit.html", form=form, exchange=None)
        db.session.commit()
        flash(_("The exchange has been recorded."), "success")
        return redirect(url_for("exchanges.detail", exchange_id=exchange.id))
    return render_template("exchanges/edit.html", form=form, exchange=None), form_status(form)


@bp.route("/<int:exchange_id>")
@owner
def detail(exchange_id: int):
    """An exchange: members see the exchanges they belong to, staff see all (404 for others)."""
    exchange = _exchange_or_404(exchange_id)
    if not services.can_view(current_user, exchange):
        abort(404)
    is_staff = services.is_staff(current_user)
    status_form = StatusForm()
    status_form.set_targets(workflow.next_statuses(exchange.status_enum))
    return render_template(
        "exchanges/detail.html",
        exchange=exchange,
        is_staff=is_staff,
        status_form=status_form,
        document_form=DocumentForm(members=exchange.members),
        documents=documents.visible_documents(current_user, exchange),
        version_form=NewVersionForm(),
    )


@bp.route("/<int:exchange_id>/edit", methods=["GET", "POST"])
@roles(*STAFF)
def edit(exchange_id: int):
    """Change the recorded facts of an exchange."""
    exchange = _exchange_or_404(exchange_id)
    form = ExchangeForm(obj=exchange)
    if request.method == "GET":
        form.sending_institution_id.data = str(exchange.sending_institution_id)
        form.host_institution_id.data = str(exchange.host_institution_id)
    if form.validate_on_submit():
        try:
            services.update_exchange(current_user, exchange, form.values())
        except DomainError as error:
            return refuse_form(error, "exchanges/edit.html", form=form, exchange=exchange)
        db.session.commit()
        flash(_("The exchange has been saved."), "success")
        return redirect(url_for("exchanges.detail", exchange_id=exchange.id))
    return render_template("exchanges/edit.html", form=form, exchange=exchange), form_status(form)


@bp.route("/<int:exchange_id>/status", methods=["POST"])
@roles(*STAFF)
def change_status(exchange_id: int):
    """Move the exchange to its next status (recorded with who, when and why)."""
    exchange = _exchange_or_404(exchange_id)
    form = StatusForm()
    form.set_targets(workflow.next_statuses(exchange.status_enum))
    if not form.validate_on_submit():
        flash(_("This change of status is not allowed."), "error")
        return redirect(url_for("exchanges.detail", exchange_id=exchange.id))
    try:
        services.change_status(
            current_user, exchange, workflow.Status(form.status.data), form.reason.data or ""
        )
    except DomainError as error:
        return refuse_to(error, url_for("exchanges.detail", exchange_id=exchange.id))
    db.session.commit()
    flash(
        _("The status is now: %(status)s.", status=workflow.Status(form.status.data).label),
        "success",
    )
    return redirect(url_for("exchanges.detail", exchange_id=exchange.id))


@bp.route("/<int:exchange_id>/outcomes", methods=["GET", "POST"])
@roles(*STAFF)
def outcomes(exchange_id: int):
    """Findings, follow-up actions and what came out of it, once the exchange is completed."""
    exchange = _exchange_or_404(exchange_id)
    if exchange.status_enum is not workflow.Status.COMPLETED:
        flash(_("Outcomes can be recorded once the exchange is completed."), "error")
        return redirect(url_for("exchanges.detail", exchange_id=exchange.id))
    form = OutcomeForm(obj=exchange)
    if not form.is_submitted():
        form.workshop_ids.data = [w.id for w in exchange.outcome_workshops]
        form.module_ids.data = [m.id for m in exchange.outcome_modules]
    if form.validate_on_submit():
        values = {name: getattr(form, name).data or "" for name in services.OUTCOME_FIELDS}
        values["workshop_ids"], values["module_ids"] = form.workshop_ids.data, form.module_ids.data
        services.save_outcomes(current_user, exchange, values)
        db.session.commit()
        flash(_("The outcomes have been saved."), "success")
        return redirect(url_for("exchanges.detail", exchange_id=exchange.id))
    return render_template("exchanges/outcomes.html", form=form, exchange=exchange), form_status(
        form
    )


@bp.route("/<int:exchange_id>/members/new", methods=["GET", "POST"], defaults={"member_id": None})
@bp.route("/<int:exchange_id>/members/<int:member_id>", methods=["GET", "POST"])
@roles(*STAFF)
def member(exchange_id: int, member_id: int | None):
    """Add or change a delegation member (passport data is seen only by staff)."""
    exchange = _exchange_or_404(exchange_id)
    existing = None
    if member_id is not None:
        existing = db.session.get(DelegationMember, member_id)
        if existing is None or existing.exchange_id != exchange.id:
            abort(404)
    form = MemberForm(obj=existing)
    if request.method == "GET" and existing is not None and existing.user is not None:
        form.email.data = existing.user.email
    if form.validate_on_submit():
        try:
            services.save_member(current_user, exchange, form.values(), existing)
        except DomainError as error:
            return refuse_form(
                error, "exchanges/member.html", form=form, exchange=exchange, member=existing
            )
        db.session.commit()
        flash(_("The delegation has been updated."), "success")
        return redirect(url_for("exchanges.detail", exchange_id=exchange.id) + "#delegation")
    return render_template(
        "exchanges/member.html", form=form, exchange=exchange, member=existing
    ), form_status(form)


@bp.route("/<int:exchange_id>/members/<int:member_id>/remove", methods=["POST"])
@roles(*STAFF)
def remove_member(exchange_id: int, member_id: int):
    """Remove a member and their personal data."""
    found = db.session.get(DelegationMember, member_id)
    if found is None or found.exchange_id != exchange_id:
        abort(404)
    services.remove_member(current_user, found)
    db.session.commit()
    flash(_("The member has been removed, with their personal data."), "success")
    return redirect(url_for("exchanges.detail", exchange_id=exchange_id) + "#delegation")


@bp.route("/<int:exchange_id>/itinerary/new", methods=["GET", "POST"], defaults={"item_id": None})
@bp.route("/<int:exchange_id>/itinerary/<int:item_id>", methods=["GET", "POST"])
@roles(*STAFF)
def itinerary_item(exchange_id: int, item_id: int | None):
    """Add or change a visit or meeting, in the local time of its place."""
    exchange = _exchange_or_404(exchange_id)
    existing = None
    if item_id is not None:
        existing = db.session.get(ItineraryItem, item_id)
        if existing is None or existing.exchange_id != exchange.id:
            abort(404)
    form = ItineraryForm(obj=existing)
    if request.method == "GET":
        if existing is not None:
            form.day.data, form.start_time.data = local_parts(existing.starts_at, existing.timezone)
            form.end_time.data = local_parts(existing.ends_at, existing.timezone)[1]
            form.host_institution_id.data = str(existing.host_institution_id or "")
        elif not form.timezone.data or form.timezone.data == "Asia/Shanghai":
            form.timezone.data = _default_zone(exchange)
    if form.validate_on_submit():
        try:
            services.save_itinerary_item(exchange, form.values(), existing)
        except DomainError as error:
            return refuse_form(
                error, "exchanges/itinerary_item.html", form=form, exchange=exchange, item=existing
            )
        db.session.commit()
        flash(_("The itinerary has been updated."), "success")
        return redirect(url_for("exchanges.detail", exchange_id=exchange.id) + "#itinerary")
    return render_template(
        "exchanges/itinerary_item.html", form=form, exchange=exchange, item=existing
    ), form_status(form)


def _default_zone(exchange: Exchange) -> str:
    """A first guess at the visit's time zone: the host's country's usual zone."""
    host_country = exchange.host_institution.country if exchange.host_institution else ""
    return places.usual_timezone(host_country)


@bp.route("/<int:exchange_id>/itinerary/<int:item_id>/remove", methods=["POST"])
@roles(*STAFF)
def remove_itinerary_item(exchange_id: int, item_id: int):
    """Take a visit off the itinerary."""
    found = db.session.get(ItineraryItem, item_id)
    if found is None or found.exchange_id != exchange_id:
        abort(404)
    db.session.delete(found)
    db.session.commit()
    flash(_("The itinerary has been updated."), "success")
    return redirect(url_for("exchanges.detail", exchange_id=exchange_id) + "#itinerary")


@bp.route("/institutions")
@roles(*STAFF)
def institutions():
    """The reusable list of sending and host institutions."""
    rows = db.session.scalars(
        db.select(Institution).order_by(Institution.country, Institution.name_en)
    ).all()
    return render_template("exchanges/institutions.html", institutions=rows)


@bp.route("/institutions/new", methods=["GET", "POST"], defaults={"institution_id": None})
@bp.route("/institutions/<int:institution_id>", methods=["GET", "POST"])
@roles(*STAFF)
def institution(institution_id: int | None):
    """Add or change an institution."""
    existing = db.get_or_404(Institution, institution_id) if institution_id is not None else None
    form = InstitutionForm(obj=existing)
    if form.validate_on_submit():
        target = existing or Institution()
        form.populate_obj(target)
        db.session.add(target)
        db.session.commit()
        flash(_("The institution has been saved."), "success")
        return redirect(url_for("exchanges.institutions"))
    return render_template(
        "exchanges/institution.html", form=form, institution=existing
    ), form_status(form)
