"""Workshop pages: the agenda (sessions) that trainers and coordinators edit."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.access import roles
from app.core.errors import DomainError, refuse, refuse_form
from app.core.forms import form_status
from app.extensions import db

from . import bp, scheduling, services
from .forms import (
    ConfirmForm,
    SessionForm,
)
from .models import (
    Workshop,
)
from .routes import (
    STAFF,
    _module_choices,
    _session_of,
)


@bp.route("/<int:workshop_id>/agenda", methods=["GET", "POST"])
@roles(*STAFF)
def agenda(workshop_id: int):
    """The agenda, with a form to add a session."""
    workshop = db.get_or_404(Workshop, workshop_id)
    form = SessionForm(module_choices=_module_choices())
    if form.validate_on_submit():
        try:
            services.save_session(workshop, None, form.values())
        except DomainError as error:
            refuse(error)
            return _render_agenda(workshop, form, 400)
        db.session.commit()
        flash(_("The session has been added."), "success")
        return redirect(url_for("workshops.agenda", workshop_id=workshop.id))
    if not form.is_submitted() and not workshop.sessions:
        form.starts_at.data = scheduling.to_local(workshop.starts_at, workshop.timezone)
    return _render_agenda(workshop, form, form_status(form))


def _render_agenda(workshop, form, status):
    db.session.refresh(workshop)
    return render_template(
        "workshops/agenda.html", workshop=workshop, form=form, confirm_form=ConfirmForm()
    ), status


@bp.route("/<int:workshop_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@roles(*STAFF)
def edit_session(workshop_id: int, session_id: int):
    """Change one agenda item."""
    session = _session_of(workshop_id, session_id)
    workshop = session.workshop
    form = SessionForm(module_choices=_module_choices())
    if not form.is_submitted():
        form.process(
            data={
                **{
                    n: getattr(session, n)
                    for n in (
                        "title_en",
                        "title_zh",
                        "room",
                        "speakers",
                        "counts_for_attendance",
                        "module_id",
                    )
                },
                "starts_at": scheduling.to_local(session.starts_at, workshop.timezone),
                "ends_at": scheduling.to_local(session.ends_at, workshop.timezone),
            }
        )
    if form.validate_on_submit():
        try:
            services.save_session(workshop, session, form.values())
        except DomainError as error:
            return refuse_form(
                error, "workshops/session_form.html", workshop=workshop, session=session, form=form
            )
        db.session.commit()
        flash(_("The session has been saved."), "success")
        return redirect(url_for("workshops.agenda", workshop_id=workshop.id))
    return render_template(
        "workshops/session_form.html", workshop=workshop, session=session, form=form
    ), form_status(form)


@bp.route("/<int:workshop_id>/sessions/<int:session_id>/delete", methods=["POST"])
@roles(*STAFF)
def delete_session(workshop_id: int, session_id: int):
    """Remove one agenda item."""
    session = _session_of(workshop_id, session_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.delete_session(current_user, session)
    db.session.commit()
    flash(_("The session has been deleted."), "success")
    return redirect(url_for("workshops.agenda", workshop_id=workshop_id))
