"""The demo data: modules imported and the demo trainee part-way through one, idempotently."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth.models import User
from app.learning.models import LessonProgress, Module
from tests.conftest import sign_in


def test_seed_demo_leaves_the_trainee_part_way_through_a_module(app, runner, db):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Module)) >= 5
    trainee = db.session.scalar(sa.select(User).where(User.email == "trainee@example.org"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonProgress)) == 2

    client = sign_in(app.test_client(), trainee)
    my_page = client.get("/my").text
    assert "学习中" in my_page and "已完成 40%" in my_page
    module_page = client.get("/learn/modules/fair-recruitment").text
    assert 'value="40"' in module_page and "从上次离开处继续" in module_page
