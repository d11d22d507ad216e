"""Editing one's profile, "My page" and the create-admin command."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth.demo import DEMO_PASSWORD
from app.auth.models import User
from app.core.access import Role
from tests.conftest import make_user, sign_in


def test_profile_form_is_filled_and_saves(client, db):
    user = make_user()
    sign_in(client, user)
    page = client.get("/account/profile").get_data(as_text=True)
    assert 'value="山东省人力资源和社会保障厅"' in page
    response = client.post(
        "/account/profile",
        data={
            "family_name_zh": "张",
            "given_name_zh": "伟",
            "family_name_latin": "Zhang",
            "given_name_latin": "Wei",
            "organisation": "青岛市人社局",
            "organisation_type": "local_bureau",
            "position": "Deputy director",
            "country": "CN",
            "province": "37",
            "gender": "",
            "preferred_language": "zh",
            "timezone": "Asia/Shanghai",
        },
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.organisation, user.organisation_type, user.gender) == (
        "青岛市人社局",
        "local_bureau",
        None,
    )


def test_my_page_shows_the_profile_and_what_will_come(client):
    sign_in(client, make_user(preferred_language="en"))
    page = client.get("/my").get_data(as_text=True)
    assert "Zhang Wei (张伟)" in page
    assert "Shandong, China" in page
    assert "Certificates you receive for workshops, modules and exchanges will appear here." in page
    assert "No upcoming workshops" in page and "No exchanges" in page


def test_create_admin_command(runner, db):
    result = runner.invoke(
        args=["create-admin", "--email", "Root@Example.org", "--password", "a-long-admin-password"]
    )
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(sa.select(User).where(User.email == "root@example.org"))
    assert admin.role_set == {Role.ADMIN}
    short = runner.invoke(args=["create-admin", "--email", "x@example.org", "--password", "short"])
    assert short.exit_code != 0


def test_create_admin_promotes_an_existing_account(runner, db):
    user = make_user(email="wang@example.org")
    result = runner.invoke(
        args=["create-admin", "--email", "wang@example.org", "--password", "a-long-admin-password"]
    )
    assert result.exit_code == 0
    db.session.refresh(user)
    assert user.role_set == {Role.TRAINEE, Role.ADMIN}


def test_seed_demo_is_idempotent_and_refused_in_production(app, runner, client, db):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    emails = db.session.scalars(sa.select(User.email).order_by(User.email)).all()
    # The demo workshop's 16 participants (app/quizzes/demo.py) have no README role to show.
    assert len([e for e in emails if e.endswith(".demo@example.org")]) == 16
    assert [e for e in emails if not e.endswith(".demo@example.org")] == [
        "admin@example.org",
        "coordinator@example.org",
        "liu.min@jn-hrss.example.org",  # the demo nomination list (app/roster/demo.py)
        "sun.li@qd-hrss.example.org",
        "trainee@example.org",
        "trainer@example.org",
        "wang.jianguo@sd-hrss.example.org",
    ]
    assert all(u.is_demo for u in db.session.scalars(sa.select(User)))
    assert (
        client.post(
            "/account/login", data={"email": "trainee@example.org", "password": DEMO_PASSWORD}
        ).status_code
        == 302
    )
    app.config["DEMO_DATA_ALLOWED"] = False
    refused = runner.invoke(args=["seed-demo"])
    assert refused.exit_code != 0 and "production" in refused.output
