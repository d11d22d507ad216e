"""`flask seed-demo` gives the tested demo workshop an answered evaluation and a gain report."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth.services import find_user_by_email
from app.evaluations import reports, services, survey_results
from app.workshops.models import Workshop
from tests.conftest import sign_in


def test_demo_workshop_has_an_evaluation_summary_and_a_knowledge_gain_report(runner, client, db):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "12 demo workshop evaluation(s) added." in first.output
    assert "0 demo workshop evaluation(s) added." in runner.invoke(args=["seed-demo"]).output
    workshop = db.session.scalar(
        sa.select(Workshop).where(Workshop.title_en.like("Monitoring recruitment agencies%"))
    )
    survey = services.survey_of(workshop)
    assert services.response_count(survey) == 12
    results = survey_results.results(survey)
    relevance = results[0].ratings
    assert relevance.count == 12 and 3.5 <= relevance.mean <= 5
    assert len(results[6].texts) == 9  # "most useful": three left it empty
    report = reports.knowledge_gain(workshop)
    assert len(report.people) >= 10 and report.cohort.cohort_gain > 0
    # Parallel forms: the gain of every objective compares different items before and after.
    module_objectives = [o["id"] for o in report.post_quiz.module.objectives]
    assert [o.objective for o in report.objectives] == module_objectives
    assert all(o.people == len(report.people) for o in report.objectives)
    pre_items = {q.id for q in report.pre_quiz.questions}
    assert pre_items and not pre_items & {q.id for q in report.post_quiz.questions}
    assert len(report.cohort.ceiling) == 1
    assert sum(report.histogram) == len(report.people) - 1
    assert [o.people for o in report.objectives] and all(o.people for o in report.objectives)
    coordinator = find_user_by_email("coordinator@example.org")
    sign_in(client, coordinator)
    page = client.get(f"/evaluations/workshops/{workshop.id}/knowledge-gain")
    assert page.status_code == 200 and "<svg" in page.get_data(as_text=True)
    summary = client.get(f"/evaluations/workshops/{workshop.id}/survey/results")
    assert "12" in summary.get_data(as_text=True)
    trainee = find_user_by_email("trainee@example.org")
    sign_in(client, trainee)
    my_page = client.get("/my").get_data(as_text=True)
    assert f"/evaluations/workshops/{workshop.id}/evaluate" in my_page
