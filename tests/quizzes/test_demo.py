"""`flask seed-demo` gives the past demo workshop real pre- and post-test results."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth.services import find_user_by_email
from app.quizzes import analysis, results
from app.quizzes.models import Attempt
from app.workshops.models import Registration, Workshop
from tests.conftest import sign_in


def test_demo_workshop_has_pre_and_post_results_with_varied_scores(runner, client, db):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "36 demo quiz attempt(s) added." in first.output
    again = runner.invoke(args=["seed-demo"])
    assert "0 demo quiz attempt(s) added." in again.output
    workshop = db.session.scalar(
        sa.select(Workshop).where(Workshop.title_en.like("Monitoring recruitment agencies%"))
    )
    assert workshop.pre_quiz.kind == "pre" and workshop.post_quiz.kind == "post"
    participants = db.session.scalars(
        sa.select(Registration.user_id).where(
            Registration.workshop_id == workshop.id, Registration.status == "confirmed"
        )
    ).all()
    assert 10 <= len(participants) <= 20
    pre = results.quiz_results(workshop.pre_quiz, participants)
    post = results.quiz_results(workshop.post_quiz, participants)
    assert set(pre) == set(post) == set(participants)
    pairs = {uid: (pre[uid].counted, post[uid].counted) for uid in participants}
    gain = analysis.cohort_gain(pairs)
    assert gain.mean_post > gain.mean_pre
    assert len(gain.ceiling) == 1  # one participant scored 100 before the workshop
    assert len({score for score, _ in pairs.values()}) >= 6  # varied scores
    attempts = db.session.scalars(sa.select(Attempt).where(Attempt.quiz_id == workshop.pre_quiz_id))
    for attempt in attempts:
        assert attempt.workshop_id == workshop.id and attempt.submitted_at < workshop.starts_at
    trainee = find_user_by_email("trainee@example.org")
    sign_in(client, trainee)
    my_page = client.get("/my").get_data(as_text=True)
    assert "我的测验成绩" in my_page
