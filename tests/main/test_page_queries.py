"""Lean requests: the list pages run as many queries with ten times the rows (no per-row loads).

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import pytest

from app.certificates import services as certificates
from app.certificates import subjects
from app.core.access import Role
from app.extensions import db
from app.workshops.models import Registration
from tests.certificates.factories import held_workshop, module_with_lessons
from tests.conftest import count_queries, make_user
from tests.exchanges.factories import make_exchange
from tests.workshops.factories import make_workshop

P = "present"

#: The list pages, who reads them, the path, and a text each listed row shows.
LIST_PAGES = [
    ("workshop list", Role.TRAINEE, "/workshops/", "Upcoming "),
    ("my page", Role.TRAINEE, "/my", "Visit "),
    ("module catalogue", Role.TRAINEE, "/learn/", "Fair recruitment"),
    ("exchanges list", Role.COORDINATOR, "/exchanges/", "Visit "),
    ("certificates register", Role.COORDINATOR, "/certificates/", "Other"),
]


def _add_rows(trainee, coordinator, count: int, start: int) -> None:
    """`count` more of everything the list pages show, each tied to the trainee."""
    for number in range(start, start + count):
        others = [make_user(given_name_latin=f"Other{number}")]
        workshop = held_workshop({trainee: [P] * 2, others[0]: [P] * 2}, sessions=2)
        certificates.issue_to_all(coordinator, subjects.workshop_subject(workshop))
        db.session.add(
            Registration(workshop_id=workshop.id, user_id=others[0].id, status="waitlisted")
        )
        upcoming = make_workshop(days_ahead=10 + number, title_en=f"Upcoming {number}")
        db.session.add(
            Registration(workshop_id=upcoming.id, user_id=trainee.id, status="confirmed")
        )
        make_exchange(members=[trainee, *others], title_en=f"Visit {number}")
        module_with_lessons(lessons=2, slug=f"module-{number}")
    db.session.commit()


@pytest.mark.parametrize(
    ("name", "role", "path", "row_text"), LIST_PAGES, ids=[p[0] for p in LIST_PAGES]
)
def test_list_pages_run_the_same_queries_at_ten_times_the_rows(
    app, client_as, name, role, path, row_text
):
    """Queries at 2 rows of each kind equal queries at 20 rows of each kind."""
    coordinator_client = client_as(Role.COORDINATOR)
    trainee_client = client_as(Role.TRAINEE)
    reader = trainee_client if role == Role.TRAINEE else coordinator_client
    _add_rows(trainee_client.user, coordinator_client.user, 2, 0)
    assert reader.get(path).status_code == 200
    with count_queries() as small:
        page = reader.get(path)
        assert page.status_code == 200
    assert page.get_data(as_text=True).count(row_text) >= 2
    _add_rows(trainee_client.user, coordinator_client.user, 18, 2)
    with count_queries() as large:
        page = reader.get(path)
        assert page.status_code == 200
    assert page.get_data(as_text=True).count(row_text) >= 20
    assert len(large) == len(small), "\n".join(large)
