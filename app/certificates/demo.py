"""Demo certificates for `flask seed-demo`: valid, superseded and revoked ones, so the register,
"My page" and the verification page show every state."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth import services as accounts
from app.exchanges.models import Exchange
from app.extensions import db
from app.workshops.models import Workshop

from . import services, subjects
from .models import Certificate


def seed_demo_certificates() -> int:
    """Issue the demo trainee's certificates once (none if any certificate exists); returns how
    many certificates were made."""
    if db.session.scalar(sa.select(sa.func.count(Certificate.id))):
        return 0
    trainee = accounts.find_user_by_email("trainee@example.org")
    coordinator = accounts.find_user_by_email("coordinator@example.org")
    workshop = db.session.scalar(
        sa.select(Workshop).where(Workshop.title_en.like("%(demo)"), Workshop.status == "completed")
    )
    exchange = db.session.scalar(
        sa.select(Exchange)
        .where(Exchange.status == "completed", Exchange.title_en.like("Study visit%"))
        .order_by(Exchange.start_date)
    )
    if trainee is None or coordinator is None or workshop is None or exchange is None:
        return 0
    made = 0
    # Attendance: 3 of 4 sessions is below 80 %, so the coordinator issued it by exception; a
    # corrected reissue then superseded the first one.
    first, _ = services.issue_to_one(
        coordinator,
        subjects.workshop_subject(workshop),
        trainee.id,
        "Attended the make-up session on inspection case studies (demo)",
    )
    db.session.flush()
    services.reissue(coordinator, first, "Venue name corrected (demo)")
    made += 2
    # Participation: issued, revoked as issued too early, then issued again.
    subject = subjects.exchange_subject(exchange)
    early, _ = services.issue_to_one(coordinator, subject, trainee.id)
    db.session.flush()
    services.revoke(coordinator, early, "Issued before the final report was approved (demo)")
    services.issue_to_one(coordinator, subject, trainee.id)
    made += 2
    db.session.flush()
    return made


def seed_demo() -> list[str]:
    """The demo seeder: the demo trainee's certificates in every state."""
    return [f"{seed_demo_certificates()} demo certificate(s) added."]
