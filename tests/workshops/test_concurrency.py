"""Seats under real concurrency: threads registering at once against PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db as _db
from app.workshops import registration as workshops_registration
from app.workshops import services
from app.workshops.models import Registration, Workshop
from tests.conftest import make_user, run_at_once
from tests.workshops.factories import make_workshop

pytestmark = pytest.mark.postgres


def test_100_simultaneous_registrations_for_10_seats(app, db, postgres_only):
    workshop_id = make_workshop(capacity=10).id
    user_ids = [make_user(email=f"rush{n}@example.org").id for n in range(100)]

    from app.auth.models import User

    def register(user_id):
        def job():
            workshops_registration.register(
                _db.session.get(User, user_id),
                _db.session.get(Workshop, workshop_id),
                workshops_registration.Answers(),
            )

        return job

    _results, errors = run_at_once(app, [register(uid) for uid in user_ids])
    assert errors == []
    db.session.expire_all()
    rows = db.session.scalars(
        sa.select(Registration).where(Registration.workshop_id == workshop_id)
    ).all()
    statuses = [r.status for r in rows]
    assert statuses.count("confirmed") == 10
    assert statuses.count("waiting") == 90
    assert len({r.user_id for r in rows}) == 100  # nobody twice
    assert db.session.get(Workshop, workshop_id).seats_taken == 10


def test_simultaneous_double_clicks_make_one_registration(app, db, postgres_only):
    workshop_id = make_workshop(capacity=10).id
    user_id = make_user().id
    from app.auth.models import User

    def register():
        workshops_registration.register(
            _db.session.get(User, user_id),
            _db.session.get(Workshop, workshop_id),
            workshops_registration.Answers(),
        )

    _results, errors = run_at_once(app, [register for _ in range(10)])
    assert len(errors) == 9
    assert all(isinstance(e, services.ConflictError) for e in errors)
    assert (
        db.session.scalar(
            sa.select(sa.func.count(Registration.id)).where(Registration.workshop_id == workshop_id)
        )
        == 1
    )
    assert db.session.get(Workshop, workshop_id).seats_taken == 1


def test_simultaneous_withdrawals_promote_in_arrival_order(app, db, postgres_only):
    from app.auth.models import User

    workshop_id = make_workshop(capacity=5).id
    users = [make_user(email=f"queue{n}@example.org").id for n in range(10)]
    for uid in users:
        workshops_registration.register(
            db.session.get(User, uid),
            db.session.get(Workshop, workshop_id),
            workshops_registration.Answers(),
        )
        db.session.commit()

    def withdraw(uid):
        def job():
            registration = workshops_registration.current_registration(
                _db.session.get(Workshop, workshop_id), _db.session.get(User, uid)
            )
            workshops_registration.withdraw(registration)

        return job

    _results, errors = run_at_once(app, [withdraw(uid) for uid in users[:3]])
    assert errors == []
    db.session.expire_all()
    rows = {
        r.user_id: r.status
        for r in db.session.scalars(
            sa.select(Registration).where(Registration.workshop_id == workshop_id)
        )
    }
    assert [rows[u] for u in users] == ["withdrawn"] * 3 + ["confirmed"] * 5 + ["waiting"] * 2
    assert db.session.get(Workshop, workshop_id).seats_taken == 5
