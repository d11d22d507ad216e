"""Public verification of a certificate by its code (rate-limited, no sign-in)."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core.access import public
from app.core.forms import form_status
from app.core.i18n import current_language, format_date
from app.extensions import limiter

from . import bp, codes, services
from .forms import VerifyForm


def _verify_limit() -> str:
    return current_app.config["VERIFY_RATE_LIMIT"]


#: One allowance for the form and the result page together: a visitor guessing codes spends the
#: same budget whichever of the two URLs they use.
_verify_rate = limiter.shared_limit(_verify_limit, scope="verify")


@bp.route("/verify")
@public
@_verify_rate
def verify_form():
    """Type a verification code; no sign-in needed."""
    form = VerifyForm(request.args)
    if "code" in request.args and form.validate():
        try:
            code = codes.parse(form.code.data)
        except codes.MistypedCode:
            form.code.errors.append(
                _("This code contains a typing mistake. Please check it against the certificate.")
            )
        except codes.MalformedCode:
            form.code.errors.append(
                _("This is not a verification code. A code has 16 letters and digits.")
            )
        else:
            return redirect(url_for(".verify", code=codes.display(code)))
    return render_template("certificates/verify_form.html", form=form), form_status(form)


@bp.route("/verify/<code>")
@public
@_verify_rate
def verify(code: str):
    """Whether a certificate is valid, superseded or revoked: the holder's name, what it
    certifies and the dates, nothing else about the person."""
    form = VerifyForm(data={"code": code})
    try:
        canonical = codes.parse(code)
    except codes.MistypedCode:
        message = _(
            "This code contains a typing mistake, so it cannot be checked. Please compare it "
            "with the certificate."
        )
        return render_template("certificates/verify_form.html", form=form, problem=message), 400
    except codes.MalformedCode:
        message = _("This is not a verification code. A code has 16 letters and digits.")
        return render_template("certificates/verify_form.html", form=form, problem=message), 400
    certificate = services.find_by_code(canonical)
    if certificate is None:
        message = _(
            "No certificate with this code was ever issued. If you copied it correctly, the "
            "certificate is not genuine."
        )
        return render_template("certificates/verify_form.html", form=form, problem=message), 404
    snapshot = certificate.snapshot
    language = current_language()
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        holder=services.holder_name_for_verification(certificate),
        title=snapshot["event"][f"title_{language}"],
        dates=snapshot["event"][f"dates_{language}"],
        issued=format_date(certificate.issued_at, "Asia/Shanghai", "long"),
        revoked=format_date(certificate.revoked_at, "Asia/Shanghai", "long")
        if certificate.revoked_at
        else "",
    )
