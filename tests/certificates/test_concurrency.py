"""Two coordinators clicking at once: threads issuing against PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.certificates import errors as certificates_errors
from app.certificates import services, subjects
from app.certificates.models import Certificate
from app.core.access import Role
from app.extensions import db as _db
from app.workshops.models import Workshop
from tests.certificates.factories import held_workshop, people
from tests.conftest import make_user, run_at_once

pytestmark = pytest.mark.postgres


def test_two_coordinators_issue_to_all_at_once(app, db, postgres_only):
    trainees = people(*[("张", f"伟{n}", "Zhang", f"Wei{n}") for n in range(5)])
    workshop_id = held_workshop({t: ["present"] * 5 for t in trainees}).id
    coordinators = [make_user(roles=(Role.COORDINATOR,)).id for _ in range(2)]

    def issue_all(coordinator_id):
        def job():
            subject = subjects.workshop_subject(_db.session.get(Workshop, workshop_id))
            return [
                c.id for c in services.issue_to_all(_db.session.get(User, coordinator_id), subject)
            ]

        return job

    results, errors = run_at_once(app, [issue_all(c) for c in coordinators])
    assert errors == []
    db.session.expire_all()
    live = db.session.scalars(sa.select(Certificate).where(Certificate.status == "live")).all()
    assert len(live) == 5
    assert sorted(c.holder_id for c in live) == sorted(t.id for t in trainees)
    assert sum(len(r) for r in results) == 5  # each certificate reported as new exactly once


def test_ten_simultaneous_clicks_for_one_person_make_one_certificate(app, db, postgres_only):
    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    workshop_id = held_workshop({zhang: ["present"] * 5}).id
    coordinator_id = make_user(roles=(Role.COORDINATOR,)).id

    def issue_one():
        subject = subjects.workshop_subject(_db.session.get(Workshop, workshop_id))
        certificate, created = services.issue_to_one(
            _db.session.get(User, coordinator_id), subject, zhang.id
        )
        return certificate.id, created

    results, errors = run_at_once(app, [issue_one for _ in range(10)])
    assert errors == []
    assert len({certificate_id for certificate_id, _ in results}) == 1
    assert [created for _, created in results].count(True) == 1
    assert db.session.scalar(sa.select(sa.func.count(Certificate.id))) == 1


def test_simultaneous_revocations_record_one(app, db, postgres_only):
    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    workshop = held_workshop({zhang: ["present"] * 5})
    certificate, _ = services.issue_to_one(None, subjects.workshop_subject(workshop), zhang.id)
    db.session.commit()
    certificate_id = certificate.id
    coordinators = [make_user(roles=(Role.COORDINATOR,)).id for _ in range(4)]

    def revoke(coordinator_id):
        def job():
            services.revoke(
                _db.session.get(User, coordinator_id),
                _db.session.get(Certificate, certificate_id),
                f"by {coordinator_id}",
            )

        return job

    _results, errors = run_at_once(app, [revoke(c) for c in coordinators])
    assert len(errors) == 3 and all(isinstance(e, certificates_errors.NotLive) for e in errors)
    db.session.expire_all()
    assert db.session.get(Certificate, certificate_id).status == "revoked"
