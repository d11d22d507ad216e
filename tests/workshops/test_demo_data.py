"""The demo programme shows workshops past and upcoming, with registrations and attendance."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth.services import find_user_by_email
from app.workshops.models import AttendanceRecord, Registration, Workshop
from tests.conftest import sign_in


def test_seed_demo_adds_workshops_once(runner, client, db):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "3 demo workshop(s) added." in first.output
    assert "0 demo workshop(s) added." in runner.invoke(args=["seed-demo"]).output
    assert db.session.scalar(sa.select(sa.func.count(Workshop.id))) == 3
    # The demo trainee's two registrations, 16 participants of the past workshop whose pre- and
    # post-tests the quiz reports show (app/quizzes/demo.py) and three officials from the demo
    # nomination list (app/roster/demo.py).
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 2 + 16 + 3
    assert db.session.scalar(sa.select(sa.func.count(AttendanceRecord.id))) == 4 + 16 * 4
    trainee = find_user_by_email("trainee@example.org")
    sign_in(client, trainee)
    my_page = client.get("/my").get_data(as_text=True)
    assert "法律与政策审议研讨班（济南）（演示）" in my_page
    past = db.session.scalar(sa.select(Workshop).where(Workshop.status == "completed"))
    page = client.get(f"/workshops/{past.id}").get_data(as_text=True)
    assert "（75%）" in page  # present, late, absent, present: 3 of 4 sessions
