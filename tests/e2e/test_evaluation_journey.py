"""A workshop's evaluation in a real browser: a participant finds it on "My page" and answers in
Chinese, switches language mid-form without losing answers, and the coordinator reads the
anonymous results."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.core.access import Role
from app.evaluations.models import SurveyAnswer, SurveyResponse
from app.extensions import db
from tests.conftest import make_user
from tests.e2e.conftest import sign_in_browser
from tests.evaluations.factories import finished_workshop, participant, survey_for


def test_participant_evaluates_and_coordinator_reads_the_results(live, page_for):
    coordinator = make_user(email="coord-eval@example.org", roles=(Role.COORDINATOR,))
    workshop = finished_workshop()
    survey_for(workshop, coordinator)
    participant(workshop, make_user(email="eval@example.org", preferred_language="zh"))

    page = page_for("zh")
    sign_in_browser(page, live, "eval@example.org", "zh")
    page.get_by_role("link", name=re.compile("评估本培训班")).click()
    page.wait_for_url(re.compile(r"/evaluate$"))
    ratings = page.locator("fieldset")
    for index in range(ratings.count()):
        ratings.nth(index).get_by_label("4", exact=True).check()
    page.get_by_label(re.compile("您认为哪些内容最有用")).fill("案例研究")
    page.get_by_role("button", name="English").click()  # the answers survive the switch
    page.wait_for_url(re.compile(r"/evaluate$"))
    assert page.get_by_label(re.compile("What was most useful")).input_value() == "案例研究"
    page.get_by_role("button", name="Send my evaluation").click()
    assert page.get_by_text("Thank you: your evaluation has been saved.").is_visible()
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(SurveyAnswer.id))) == 7

    staff = page_for("en")
    sign_in_browser(staff, live, "coord-eval@example.org")
    staff.goto(f"{live.url}/workshops/{workshop.id}")
    staff.get_by_role("link", name="Evaluation results").first.click()
    assert staff.get_by_text("1 participant has answered.").is_visible()
    assert staff.get_by_text("案例研究").is_visible()
    assert staff.locator("svg.chart").count() == 6
