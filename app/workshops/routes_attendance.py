"""Participants and attendance pages, for coordinators and the workshop's own trainers: approval,
the roster, paper sign-in sheets, badges, the CSV export, and participants' self check-in."""

from __future__ import annotations

import segno
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.core import exports
from app.core.access import Role, roles, signed_in
from app.core.db import utcnow
from app.core.errors import DomainError, refuse
from app.core.forms import form_status
from app.core.urls import public_url
from app.extensions import db, limiter

from . import bp, checkin, documents, marking
from . import jobs as workshop_jobs
from . import participants as workshop_participants
from . import registration as workshops_registration
from .attendance import Mark
from .forms import CheckInForm, ConfirmForm, PaperSignInForm
from .models import Registration, RegistrationStatus
from .routes import STAFF, _is_staff, _session_of, _teaching_workshop

# --- Participants and attendance (coordinators and the workshop's trainers) ----------------------


@bp.route("/<int:workshop_id>/participants")
@roles(Role.TRAINER, *STAFF)
def participants(workshop_id: int):
    """Everyone registered, with their answers, status and attendance rate."""
    workshop = _teaching_workshop(workshop_id)
    registrations = workshops_registration.live_registrations(workshop)
    rates = marking.attendance_rates(
        workshop,
        [r.user_id for r in registrations if r.status == RegistrationStatus.CONFIRMED],
    )
    return render_template(
        "workshops/participants.html",
        workshop=workshop,
        registrations=registrations,
        rates=rates,
        confirm_form=ConfirmForm(),
        is_staff=_is_staff(),
    )


@bp.route(
    "/<int:workshop_id>/registrations/<int:registration_id>/<any(approve, decline):decision>",
    methods=["POST"],
)
@roles(*STAFF)
def decide(workshop_id: int, registration_id: int, decision: str):
    """Approve or decline a registration request."""
    registration = db.get_or_404(Registration, registration_id)
    if registration.workshop_id != workshop_id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    workshops_registration.decide(current_user, registration, decision == "approve")
    db.session.commit()
    flash(
        _("The request has been approved.")
        if decision == "approve"
        else _("The request has been declined."),
        "success",
    )
    return redirect(url_for("workshops.participants", workshop_id=workshop_id))


@bp.route("/<int:workshop_id>/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@roles(Role.TRAINER, *STAFF)
def roster(workshop_id: int, session_id: int):
    """Mark each confirmed participant present, late, excused or absent, in one form."""
    workshop = _teaching_workshop(workshop_id)
    session = _session_of(workshop_id, session_id)
    people = workshop_participants.confirmed_participants(workshop)
    form = ConfirmForm()
    if form.validate_on_submit():
        marks = {}
        for person in people:
            value = request.form.get(f"mark-{person.id}", "")
            if value:
                if value not in {m.value for m in Mark}:
                    abort(400)
                marks[person.id] = value
        if request.form.get("everyone") == Mark.PRESENT.value:
            # Everyone not marked otherwise in the form is present.
            marks = {person.id: Mark.PRESENT.value for person in people} | marks
        saved = marking.record_marks(current_user, session, marks)
        db.session.commit()
        flash(
            ngettext(
                "Attendance saved for %(num)d person.",
                "Attendance saved for %(num)d people.",
                saved,
            ),
            "success",
        )
        return redirect(url_for("workshops.roster", workshop_id=workshop_id, session_id=session_id))
    return render_template(
        "workshops/roster.html",
        workshop=workshop,
        session=session,
        people=people,
        marks=marking.marks_for(session),
        form=form,
        marks_order=list(Mark),
    )


@bp.route("/<int:workshop_id>/attendance.csv", methods=["GET", "POST"])
@roles(Role.TRAINER, *STAFF)
def attendance_csv(workshop_id: int):
    """Attendance per participant and session, for Excel (UTF-8 with BOM); a large workshop's is
    prepared by a background job."""
    workshop = _teaching_workshop(workshop_id)
    return exports.deliver(
        workshop_jobs.ATTENDANCE_CSV,
        {"workshop_id": workshop.id},
        workshop_jobs.confirmed_count(workshop),
    )


def _pdf_response(data: bytes, filename: str) -> Response:
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/<int:workshop_id>/sessions/<int:session_id>/sign-in-sheet.pdf")
@roles(Role.TRAINER, *STAFF)
def sign_in_sheet(workshop_id: int, session_id: int):
    """A printable sign-in sheet for one session, in both languages."""
    workshop = _teaching_workshop(workshop_id)
    session = _session_of(workshop_id, session_id)
    return _pdf_response(
        documents.sign_in_sheet(workshop, session),
        f"sign-in-workshop-{workshop.id}-session-{session.id}.pdf",
    )


@bp.route("/<int:workshop_id>/badges.pdf")
@roles(Role.TRAINER, *STAFF)
def badges(workshop_id: int):
    """Name badges for the trainers and confirmed participants."""
    workshop = _teaching_workshop(workshop_id)
    return _pdf_response(documents.name_badges(workshop), f"badges-workshop-{workshop.id}.pdf")


@bp.route("/<int:workshop_id>/sessions/<int:session_id>/paper-sign-in", methods=["GET", "POST"])
@roles(Role.TRAINER, *STAFF)
def paper_sign_in(workshop_id: int, session_id: int):
    """Type a paper sign-in sheet back in by its row numbers."""
    workshop = _teaching_workshop(workshop_id)
    session = _session_of(workshop_id, session_id)
    people = workshop_participants.confirmed_participants(workshop)
    form = PaperSignInForm()
    status = form_status(form)
    if form.validate_on_submit():
        try:
            saved = marking.record_paper_sign_in(
                current_user,
                session,
                {
                    "present": form.present.data or "",
                    "late": form.late.data or "",
                    "excused": form.excused.data or "",
                },
            )
        except DomainError as error:
            refuse(error)
            status = 400
        else:
            db.session.commit()
            flash(
                ngettext(
                    "Attendance saved for %(num)d person.",
                    "Attendance saved for %(num)d people.",
                    saved,
                ),
                "success",
            )
            return redirect(
                url_for("workshops.roster", workshop_id=workshop_id, session_id=session_id)
            )
    return render_template(
        "workshops/paper_sign_in.html", workshop=workshop, session=session, people=people, form=form
    ), status


# --- Self check-in -------------------------------------------------------------------------------


@bp.route("/<int:workshop_id>/sessions/<int:session_id>/check-in-screen")
@roles(Role.TRAINER, *STAFF)
def check_in_screen(workshop_id: int, session_id: int):
    """For the room screen: the session's current check-in code and its QR code."""
    workshop = _teaching_workshop(workshop_id)
    session = _session_of(workshop_id, session_id)
    now = utcnow()
    open_now = checkin.is_open(now, session.starts_at, session.ends_at)
    code = qr = None
    if open_now:
        code = checkin.current_code(current_app.config["SECRET_KEY"].encode(), session.id, now)
        link = public_url("workshops.check_in", code=code)
        qr = segno.make(link, error="m").svg_data_uri(scale=6, border=2)
    return render_template(
        "workshops/check_in_screen.html",
        workshop=workshop,
        session=session,
        code=code,
        qr=qr,
        open_now=open_now,
        opens_at=session.starts_at - checkin.OPENS_BEFORE,
    )


@bp.route("/check-in", methods=["GET", "POST"])
@signed_in
@limiter.limit("10 per minute", methods=["POST"])
def check_in():
    """A participant enters (or scans) the code on the room screen."""
    form = CheckInForm(data={"code": request.args.get("code", "")[:20]})
    if form.validate_on_submit():
        result = marking.self_check_in(
            current_user, form.code.data, current_app.config["SECRET_KEY"].encode()
        )
        if result.outcome is checkin.Outcome.ACCEPTED:
            db.session.commit()
            flash(_("You are checked in as %(mark)s.", mark=result.mark.label), "success")
            return redirect(url_for("workshops.check_in"))
        messages = {
            checkin.Outcome.WRONG: _(
                "This code does not match any session you can check in to now. Check the code on the screen and try again."
            ),
            checkin.Outcome.EXPIRED: _(
                "This code has expired. Enter the code now shown on the screen."
            ),
            checkin.Outcome.CLOSED: _(
                "Check-in for this session is closed. Ask the trainer to record your attendance."
            ),
        }
        flash(messages[result.outcome], "error")
        return render_template("workshops/check_in.html", form=form), 400
    return render_template("workshops/check_in.html", form=form), form_status(form)
