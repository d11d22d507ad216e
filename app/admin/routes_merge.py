"""Merging two accounts of one person: choose, see what will move, confirm."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.models import User
from app.auth.services import find_user_by_email
from app.core.access import Role, roles
from app.core.errors import DomainError, refuse_to
from app.core.forms import form_status
from app.extensions import db

from . import bp, merging
from .forms_merge import MergeChooseForm, MergeConfirmForm


@bp.route("/users/<int:user_id>/merge", methods=["GET", "POST"])
@roles(Role.ADMIN)
def merge_choose(user_id: int):
    """Name the other account of the same person and the account to keep."""
    user = db.get_or_404(User, user_id)
    form = MergeChooseForm()
    if form.validate_on_submit():
        other = find_user_by_email(form.other_email.data)
        if other is None:
            form.other_email.errors.append(_("No account has this e-mail address."))
        elif other.id == user.id:
            form.other_email.errors.append(_("Choose two different accounts."))
        else:
            kept, merged = (user, other) if form.keep.data == "this" else (other, user)
            return redirect(url_for("admin.merge_confirm", kept_id=kept.id, merged_id=merged.id))
    away, into = merging.merges_of(user)
    return render_template(
        "admin/merge_choose.html", user=user, form=form, merged_away=away, merged_into=into
    ), form_status(form)


@bp.route("/merge/<int:kept_id>/<int:merged_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def merge_confirm(kept_id: int, merged_id: int):
    """What the merge will move, and the button that does it."""
    kept = db.get_or_404(User, kept_id)
    merged = db.get_or_404(User, merged_id)
    form = MergeConfirmForm()
    try:
        result = merging.preview_merge(current_user, kept, merged)
    except DomainError as error:
        return refuse_to(error, url_for("admin.merge_choose", user_id=merged.id))
    if not form.validate_on_submit():
        db.session.rollback()  # end the dry run's transaction: a page view writes nothing
    else:
        try:
            merging.merge_accounts(current_user, kept, merged, form.note.data or "")
        except DomainError as error:
            return refuse_to(error, url_for("admin.merge_choose", user_id=merged.id))
        db.session.commit()
        flash(_("The accounts have been merged."), "success")
        return redirect(url_for("admin.user_detail", user_id=kept.id))
    return render_template(
        "admin/merge_confirm.html", kept=kept, merged=merged, result=result, form=form
    ), form_status(form)
