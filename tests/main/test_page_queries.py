"""Lean requests: the list pages run as many queries with ten times the rows, and the detail
pages with ten times the parts (no per-row loads).

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.certificates import services as certificates
from app.certificates import subjects
from app.core.access import Role
from app.extensions import db
from app.learning.models import Lesson
from app.workshops.models import (
    Registration,
    WorkshopModule,
    WorkshopSession,
    workshop_trainers,
)
from tests.certificates.factories import held_workshop, module_with_lessons
from tests.conftest import count_queries, make_user
from tests.exchanges.factories import make_exchange
from tests.quizzes.factories import make_attempt, make_module_with_final_quiz, make_quiz
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


# --- Detail pages: one workshop, module, lesson, quiz and attempt with ten times the parts ------


class _Scene:
    """A workshop the trainee is confirmed for, teaching a module with a final quiz (its pre- and
    post-test too) that the trainee has attempted; `grow` adds more of every part these pages
    list: sessions, trainers, participants, linked modules, lessons, quizzes and attempts."""

    def __init__(self, trainee):
        self.trainee = trainee
        self.module, self.final = make_module_with_final_quiz(lessons=2)
        self.pre = make_quiz(same_questions_as=self.final, kind="pre", key="pre")
        self.post = make_quiz(same_questions_as=self.final, kind="post", key="post")
        self.workshop = make_workshop(days_ahead=-1, sessions=2)
        self.workshop.pre_quiz_id, self.workshop.post_quiz_id = self.pre.id, self.post.id
        db.session.add(
            Registration(workshop_id=self.workshop.id, user_id=trainee.id, status="confirmed")
        )
        db.session.commit()
        self.attempt = make_attempt(self.final, trainee, [1] * 7)
        self.grown = 0

    def grow(self, count: int) -> None:
        for number in range(self.grown, self.grown + count):
            begins = self.workshop.starts_at + timedelta(minutes=5 * number)
            db.session.add(
                WorkshopSession(
                    workshop_id=self.workshop.id,
                    title_en=f"Extra {number}",
                    title_zh=f"加场{number}",
                    starts_at=begins,
                    ends_at=begins + timedelta(minutes=30),
                )
            )
            trainer = make_user(roles=(Role.TRAINER,))
            db.session.execute(
                workshop_trainers.insert().values(workshop_id=self.workshop.id, user_id=trainer.id)
            )
            other = make_user(given_name_latin=f"Other{number}")
            db.session.add(
                Registration(workshop_id=self.workshop.id, user_id=other.id, status="confirmed")
            )
            linked = module_with_lessons(lessons=1, slug=f"linked-{number}")
            db.session.add(
                WorkshopModule(workshop_id=self.workshop.id, module_id=linked.id, timing="after")
            )
            db.session.add(
                Lesson(
                    module_id=self.module.id,
                    slug=f"extra-{number}",
                    position=100 + number,
                    title_en=f"Extra lesson {number}",
                    title_zh=f"补充课{number}",
                    body_en="## Part\n\nText.",
                    body_zh="## 部分\n\n正文。",
                )
            )
            make_quiz(same_questions_as=self.final, kind="practice", key=f"practice-{number}")
            make_attempt(self.final, self.trainee, [0] * 7, number=2 + number)
        self.grown += count
        db.session.commit()

    def paths(self) -> dict[str, str]:
        lesson = self.module.lessons[0]
        return {
            "workshop detail": f"/workshops/{self.workshop.id}",
            "module page": f"/learn/modules/{self.module.slug}",
            "lesson": f"/learn/modules/{self.module.slug}/lessons/{lesson.slug}",
            "quiz page": f"/quizzes/{self.final.id}",
            "attempt page": f"/quizzes/attempts/{self.attempt.id}",
        }


DETAIL_PAGES = ["workshop detail", "module page", "lesson", "quiz page", "attempt page"]


@pytest.mark.parametrize("name", DETAIL_PAGES)
def test_detail_pages_run_the_same_queries_with_ten_times_the_parts(app, client_as, name):
    """Queries with 2 of each part equal queries with 20 of each part."""
    reader = client_as(Role.TRAINEE)
    scene = _Scene(reader.user)
    scene.grow(2)
    path = scene.paths()[name]
    assert reader.get(path).status_code == 200
    with count_queries() as small:
        assert reader.get(path).status_code == 200
    scene.grow(18)
    with count_queries() as large:
        page = reader.get(path)
        assert page.status_code == 200
    shown = {"workshop detail": "Extra ", "module page": "Extra lesson", "quiz page": "Attempt "}
    if name in shown:
        assert page.get_data(as_text=True).count(shown[name]) >= 20, "the parts are on the page"
    assert len(large) == len(small), "\n".join(large)
