"""Workshop pages: the list and calendar, a workshop's page and registration, and the
coordinators' and trainers' pages (editing, agenda, participants, attendance)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from app.core import places
from app.core.access import Role, roles, signed_in
from app.core.db import utcnow
from app.core.errors import DomainError, refuse, refuse_form
from app.core.forms import form_status
from app.core.i18n import current_language, localized, viewer_timezone
from app.extensions import db

from . import bp, listing, marking, scheduling, services, tests_chosen
from . import registration as workshops_registration
from .forms import (
    CancelForm,
    CloneForm,
    ConfirmForm,
    ListFilterForm,
    MessageForm,
    RegistrationForm,
    WorkshopForm,
)
from .models import (
    VISIBLE_STATUSES,
    RegistrationStatus,
    Workshop,
    WorkshopModule,
    WorkshopSession,
)

PAGE_SIZE = 20
STAFF = (Role.COORDINATOR, Role.ADMIN)


def _is_staff() -> bool:
    return current_user.has_role(*STAFF)


def _visible_workshop(workshop_id: int, *options) -> Workshop:
    """The workshop (loaded with `options`), or 404 for a draft that the viewer may not see yet."""
    workshop = db.get_or_404(Workshop, workshop_id, options=options)
    if workshop.status not in VISIBLE_STATUSES and not _is_staff():
        abort(404)
    return workshop


def _teaching_workshop(workshop_id: int) -> Workshop:
    """The workshop, for its staff: coordinators, admins and its own trainers (404 for others)."""
    workshop = db.get_or_404(Workshop, workshop_id)
    if not marking.can_take_attendance(current_user, workshop):
        abort(404)
    return workshop


# --- Trainees: find, read, register --------------------------------------------------------------


@bp.route("/")
@signed_in
def workshop_list():
    """Upcoming or past workshops, filtered by place, kind, month and open registration."""
    form = ListFilterForm(request.args)
    valid = form.validate()
    filters = listing.ListFilters(
        when=form.when.data or "upcoming",
        place=form.place.data or "",
        kind=form.kind.data or "",
        month=(form.month.data or "") if valid or not form.month.errors else "",
        open_only=bool(form.open_only.data),
    )
    page = db.paginate(
        listing.search_workshops(filters, _is_staff()), per_page=PAGE_SIZE, error_out=False
    )
    mine = listing.my_registrations_by_workshop(current_user, [w.id for w in page.items])
    return render_template(
        "workshops/list.html",
        form=form,
        page=page,
        mine=mine,
        is_open=workshops_registration.registration_open,
    ), (400 if form.month.errors else 200)


@bp.route("/<int:workshop_id>")
@signed_in
def detail(workshop_id: int):
    """A workshop's page: agenda in its own time zone (and the viewer's), registration."""
    # What the page shows, in as few statements: the tests with the workshop, the modules with
    # their links (each would otherwise be a statement of its own).
    workshop = _visible_workshop(
        workshop_id,
        joinedload(Workshop.pre_quiz),
        joinedload(Workshop.post_quiz),
        selectinload(Workshop.module_links).joinedload(WorkshopModule.module),
    )
    registration = workshops_registration.current_registration(workshop, current_user)
    viewer_zone = viewer_timezone()
    differences = []
    if viewer_zone != workshop.timezone:
        moments = [workshop.starts_at, workshop.ends_at] + [s.starts_at for s in workshop.sessions]
        differences = scheduling.differences_during(moments, workshop.timezone, viewer_zone)
    rate = None
    if registration and registration.status == RegistrationStatus.CONFIRMED:
        rate = marking.attendance_rates(workshop, [current_user.id])[current_user.id]
    return render_template(
        "workshops/detail.html",
        workshop=workshop,
        registration=registration,
        form=RegistrationForm(),
        confirm_form=ConfirmForm(),
        viewer_zone=viewer_zone,
        differences=differences,
        rate=rate,
        waiting_position=workshops_registration.waiting_position(registration)
        if registration
        else None,
        now=utcnow(),
        registration_open=workshops_registration.registration_open(workshop),
        can_teach=marking.can_take_attendance(current_user, workshop),
        is_staff=_is_staff(),
    )


@bp.route("/<int:workshop_id>/register", methods=["POST"])
@signed_in
def register(workshop_id: int):
    """Register for a workshop, answering its questions."""
    workshop = _visible_workshop(workshop_id)
    form = RegistrationForm()
    if not form.validate_on_submit():
        flash(_("Please check your answers: each may be at most 300 characters."), "error")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    registration = workshops_registration.register(
        current_user,
        workshop,
        workshops_registration.Answers(
            form.dietary_needs.data or "",
            form.accessibility_needs.data or "",
            bool(form.needs_interpretation.data),
        ),
    )
    db.session.commit()
    messages = {
        RegistrationStatus.CONFIRMED: _("You are registered: your seat is confirmed."),
        RegistrationStatus.WAITING: _(
            "The workshop is full: you are on the waiting list and will be told by e-mail if a seat frees up."
        ),
        RegistrationStatus.REQUESTED: _(
            "Your request has been sent. A coordinator will approve it; you will be told by e-mail."
        ),
    }
    flash(messages[RegistrationStatus(registration.status)], "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id))


@bp.route("/<int:workshop_id>/withdraw", methods=["GET", "POST"])
@signed_in
def withdraw(workshop_id: int):
    """Withdraw one's own registration (the seat goes to the first person waiting); GET asks
    first."""
    workshop = _visible_workshop(workshop_id)
    back = url_for("workshops.detail", workshop_id=workshop.id)
    if request.method == "GET":
        return render_template(
            "confirm.html",
            title=_("Withdraw my registration"),
            question=_(
                "Withdraw your registration for %(title)s?", title=localized(workshop, "title")
            ),
            detail=_(
                "Your seat goes to the next person waiting. You can register again while registration is open, if seats are left."
            ),
            action=url_for("workshops.withdraw", workshop_id=workshop.id),
            confirm_label=_("Yes, withdraw"),
            cancel_url=back,
        )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    registration = workshops_registration.current_registration(workshop, current_user)
    if registration is None:
        flash(_("You are not registered for this workshop."), "info")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    workshops_registration.withdraw(registration)
    db.session.commit()
    flash(_("You have withdrawn. You can register again while registration is open."), "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id))


# --- Coordinators: create, edit, publish, clone, cancel, message ----------------------------------


def _trainer_choices():
    language = current_language()
    return [(u.id, u.name.display(language)) for u in services.trainer_candidates()]


def _module_choices():
    return services.module_choices(current_language())


def _workshop_form() -> WorkshopForm:
    return WorkshopForm(
        trainer_choices=_trainer_choices(),
        module_choices=_module_choices(),
        test_choices=tests_chosen.test_choices(current_language()),
    )


def _render_workshop_form(form, workshop=None, status=200):
    return render_template("workshops/form.html", form=form, workshop=workshop), status


@bp.route("/new", methods=["GET", "POST"])
@roles(*STAFF)
def create():
    """Create a workshop as a draft."""
    form = _workshop_form()
    if request.method == "GET" and not form.is_submitted():
        form.timezone.data = form.timezone.data or "Asia/Shanghai"
    if form.validate_on_submit():
        try:
            workshop = services.save_workshop(
                current_user, None, form.values(), form.trainers.data or []
            )
            services.set_modules(
                workshop, form.modules_before.data or [], form.modules_after.data or []
            )
            tests_chosen.set_tests(workshop, form.pre_quiz_id.data, form.post_quiz_id.data)
        except DomainError as error:
            refuse(error)
            return _render_workshop_form(form, status=400)
        db.session.commit()
        flash(
            _("The workshop has been saved as a draft. Add its agenda, then publish it."), "success"
        )
        return redirect(url_for("workshops.agenda", workshop_id=workshop.id))
    return _render_workshop_form(form, status=form_status(form))


@bp.route("/<int:workshop_id>/edit", methods=["GET", "POST"])
@roles(*STAFF)
def edit(workshop_id: int):
    """Change a workshop (times are typed in its own time zone)."""
    workshop = db.get_or_404(Workshop, workshop_id)
    form = _workshop_form()
    if not form.is_submitted():
        for name in services.PLAIN_FIELDS:
            getattr(form, name).data = getattr(workshop, name)
        form.timezone.data = places.canonical_timezone(workshop.timezone)
        for name in services.LOCAL_TIME_FIELDS:
            value = getattr(workshop, name)
            getattr(form, name).data = (
                scheduling.to_local(value, workshop.timezone) if value else None
            )
        form.trainers.data = [t.id for t in workshop.trainers]
        form.modules_before.data = [m.id for m in workshop.modules("before")]
        form.modules_after.data = [m.id for m in workshop.modules("after")]
        form.pre_quiz_id.data = workshop.pre_quiz_id or 0
        form.post_quiz_id.data = workshop.post_quiz_id or 0
    if form.validate_on_submit():
        try:
            services.save_workshop(current_user, workshop, form.values(), form.trainers.data or [])
            services.set_modules(
                workshop, form.modules_before.data or [], form.modules_after.data or []
            )
            tests_chosen.set_tests(workshop, form.pre_quiz_id.data, form.post_quiz_id.data)
        except DomainError as error:
            refuse(error)
            return _render_workshop_form(form, workshop, status=400)
        db.session.commit()
        flash(_("The workshop has been saved."), "success")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    return _render_workshop_form(form, workshop, status=form_status(form))


def _status_action(workshop_id: int, action, message: str):
    workshop = db.get_or_404(Workshop, workshop_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    action(current_user, workshop)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id))


@bp.route("/<int:workshop_id>/publish", methods=["POST"])
@roles(*STAFF)
def publish(workshop_id: int):
    """Publish a draft so trainees can see it and register."""
    return _status_action(workshop_id, services.publish, _("The workshop is published."))


@bp.route("/<int:workshop_id>/close-registration", methods=["POST"])
@roles(*STAFF)
def close_registration(workshop_id: int):
    """Stop taking registrations."""
    return _status_action(
        workshop_id, services.close_registration, _("Registration is now closed.")
    )


@bp.route("/<int:workshop_id>/complete", methods=["POST"])
@roles(*STAFF)
def complete(workshop_id: int):
    """Mark a workshop that has ended as completed."""
    return _status_action(workshop_id, services.complete, _("The workshop is marked as completed."))


@bp.route("/<int:workshop_id>/cancel", methods=["GET", "POST"])
@roles(*STAFF)
def cancel(workshop_id: int):
    """Cancel a workshop, telling everyone registered why."""
    workshop = db.get_or_404(Workshop, workshop_id)
    form = CancelForm()
    if form.validate_on_submit():
        told = services.cancel(current_user, workshop, form.reason.data)
        db.session.commit()
        flash(
            ngettext(
                "The workshop is cancelled; %(num)d person has been told.",
                "The workshop is cancelled; %(num)d people have been told.",
                told,
            ),
            "success",
        )
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    return render_template("workshops/cancel.html", workshop=workshop, form=form), form_status(form)


@bp.route("/<int:workshop_id>/clone", methods=["GET", "POST"])
@roles(*STAFF)
def clone(workshop_id: int):
    """Copy a workshop, with its agenda, for another place and date."""
    source = db.get_or_404(Workshop, workshop_id)
    form = CloneForm()
    if not form.is_submitted():
        form.country.data, form.province.data, form.city.data, form.city_zh.data = (
            source.country,
            source.province,
            source.city,
            source.city_zh,
        )
    if form.validate_on_submit():
        try:
            copy = services.clone(
                current_user,
                source,
                form.start_date.data,
                form.country.data,
                form.province.data or "",
                form.city.data,
                form.city_zh.data or "",
            )
        except DomainError as error:
            return refuse_form(error, "workshops/clone.html", workshop=source, form=form)
        db.session.commit()
        flash(_("A draft copy has been made. Check it, then publish it."), "success")
        return redirect(url_for("workshops.edit", workshop_id=copy.id))
    return render_template("workshops/clone.html", workshop=source, form=form), form_status(form)


@bp.route("/<int:workshop_id>/message", methods=["GET", "POST"])
@roles(*STAFF)
def message(workshop_id: int):
    """Write to every confirmed or waiting participant."""
    workshop = db.get_or_404(Workshop, workshop_id)
    form = MessageForm()
    if form.validate_on_submit():
        sent = services.message_participants(
            current_user,
            workshop,
            {"en": form.subject_en.data or "", "zh": form.subject_zh.data or ""},
            {"en": form.body_en.data or "", "zh": form.body_zh.data or ""},
        )
        db.session.commit()
        flash(
            ngettext(
                "The message has been sent to %(num)d person.",
                "The message has been sent to %(num)d people.",
                sent,
            ),
            "success",
        )
        return redirect(url_for("workshops.participants", workshop_id=workshop.id))
    return render_template("workshops/message.html", workshop=workshop, form=form), form_status(
        form
    )


# --- Agenda --------------------------------------------------------------------------------------


def _session_of(workshop_id: int, session_id: int) -> WorkshopSession:
    session = db.get_or_404(WorkshopSession, session_id)
    if session.workshop_id != workshop_id:
        abort(404)
    return session
