"""Workshop evaluation surveys: setting up, who may answer, answering once, anonymous results."""

from __future__ import annotations

import csv
import io
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core.access import Role
from app.core.db import utcnow
from app.evaluations import pending, services, survey_results
from app.evaluations.models import Survey, SurveyAnswer, SurveyResponse
from app.extensions import db as _db
from tests.conftest import make_user, sign_in
from tests.evaluations.factories import finished_workshop, mark, participant, survey_for
from tests.i18n_check import chinese_in, english_ui_strings_in, visible_text
from tests.workshops.factories import make_workshop


def _answers(survey, ratings=(5, 4, 4, 3, 5, 4), texts=("The case studies", "")):
    questions = survey.questions
    values = {}
    for question, rating in zip(
        [q for q in questions if q.kind == "rating"], ratings, strict=False
    ):
        values[f"question-{question.id}"] = str(rating)
    for question, text in zip([q for q in questions if q.kind == "text"], texts, strict=False):
        values[f"question-{question.id}"] = text
    return values


def test_coordinator_sets_up_the_standard_questions(client_as):
    workshop = finished_workshop()
    coordinator = client_as(Role.COORDINATOR)
    page = coordinator.get(f"/evaluations/workshops/{workshop.id}/survey")
    assert page.status_code == 200 and "Set up the evaluation survey" in page.get_data(True)
    response = coordinator.post(f"/evaluations/workshops/{workshop.id}/survey/create")
    assert response.status_code == 302
    survey = _db.session.scalar(sa.select(Survey))
    assert survey.closes_at == workshop.ends_at + timedelta(days=14)
    assert survey.opens_at is None and survey.effective_opens_at() == workshop.ends_at
    assert [q.kind for q in survey.questions] == ["rating"] * 6 + ["text"] * 2
    assert all(q.text_en and q.text_zh for q in survey.questions)
    page = coordinator.get(f"/evaluations/workshops/{workshop.id}/survey").get_data(True)
    assert (
        "The workshop was relevant to my work." in page and "本次培训与我的工作密切相关。" in page
    )
    again = coordinator.post(f"/evaluations/workshops/{workshop.id}/survey/create")
    assert again.status_code == 302
    assert _db.session.scalar(sa.select(sa.func.count(Survey.id))) == 1


def test_coordinator_edits_adds_moves_and_deletes_questions(client_as):
    workshop = finished_workshop()
    survey = survey_for(workshop)
    coordinator = client_as(Role.COORDINATOR)
    base = f"/evaluations/workshops/{workshop.id}/survey"
    first, second = survey.questions[0], survey.questions[1]
    response = coordinator.post(
        f"{base}/questions/{first.id}/edit",
        data={
            "kind": "rating",
            "text_en": "Useful for my job",
            "text_zh": "对工作有用",
            "required": "y",
        },
    )
    assert response.status_code == 302
    missing = coordinator.post(
        f"{base}/questions", data={"kind": "text", "text_en": "Anything else?", "text_zh": ""}
    )
    assert missing.status_code == 400 and "This field is required" in missing.get_data(True)
    coordinator.post(
        f"{base}/questions",
        data={"kind": "text", "text_en": "Anything else?", "text_zh": "其他意见？"},
    )
    coordinator.post(f"{base}/questions/{second.id}/move", data={"direction": "up"})
    coordinator.post(f"{base}/questions/{survey.questions[2].id}/delete")
    _db.session.expire_all()
    survey = _db.session.get(Survey, survey.id)
    texts = [q.text_en for q in survey.questions]
    assert texts[0] == "The trainers knew their subject and explained it clearly."
    assert texts[1] == "Useful for my job"
    assert "The training materials were useful." not in texts
    assert texts[-1] == "Anything else?" and len(texts) == 8


def test_once_answered_questions_cannot_be_added_removed_or_change_kind(client_as):
    workshop = finished_workshop()
    survey = survey_for(workshop)
    trainee = participant(workshop)
    services.submit_answers(
        trainee, survey, {q.id: "4" for q in survey.questions if q.kind == "rating"}
    )
    _db.session.commit()
    coordinator = client_as(Role.COORDINATOR)
    base = f"/evaluations/workshops/{workshop.id}/survey"
    question = survey.questions[0]
    deleted = coordinator.post(f"{base}/questions/{question.id}/delete", follow_redirects=True)
    assert "can no longer be removed" in deleted.get_data(True)
    added = coordinator.post(
        f"{base}/questions", data={"kind": "text", "text_en": "More?", "text_zh": "还有吗？"}
    )
    assert added.status_code == 409 and "can no longer be added" in added.get_data(True)
    kind = coordinator.post(
        f"{base}/questions/{question.id}/edit",
        data={"kind": "text", "text_en": question.text_en, "text_zh": question.text_zh},
    )
    assert kind.status_code == 409 and "cannot change" in kind.get_data(True)
    wording = coordinator.post(
        f"{base}/questions/{question.id}/edit",
        data={"kind": "rating", "text_en": "Relevant to my work.", "text_zh": "与工作相关。"},
    )
    assert wording.status_code == 302
    assert _db.session.scalar(sa.select(sa.func.count(SurveyAnswer.id))) == 6


def test_participant_who_attended_answers_once_and_can_change_until_close(client):
    workshop = finished_workshop()
    survey = survey_for(workshop)
    trainee = participant(workshop)
    mark(workshop, trainee, "present")
    sign_in(client, trainee)
    page = client.get(f"/workshops/{workshop.id}").get_data(True)
    assert "Evaluate this workshop" in page
    my = client.get("/my").get_data(True)
    assert (
        "Evaluate your workshops" in my and f"/evaluations/workshops/{workshop.id}/evaluate" in my
    )
    form = client.get(f"/evaluations/workshops/{workshop.id}/evaluate")
    assert form.status_code == 200 and "1 = strongly disagree" in form.get_data(True)
    sent = client.post(f"/evaluations/workshops/{workshop.id}/evaluate", data=_answers(survey))
    assert sent.status_code == 302
    changed = _answers(survey, ratings=(1, 1, 1, 1, 1, 1), texts=("Nothing", "More time"))
    assert (
        client.post(f"/evaluations/workshops/{workshop.id}/evaluate", data=changed).status_code
        == 302
    )
    assert _db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == 1
    ratings = _db.session.scalars(
        sa.select(SurveyAnswer.rating).where(SurveyAnswer.rating.is_not(None))
    ).all()
    assert sorted(ratings) == [1] * 6
    texts = set(_db.session.scalars(sa.select(SurveyAnswer.text).where(SurveyAnswer.text != "")))
    assert texts == {"Nothing", "More time"}
    again = client.get(f"/evaluations/workshops/{workshop.id}/evaluate").get_data(True)
    assert "You have answered" in again and "More time" in again
    assert "Change my evaluation" in client.get(f"/workshops/{workshop.id}").get_data(True)


def test_required_and_out_of_range_answers_are_refused_with_a_message(client):
    workshop = finished_workshop()
    survey = survey_for(workshop)
    trainee = participant(workshop)
    sign_in(client, trainee)
    url = f"/evaluations/workshops/{workshop.id}/evaluate"
    missing = client.post(
        url,
        data={
            f"question-{survey.questions[0].id}": "5",
            f"question-{survey.questions[6].id}": "Kept text",
        },
    )
    assert missing.status_code == 400
    body = missing.get_data(True)
    assert "Please answer every question marked as required." in body and "Kept text" in body
    values = _answers(survey)
    values[f"question-{survey.questions[0].id}"] = "7"
    bad = client.post(url, data=values)
    assert bad.status_code == 400 and "from 1 to 5" in bad.get_data(True)
    assert _db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == 0


def test_who_may_answer(client, client_as):
    workshop = finished_workshop()
    survey = survey_for(workshop)
    other_workshop = finished_workshop(title_en="Another workshop")
    outsider = participant(other_workshop)
    absent = participant(workshop)
    present = participant(workshop)
    mark(workshop, absent, "absent")
    mark(workshop, present, "late")
    url = f"/evaluations/workshops/{workshop.id}/evaluate"
    for user in (outsider, absent):
        sign_in(client, user)
        assert client.get(url).status_code == 404
        assert client.post(url, data=_answers(survey)).status_code == 404
        assert "Evaluate this workshop" not in client.get(f"/workshops/{workshop.id}").get_data(
            True
        )
    sign_in(client, present)
    assert client.get(url).status_code == 200
    # No survey set up: 404 even for a participant.
    assert client.get(f"/evaluations/workshops/{other_workshop.id}/evaluate").status_code == 404
    assert client_as(Role.TRAINEE).get("/evaluations/workshops/999999/evaluate").status_code == 404


def test_without_attendance_taken_every_confirmed_participant_may_answer():
    workshop = finished_workshop()
    trainee = participant(workshop)
    assert services.attended_workshop(trainee, workshop)
    mark(workshop, make_user(), "present")  # attendance now taken, and the trainee was not marked
    assert not services.attended_workshop(trainee, workshop)


def test_survey_opens_when_the_workshop_ends_or_when_opened_and_closes_at_its_date(
    client, client_as
):
    start = utcnow().replace(microsecond=0) - timedelta(hours=1)
    workshop = make_workshop(sessions=0, starts_at=start, ends_at=start + timedelta(hours=6))
    survey = survey_for(workshop)
    trainee = participant(workshop)
    sign_in(client, trainee)
    url = f"/evaluations/workshops/{workshop.id}/evaluate"
    assert "The evaluation opens on" in client.get(url).get_data(True)
    assert client.post(url, data=_answers(survey)).status_code == 400
    assert pending.my_evaluations(trainee) == []
    coordinator = client_as(Role.COORDINATOR)
    coordinator.post(f"/evaluations/workshops/{workshop.id}/survey/open")
    assert client.post(url, data=_answers(survey)).status_code == 302
    coordinator.post(f"/evaluations/workshops/{workshop.id}/survey/close")
    closed = client.post(url, data=_answers(survey, ratings=(1,) * 6))
    assert closed.status_code == 400 and "The evaluation has closed." in closed.get_data(True)
    assert "Thank you for your answers." in client.get(url).get_data(True)


def test_coordinator_changes_dates_in_the_workshops_time_zone(client_as):
    workshop = finished_workshop()
    survey = survey_for(workshop)
    coordinator = client_as(Role.COORDINATOR)
    url = f"/evaluations/workshops/{workshop.id}/survey"
    closes = (utcnow() + timedelta(days=30)).replace(second=0, microsecond=0)
    local = closes + timedelta(hours=8)  # Asia/Shanghai
    response = coordinator.post(
        url, data={"opens_at": "", "closes_at": local.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    _db.session.expire_all()
    assert _db.session.get(Survey, survey.id).closes_at == closes
    wrong = coordinator.post(
        url,
        data={
            "opens_at": local.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (local - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert wrong.status_code == 400 and "must close after it opens" in wrong.get_data(True)


def _filled_survey():
    workshop = finished_workshop()
    survey = survey_for(workshop)
    people = [participant(workshop, family_name_latin=f"Person{n}") for n in range(3)]
    for person, (ratings, text) in zip(
        people,
        [
            ((5, 4, 4, 3, 5, 4), "Zebra crossing cases"),
            ((3, 4, 2, 3, 5, 2), "agency inspections"),
            ((4, 4, 3, 3, 0, 5), ""),
        ],
        strict=True,
    ):
        values = {}
        rating_questions = [q for q in survey.questions if q.kind == "rating"]
        for question, rating in zip(rating_questions, ratings, strict=True):
            if rating:
                values[question.id] = str(rating)
        values[survey.questions[6].id] = text
        services.submit_answers(person, survey, values)
    _db.session.commit()
    return workshop, survey


def test_results_show_counts_means_distributions_and_texts_without_names(client_as):
    workshop, survey = _filled_survey()
    trainer = client_as(Role.TRAINER)
    assert trainer.get(f"/evaluations/workshops/{workshop.id}/survey/results").status_code == 404
    workshop.trainers.append(trainer.user)
    _db.session.commit()
    page = trainer.get(f"/evaluations/workshops/{workshop.id}/survey/results")
    assert page.status_code == 200
    body = page.get_data(True)
    assert "3 participants have answered." in body
    assert "mean 4" in body  # first question: 5, 3, 4
    assert "mean 3.67" in body  # overall satisfaction: 4, 2, 5 -> 11 / 3
    assert "2 answers" in body  # interpretation answered by two only
    assert body.index("agency inspections") < body.index("Zebra crossing cases")
    assert "<svg" in body and "Person" not in body
    assert trainer.get(f"/evaluations/workshops/{workshop.id}/survey").status_code == 403


def test_results_csv(client_as):
    workshop, survey = _filled_survey()
    coordinator = client_as(Role.COORDINATOR)
    response = coordinator.get(f"/evaluations/workshops/{workshop.id}/survey/results.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:6] == [
        "No.",
        "Question (English)",
        "Question (Chinese)",
        "Kind of question",
        "Answers",
        "Mean",
    ]
    first = rows[1]
    assert (
        first[1] == "The workshop was relevant to my work."
        and first[2] == "本次培训与我的工作密切相关。"
    )
    assert first[4:11] == ["3", "4.00", "0", "0", "1", "1", "1"]
    texts = [row[-1] for row in rows[1:] if row[-1]]
    assert texts == ["agency inspections", "Zebra crossing cases"]
    assert not any("Person" in cell for row in rows for cell in row)


def test_evaluation_pages_are_in_one_language(client, client_as):
    workshop, survey = _filled_survey()
    content_en = {q.text_en for q in survey.questions}
    content_zh = {q.text_zh for q in survey.questions}
    pages = (
        f"/evaluations/workshops/{workshop.id}/survey/results",
        f"/evaluations/workshops/{workshop.id}/survey",
        f"/evaluations/workshops/{workshop.id}/survey/questions/{survey.questions[0].id}/edit",
    )
    chinese = client_as(Role.COORDINATOR, preferred_language="zh")
    english = client_as(Role.COORDINATOR, preferred_language="en")
    for url in pages:
        zh_text = visible_text(chinese.get(url).get_data(True))
        assert english_ui_strings_in(zh_text, allowed=content_en) == [], url
        assert "评估" in "".join(zh_text), url
        en_text = visible_text(english.get(url).get_data(True))
        assert chinese_in(en_text, allowed=content_zh | {"张伟", "Zhang Wei (张伟)"}) == [], url
    trainee = participant(workshop, preferred_language="zh")
    sign_in(client, trainee)
    for url in (
        f"/evaluations/workshops/{workshop.id}/evaluate",
        "/my",
        f"/workshops/{workshop.id}",
    ):
        zh_text = visible_text(client.get(url).get_data(True))
        assert english_ui_strings_in(zh_text) == [], url
        assert "评估" in "".join(zh_text), url


def test_survey_uniqueness_is_held_by_the_database():
    workshop = finished_workshop()
    survey = survey_for(workshop)
    trainee = participant(workshop)
    _db.session.add(SurveyResponse(survey_id=survey.id, user_id=trainee.id))
    _db.session.commit()
    _db.session.add(SurveyResponse(survey_id=survey.id, user_id=trainee.id))
    with pytest.raises(sa.exc.IntegrityError):
        _db.session.commit()
    _db.session.rollback()


def test_two_submissions_at_once_leave_one_response(app):
    if _db.engine.dialect.name != "postgresql":
        pytest.skip("threads against PostgreSQL")
    workshop = finished_workshop()
    survey_id = survey_for(workshop).id
    user_id = participant(workshop).id
    barrier = threading.Barrier(4)
    errors = []

    def submit(rating):
        with app.app_context():
            try:
                survey = _db.session.get(Survey, survey_id)
                user = _db.session.get(services.User, user_id)
                values = {q.id: str(rating) for q in survey.questions if q.kind == "rating"}
                barrier.wait()
                services.submit_answers(user, survey, values)
                _db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=submit, args=(n,)) for n in (1, 2, 3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(e, sa.exc.IntegrityError) for e in errors)
    assert _db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == 1


def test_anonymising_a_person_keeps_their_answers_unlinked(app):
    from app.core.personal_data import collect, erase

    workshop, survey = _filled_survey()
    person = _db.session.scalars(
        sa.select(services.User).where(services.User.family_name_latin == "Person0")
    ).one()
    exported = collect(person)["evaluations"]
    assert exported[0]["answers"][0] == {
        "question_en": "The workshop was relevant to my work.",
        "question_zh": "本次培训与我的工作密切相关。",
        "answer": 5,
    }
    client = app.test_client()
    sign_in(client, person)
    page = client.get("/account/my-data").get_data(True)
    assert "本次培训与我的工作密切相关。" in page and "Zebra crossing cases" in page
    erase(person)
    _db.session.commit()
    assert (
        _db.session.scalar(
            sa.select(sa.func.count(SurveyResponse.id)).where(SurveyResponse.user_id.is_(None))
        )
        == 1
    )
    assert survey_results.results(survey)[0].ratings.count == 3


def test_a_refused_form_token_keeps_the_answers(client, csrf_enabled):
    workshop = finished_workshop()
    survey = survey_for(workshop)
    sign_in(client, participant(workshop))
    url = f"/evaluations/workshops/{workshop.id}/evaluate"
    text_question = survey.questions[6]
    client.get(url)  # the survey being filled in
    response = client.post(
        url,
        data={f"question-{text_question.id}": "Kept across the refusal"},
        headers={"Referer": f"http://localhost{url}"},
    )
    assert response.status_code == 302
    page = client.get(url).get_data(True)
    assert "Your form had expired" in page and "Kept across the refusal" in page
    assert _db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == 0
