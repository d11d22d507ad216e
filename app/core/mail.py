"""The outbox: every e-mail is queued here, rendered in its recipient's language, then delivered.

Delivery happens after the request that queued the message has committed (so a rolled-back action
sends nothing), through SMTP when MAIL_SERVER is set, otherwise by writing the message to
MAIL_FOLDER and logging where it went. `flask outbox send` retries what failed.
"""

from __future__ import annotations

import smtplib
from datetime import datetime
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
from app.extensions import db

MAX_ATTEMPTS = 5


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
    email.set_content(message.body)
    return email


def _deliver_one(email: EmailMessage, message: OutboxMessage) -> None:
    config = current_app.config
    if config["MAIL_SERVER"]:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
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


def deliver_pending(limit: int = 200) -> int:
    """Deliver committed, unsent messages in a session of their own; return how many went out."""
    sent = 0
    with Session(db.engine) as session:
        messages = session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
            .order_by(OutboxMessage.id)
            .limit(limit)
        ).all()
        for message in messages:
            message.attempts += 1
            try:
                _deliver_one(_as_email(message), message)
            except (OSError, smtplib.SMTPException) as error:
                message.last_error = str(error)[:2000]
                current_app.logger.warning(
                    "Mail %s to %s failed: %s", message.id, message.to_address, error
                )
            else:
                message.sent_at = utcnow()
                message.last_error = ""
                sent += 1
            session.commit()
    return sent


def _deliver_after_request(response):
    if g.get("mail_queued"):
        deliver_pending()
    return response


@click.command("send-mail")
def send_mail_command() -> None:
    """Deliver queued messages that have not gone out yet (for cron)."""
    click.echo(f"{deliver_pending()} message(s) sent.")


def init_app(app: Flask) -> None:
    """Deliver queued mail after each request that queued some, and add `flask send-mail`."""
    app.after_request(_deliver_after_request)
    app.cli.add_command(send_mail_command)
