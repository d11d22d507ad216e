"""Domain errors and the bilingual error pages."""

from __future__ import annotations

import math
import time
from datetime import timedelta

from flask import Flask, current_app, flash, jsonify, redirect, render_template, request
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.core.carry import carry_form_data, form_target
from app.extensions import db, limiter


class DomainError(Exception):
    """A rule refused an action. Carries a message in the user's language (a lazy string).

    Services raise it; routes show `str(error)` as a flash message or a 4xx page.
    """

    status = 400

    def __init__(self, message: str | None = None):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


#: Title and explanation for each error page.
ERROR_TEXTS = {
    400: (
        _l("Bad request"),
        _l("The request could not be understood. Please check what you entered and try again."),
    ),
    403: (_l("Not allowed"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("The page you asked for does not exist or has been moved.")),
    405: (_l("Method not allowed"), _l("This address cannot be used that way.")),
    413: (
        _l("File too large"),
        _l("The file or form you sent is larger than the platform accepts."),
    ),
    429: (
        _l("Too many requests"),
        _l("You have made too many attempts. Please wait a moment and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l(
            "An unexpected error occurred. Nothing was saved. Please try again; if it happens again, tell the programme team."
        ),
    ),
}


def render_error(code: int, detail: str | None = None):
    """The bilingual error page for an HTTP status code."""
    title, explanation = ERROR_TEXTS.get(code, ERROR_TEXTS[400])
    if request.path.startswith("/healthz") or request.accept_mimetypes.best == "application/json":
        return jsonify(error=str(title), detail=detail or str(explanation)), code
    return render_template(
        "errors/error.html", code=code, title=title, explanation=explanation, detail=detail
    ), code


def seconds_to_wait() -> int | None:
    """How long until the rate limit this request hit lets it through again, or None."""
    current = limiter.current_limit
    if current is None:
        return None
    return max(1, math.ceil(current.reset_at - time.time()))


def wait_message(seconds: int) -> str:
    """When to try again, in words in the user's language ("in 45 seconds", "45秒钟后")."""
    wait = format_timedelta(timedelta(seconds=seconds), add_direction=True, threshold=2)
    return _(
        "Too many attempts came from your network or for this account in a short time. "
        "Please try again %(when)s.",
        when=wait,
    )


def _handle_http_exception(error: HTTPException):
    if error.code in ERROR_TEXTS:
        detail = getattr(error, "user_message", None)
        if error.code == 429 and detail is None:
            seconds = seconds_to_wait()
            if seconds is not None:
                response = current_app.make_response(render_error(429, wait_message(seconds)))
                response.headers.setdefault("Retry-After", str(seconds))
                return response
        return render_error(error.code, detail)
    return error


def _handle_internal_error(error: Exception):
    db.session.rollback()
    return render_error(500)


def _handle_csrf_error(error: CSRFError):
    """A stale or missing form token: show the form again with what the user typed."""
    target = form_target()
    carry_form_data(target, request.form)
    db.session.commit()
    flash(
        _("Your form had expired, so it was not sent. Please check it and send it again."),
        "warning",
    )
    return redirect(target)


def refuse(error: DomainError) -> None:
    """A service refused the action: undo the request's writes and tell the user why, in their
    language, so nothing is half-written and the next page explains what happened."""
    db.session.rollback()
    flash(str(error), "error")


def refuse_form(error: DomainError, template: str, status: int = 400, **context):
    """Refuse, then show the form page again with what the user typed (`status`, 400 by default)."""
    refuse(error)
    return render_template(template, **context), status


def refuse_to(error: DomainError, location: str, code: int = 302):
    """Refuse, then send the user back to `location` (POST/redirect/GET)."""
    refuse(error)
    return redirect(location, code=code)


def _handle_domain_error(error: DomainError):
    db.session.rollback()
    return render_error(error.status, str(error))


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(CSRFError, _handle_csrf_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(DomainError, _handle_domain_error)
    app.register_error_handler(500, _handle_internal_error)
