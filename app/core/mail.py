"""The outbox: every e-mail is queued here, rendered in its recipient's language, then delivered.

A request only queues: after it has committed (so a rolled-back action sends nothing) it hands a
delivery task to the task queue (app/core/queue.py), and a worker delivers, through SMTP when
MAIL_SERVER is set (with MAIL_TIMEOUT seconds, well below any worker limit), otherwise by writing the
message to MAIL_FOLDER. Each message is claimed by a conditional UPDATE before it is sent, so two
workers never deliver it twice; a failed delivery is retried with growing pauses (the every-minute
scheduled task), up to MAX_ATTEMPTS. `flask send-mail` delivers by hand.
"""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime as rfc2822_date
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa
from flask import Flask, current_app, g, render_template
from flask_babel import force_locale
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.core.db import UTCDateTime, utcnow
from app.core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from app.core.queue import after_task, enqueue, every_minute, huey, in_app
from app.extensions import db

MAX_ATTEMPTS = 5
#: How long a claimed message is left to its worker before another may take it (a killed worker).
CLAIM_SECONDS = 300
#: Pause before the n-th retry: 1, 4, 16, 64 minutes.
RETRY_MINUTES = (1, 4, 16, 64)


class OutboxMessage(db.Model):
    """One e-mail, as rendered for its recipient."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Recipient address.
    to_address: Mapped[str] = mapped_column(sa.String(254))
    #: Recipient account, when there is one.
    to_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: The language the message was rendered in.
    language: Mapped[str] = mapped_column(sa.String(5))
    #: The template it was rendered from (templates/mail/<name>.txt).
    template: Mapped[str] = mapped_column(sa.String(80))
    #: Subject line.
    subject: Mapped[str] = mapped_column(sa.String(300))
    #: Plain-text body.
    body: Mapped[str] = mapped_column(sa.Text)
    #: When it was queued.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When it was delivered (None while waiting).
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    #: Delivery attempts so far.
    attempts: Mapped[int] = mapped_column(default=0)
    #: The last delivery error, if any.
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    #: A worker is delivering it until then (None when nobody is).
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Not before then (the back-off after a failed attempt; None: at once).
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


def queue_mail(recipient: Any, template: str, **context: Any) -> OutboxMessage:
    """Render `template` in the recipient's language and queue it (the caller commits).

    `recipient` is a User (its address and preferred language are used) or an e-mail address.
    """
    if isinstance(recipient, str):
        address, user_id, language = recipient, None, context.pop("language", DEFAULT_LANGUAGE)
    else:
        address, user_id = recipient.email, recipient.id
        language = recipient.preferred_language
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    with force_locale(language):
        subject = render_template(f"mail/{template}.subject.txt", recipient=recipient, **context)
        body = render_template(f"mail/{template}.txt", recipient=recipient, **context)
    message = OutboxMessage(
        to_address=address,
        to_user_id=user_id,
        language=language,
        template=template,
        subject=" ".join(subject.split()),
        body=body,
    )
    db.session.add(message)
    g.mail_queued = True
    return message


def _as_email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = rfc2822_date(message.created_at)
    email["Message-ID"] = make_msgid(domain="training.local")
    email["Content-Language"] = "zh-Hans" if message.language == "zh" else "en"
    email["X-Outbox-ID"] = str(message.id)  # the same on a retry: duplicates can be told apart
    email.set_content(message.body)
    return email


def _deliver_one(email: EmailMessage, message: OutboxMessage) -> None:
    config = current_app.config
    if config["MAIL_SERVER"]:
        with smtplib.SMTP(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
        ) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(email)
        return
    folder = Path(config["MAIL_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{message.created_at:%Y%m%dT%H%M%S}-{message.id:06d}.eml"
    path.write_bytes(email.as_bytes())
    current_app.logger.info(
        "Mail to %s, %r: written to %s", message.to_address, message.subject, path
    )


def _waiting(now: datetime, retry_now: bool = False):
    due = sa.or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now)
    return sa.and_(
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.attempts < MAX_ATTEMPTS,
        sa.true() if retry_now else due,
        sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    )


def _claim(session: Session, message_id: int, now: datetime, retry_now: bool) -> bool:
    """Take the message for this worker; False when another worker took it first."""
    claimed = session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, _waiting(now, retry_now))
        .values(
            claimed_until=now + timedelta(seconds=CLAIM_SECONDS),
            attempts=OutboxMessage.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    return claimed == 1


def deliver_pending(limit: int = 200, retry_now: bool = False) -> int:
    """Deliver committed, waiting messages in a session of their own; return how many went out.

    Each message is claimed first (a conditional UPDATE, committed), then sent, then marked sent:
    any number of workers may run this at once and each message goes out once. `retry_now`
    also takes failed messages still waiting for their next attempt (`flask send-mail`).
    """
    sent = 0
    with Session(db.engine) as session:
        ids = session.scalars(
            sa.select(OutboxMessage.id)
            .where(_waiting(utcnow(), retry_now))
            .order_by(OutboxMessage.id)
            .limit(limit)
        ).all()
        session.commit()
        for message_id in ids:
            if not _claim(session, message_id, utcnow(), retry_now):
                continue
            message = session.get(OutboxMessage, message_id)
            try:
                _deliver_one(_as_email(message), message)
            except (OSError, smtplib.SMTPException) as error:
                message.last_error = str(error)[:2000]
                pause = RETRY_MINUTES[min(message.attempts, len(RETRY_MINUTES)) - 1]
                message.next_attempt_at = utcnow() + timedelta(minutes=pause)
                current_app.logger.warning(
                    "Mail %s to %s failed: %s", message.id, message.to_address, error
                )
            else:
                message.sent_at = utcnow()
                message.last_error = ""
                sent += 1
            message.claimed_until = None
            session.commit()
    return sent


@huey.task()
def deliver_mail_task() -> None:
    """The queue's task: deliver waiting mail (each message claimed, so workers never double)."""
    in_app(deliver_pending)


def _deliver_after_request(response):
    """Hand delivery to a worker; the request itself never talks to SMTP."""
    if g.pop("mail_queued", False):
        enqueue(deliver_mail_task)
    return response


def _deliver_after_task() -> None:
    """Mail a background job or scheduled task queued (committed by now) goes out the same way."""
    if g.pop("mail_queued", False):
        enqueue(deliver_mail_task)


@click.command("send-mail")
def send_mail_command() -> None:
    """Deliver waiting messages now, failed ones too (the workers also retry them on their own)."""
    click.echo(f"{deliver_pending(retry_now=True)} message(s) sent.")


def init_app(app: Flask) -> None:
    """Queue delivery after each request that queued mail, retry every minute, add `flask send-mail`."""
    app.after_request(_deliver_after_request)
    app.cli.add_command(send_mail_command)
    every_minute.register(deliver_pending)
    after_task.register(_deliver_after_task)
