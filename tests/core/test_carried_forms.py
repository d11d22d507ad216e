"""Carrying typed fields across a redirect cannot be used to fill the disk."""

from __future__ import annotations

import sqlalchemy as sa

from app.core.carry import MAX_CARRIED_BYTES, CarriedForm

BIG = "x" * (2 * 1024 * 1024)


def _rows(db) -> list[CarriedForm]:
    return db.session.scalars(sa.select(CarriedForm)).all()


def test_a_post_from_a_visitor_without_a_session_keeps_nothing(client, csrf_enabled, db):
    response = client.post("/language", data={"lang": "zh", "next": "/", "junk": BIG})
    assert response.status_code in (302, 303)
    response = client.post("/account/login", data={"email": BIG, "junk": BIG})
    assert response.status_code == 302
    assert _rows(db) == []


def test_only_the_fields_the_target_form_declares_are_kept(client, db):
    client.get("/account/signup")
    client.post(
        "/language",
        data={
            "lang": "zh",
            "next": "/account/signup",
            "organisation": "福建省人社厅",
            "not_a_field": "junk",
            "password": "never-kept-secret",
        },
    )
    (row,) = _rows(db)
    assert row.fields == {"organisation": ["福建省人社厅"]}
    assert "福建省人社厅" in client.get("/account/signup").get_data(as_text=True)


def test_a_carry_is_bounded_and_one_row_per_session(client, db):
    client.get("/account/signup")
    for _ in range(3):
        client.post(
            "/language",
            data={"lang": "zh", "next": "/account/signup", "organisation": "局", "position": BIG},
        )
    (row,) = _rows(db)
    assert row.fields == {"organisation": ["局"]}  # the over-size field is dropped
    assert (
        sum(len(v.encode()) for values in row.fields.values() for v in values) < MAX_CARRIED_BYTES
    )


def test_fields_of_a_page_never_shown_are_not_kept(client, db):
    client.get("/account/signup")
    client.post("/language", data={"lang": "zh", "next": "/account/profile", "organisation": "x"})
    assert _rows(db) == []


def test_the_language_switch_is_rate_limited(client):
    statuses = [
        client.post("/language", data={"lang": "en", "next": "/"}).status_code for _ in range(31)
    ]
    assert statuses[:30] == [303] * 30 and statuses[30] == 429
