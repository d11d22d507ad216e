"""The password-reset e-mail, written by a worker: the "forgot password" request only queues the
address it was given, so it does the same work, in the same time, whether or not an account uses
that address (its answer and its timing tell nothing)."""

from __future__ import annotations

from flask import current_app

from app.core.audit import record
from app.core.mail import queue_mail
from app.core.queue import enqueue, huey, in_app
from app.extensions import db

from . import services


def _reset_url(token: str) -> str:
    """The link, built without a request (a worker has none)."""
    path = current_app.url_map.bind("", script_name="/").build(
        "auth.reset_password", {"token": token}
    )
    return current_app.config["PUBLIC_BASE_URL"] + path


def send_reset_link(email: str) -> bool:
    """Queue the reset link for the active account using `email`, if there is one (commits)."""
    user = services.find_user_by_email(email)
    if user is None or not user.active:
        return False
    record(user, "auth.reset_requested", user)
    queue_mail(
        user,
        "password_reset",
        reset_url=_reset_url(services.make_reset_token(user)),
        hours=current_app.config["PASSWORD_RESET_HOURS"],
    )
    db.session.commit()
    return True


@huey.task()
def send_reset_link_task(email: str) -> None:
    """The queue's task for `send_reset_link`."""
    in_app(lambda: send_reset_link(email))


def request_reset_link(email: str) -> None:
    """What the page does: hand the address to the queue, nothing else."""
    enqueue(send_reset_link_task, email)
