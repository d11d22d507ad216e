"""Coordinators name a workshop's pre-test and post-test; participants find them on its page."""

from __future__ import annotations

import sqlalchemy as sa

from app.core.access import Role
from app.workshops.models import Registration, Workshop
from tests.quizzes.factories import make_module, make_quiz
from tests.workshops.factories import make_workshop
from tests.workshops.test_coordinator_pages import NEW


def _tests():
    pre = make_quiz(kind="pre", title_en="Before: C181", title_zh="前测：第181号公约")
    post = make_quiz(
        kind="post", same_questions_as=pre, title_en="After: C181", title_zh="后测：第181号公约"
    )
    final = make_quiz(module=pre.module, kind="final", same_questions_as=pre, title_en="Final C181")
    draft = make_quiz(module=make_module(status="draft"), kind="pre", title_en="Draft pre-test")
    return pre, post, final, draft


def test_coordinator_names_the_pre_and_post_test(client_as, db):
    pre, post, final, draft = _tests()
    coordinator = client_as(Role.COORDINATOR)
    form = coordinator.get("/workshops/new").get_data(as_text=True)
    assert "Before: C181" in form and "After: C181" in form
    assert "Final C181" not in form and "Draft pre-test" not in form  # only pre/post, published
    response = coordinator.post(
        "/workshops/new", data={**NEW, "pre_quiz_id": str(pre.id), "post_quiz_id": str(post.id)}
    )
    assert response.status_code == 302
    workshop = db.session.scalars(sa.select(Workshop)).one()
    assert (workshop.pre_quiz_id, workshop.post_quiz_id) == (pre.id, post.id)
    edit = coordinator.get(f"/workshops/{workshop.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{pre.id}">' in edit
    coordinator.post(f"/workshops/{workshop.id}/edit", data={**NEW, "pre_quiz_id": "0"})
    db.session.expire_all()
    workshop = db.session.get(Workshop, workshop.id)
    assert workshop.pre_quiz_id is None and workshop.post_quiz_id is None


def test_a_final_quiz_cannot_be_a_pre_test(client_as, db):
    pre, post, final, draft = _tests()
    coordinator = client_as(Role.COORDINATOR)
    response = coordinator.post("/workshops/new", data={**NEW, "pre_quiz_id": str(final.id)})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Workshop.id))) == 0


def test_participants_see_the_tests_on_the_workshop_page(client_as, db):
    pre, post, final, draft = _tests()
    workshop = make_workshop(pre_quiz_id=pre.id, post_quiz_id=post.id)
    trainee = client_as(Role.TRAINEE)
    db.session.add(
        Registration(workshop_id=workshop.id, user_id=trainee.user.id, status="confirmed")
    )
    db.session.commit()
    page = trainee.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert f"/quizzes/{pre.id}" in page and f"/quizzes/{post.id}" in page
    quiz_page = trainee.get(f"/quizzes/{pre.id}").get_data(as_text=True)
    assert "It closes when the workshop starts." in quiz_page
