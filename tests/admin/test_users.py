"""Account administration."""

from __future__ import annotations

import sqlalchemy as sa

from app.core.access import Role
from app.core.audit import AuditEntry
from tests.conftest import make_user


def test_list_and_search(client_as):
    admin = client_as(Role.ADMIN)
    make_user(
        email="kowalski@example.org",
        family_name_zh="",
        given_name_zh="",
        family_name_latin="Kowalski",
        given_name_latin="Łukasz",
        organisation="Inspekcja",
    )
    make_user(email="li@example.org", family_name_zh="李", given_name_zh="娜", organisation="辽宁")
    page = admin.get("/admin/users?q=kowal").get_data(as_text=True)
    assert "Łukasz Kowalski" in page and "li@example.org" not in page
    page = admin.get("/admin/users?q=李娜").get_data(as_text=True)
    assert "li@example.org" in page and "kowalski@example.org" not in page
    page = admin.get("/admin/users?role=admin").get_data(as_text=True)
    assert "li@example.org" not in page


def test_list_is_paginated(client_as):
    admin = client_as(Role.ADMIN)
    for _ in range(30):
        make_user()
    first = admin.get("/admin/users").get_data(as_text=True)
    assert "Page 1 of 2" in first
    second = admin.get("/admin/users?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second


def test_change_roles_and_deactivate_are_audited(client_as, client, db):
    admin = client_as(Role.ADMIN)
    user = make_user(email="wang@example.org")
    response = admin.post(
        f"/admin/users/{user.id}",
        data={"roles": ["trainee", "trainer"], "active": "y", "note": "Teaches module 3"},
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.role_set == {Role.TRAINEE, Role.TRAINER}
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "user.roles_changed")
    )
    assert entry.actor_id == admin.user.id and entry.object_id == str(user.id)
    assert entry.before == {"roles": ["trainee"]} and entry.after == {
        "roles": ["trainee", "trainer"]
    }
    assert entry.note == "Teaches module 3"

    admin.post(f"/admin/users/{user.id}", data={"roles": ["trainee", "trainer"]})
    db.session.refresh(user)
    assert not user.active
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "user.deactivated"))
    assert (
        client.post(
            "/account/login", data={"email": "wang@example.org", "password": "correct-horse-2026"}
        ).status_code
        == 401
    )


def test_admin_cannot_lock_themselves_out(client_as, db):
    admin = client_as(Role.ADMIN)
    response = admin.post(
        f"/admin/users/{admin.user.id}", data={"roles": ["trainee"], "active": "y"}
    )
    assert response.status_code == 400
    assert "You cannot remove your own administrator role" in response.get_data(as_text=True)
    db.session.refresh(admin.user)
    assert Role.ADMIN in admin.user.role_set


def test_at_least_one_role(client_as):
    admin = client_as(Role.ADMIN)
    user = make_user()
    response = admin.post(f"/admin/users/{user.id}", data={"active": "y"})
    assert response.status_code == 400


def test_one_time_reset_link_for_officials_without_email(client_as, client, db):
    admin = client_as(Role.ADMIN)
    user = make_user(email="wang@example.org")
    page = admin.post(f"/admin/users/{user.id}/reset-link").get_data(as_text=True)
    link = page.split('value="http://training.test', 1)[1].split('"', 1)[0]
    assert db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "user.reset_link_issued")
    )
    response = client.post(
        link, data={"new_password": "handed-over-pass", "new_password_confirm": "handed-over-pass"}
    )
    assert response.status_code == 302
    assert client.get(link).status_code == 400


def test_unknown_user_is_404(client_as):
    assert client_as(Role.ADMIN).get("/admin/users/999999").status_code == 404
