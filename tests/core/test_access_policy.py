"""Every route declares who may use it, and each declaration holds for every role."""

from __future__ import annotations

import pytest
from flask import Flask

from app.core.access import Kind, Role, policy_for, public
from tests.conftest import make_user, sign_in
from tests.workshops.factories import make_workshop

#: Who is tried against every route: None is an anonymous visitor.
REQUESTERS: tuple[Role | None, ...] = (
    None,
    Role.TRAINEE,
    Role.TRAINER,
    Role.COORDINATOR,
    Role.ADMIN,
)

#: URL arguments for routes that take some: endpoint -> function(objects) -> values.
SAMPLE_ARGS = {
    "admin.user_detail": lambda objects: {"user_id": objects["user"].id},
    "admin.reset_link": lambda objects: {"user_id": objects["user"].id},
    "auth.reset_password": lambda objects: {"token": "not-a-real-token"},
    "static": lambda objects: {"filename": "css/app.css"},
    **{
        f"workshops.{name}": lambda objects: {"workshop_id": objects["workshop_id"]}
        for name in (
            "detail",
            "register",
            "withdraw",
            "edit",
            "publish",
            "close_registration",
            "cancel",
            "clone",
            "message",
            "agenda",
            "participants",
            "attendance_csv",
            "badges",
            "workshop_ics",
            "complete",
        )
    },
    **{
        f"workshops.{name}": lambda objects: {
            "workshop_id": objects["workshop_id"],
            "session_id": objects["session_id"],
        }
        for name in (
            "edit_session",
            "delete_session",
            "roster",
            "sign_in_sheet",
            "paper_sign_in",
            "check_in_screen",
        )
    },
    "workshops.feed_ics": lambda objects: {"token": "not-a-real-token"},
    "workshops.decide": lambda objects: {
        "workshop_id": objects["workshop_id"],
        "registration_id": 1,
        "decision": "approve",
    },
}


def _routes(app: Flask):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_endpoint_declares_a_policy(app):
    missing = sorted(
        {rule.endpoint for rule, _ in _routes(app) if policy_for(app, rule.endpoint) is None}
    )
    assert missing == [], f"routes without an access policy: {missing}"


def test_every_route_with_arguments_has_sample_values(app):
    missing = sorted(
        {
            rule.endpoint
            for rule, _ in _routes(app)
            if rule.arguments and rule.endpoint not in SAMPLE_ARGS
        }
    )
    assert missing == [], f"add sample URL arguments for: {missing}"


def test_each_policy_admits_exactly_the_roles_it_names(app):
    workshop = make_workshop()
    objects = {
        "user": make_user(email="subject@example.org"),
        "workshop_id": workshop.id,  # ids, not objects: a POST may delete the row
        "session_id": workshop.sessions[0].id,
    }
    users = {role: make_user(roles=(role,)) for role in REQUESTERS if role is not None}
    checked = 0
    for rule, method in _routes(app):
        policy = policy_for(app, rule.endpoint)
        args = SAMPLE_ARGS.get(rule.endpoint, lambda _objects: {})(objects)
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **args)
        for requester in REQUESTERS:
            client = app.test_client()
            if requester is not None:
                sign_in(client, users[requester])
            response = client.open(url, method=method)
            response.close()
            who = requester.value if requester else "anonymous"
            context = f"{method} {url} as {who} ({policy.describe()})"
            if requester is None and policy.needs_sign_in():
                assert response.status_code == 302, context
                assert "/account/login" in response.headers["Location"], context
            elif requester is not None and not policy.allows_roles({requester}):
                assert response.status_code == 403, context
            else:
                assert response.status_code != 403, context
                location = response.headers.get("Location", "")
                assert "/account/login" not in location or rule.endpoint == "auth.logout", context
            checked += 1
    assert checked >= 5 * 20


def test_undeclared_route_gets_403_at_runtime(other_app):
    other = other_app()
    other.add_url_rule("/undeclared", "undeclared", lambda: "should never be served")
    assert policy_for(other, "undeclared") is None
    response = other.test_client().get("/undeclared")
    assert response.status_code == 403
    assert b"should never be served" not in response.data


def test_a_view_cannot_declare_two_policies():
    with pytest.raises(RuntimeError):
        public(public(lambda: None))


def test_policy_kinds_cover_the_issue_list():
    assert {k.value for k in Kind} == {"public", "signed_in", "roles", "owner", "token"}
