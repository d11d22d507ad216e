"""Every route declares who may use it, and each declaration holds for every role."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask

from app.core.access import Role, policy_for, public
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
    "admin.anonymise_user": lambda objects: {"user_id": objects["user"].id},
    "admin.merge_choose": lambda objects: {"user_id": objects["user"].id},
    "admin.merge_confirm": lambda o: {"kept_id": o["user"].id, "merged_id": o["user"].id},
    "auth.reset_password": lambda objects: {"token": "not-a-real-token"},
    "roster.upload": lambda objects: {"workshop_id": objects["workshop_id"]},
    "roster.columns": lambda objects: {"import_id": 1},
    "roster.preview": lambda objects: {"import_id": 1},
    "roster.discard": lambda objects: {"import_id": 1},
    "roster.accept_invitation": lambda objects: {"token": "not-a-real-token"},
    "static": lambda objects: {"filename": "css/app.css"},
    "dashboard.export_csv": lambda objects: {"table": "summary"},
    "dashboard.export_xlsx": lambda objects: {"table": "summary"},
    "exchanges.detail": lambda o: {"exchange_id": o["exchange"].id},
    "exchanges.edit": lambda o: {"exchange_id": o["exchange"].id},
    "exchanges.change_status": lambda o: {"exchange_id": o["exchange"].id},
    "exchanges.outcomes": lambda o: {"exchange_id": o["exchange"].id},
    "exchanges.member": lambda o: {"exchange_id": o["exchange"].id, "member_id": o["member"].id},
    "exchanges.remove_member": lambda o: {
        "exchange_id": o["exchange"].id,
        "member_id": o["member"].id,
    },
    "exchanges.itinerary_item": lambda o: {
        "exchange_id": o["exchange"].id,
        "item_id": o["item"].id,
    },
    "exchanges.remove_itinerary_item": lambda o: {
        "exchange_id": o["exchange"].id,
        "item_id": o["item"].id,
    },
    "exchanges.upload_document": lambda o: {"exchange_id": o["exchange"].id},
    "exchanges.upload_version": lambda o: {
        "exchange_id": o["exchange"].id,
        "document_id": o["document"].id,
    },
    "exchanges.download": lambda o: {
        "exchange_id": o["exchange"].id,
        "version_id": o["version"].id,
    },
    "exchanges.institution": lambda o: {"institution_id": o["institution"].id},
    "exchanges.invitation_letter": lambda o: {"exchange_id": o["exchange"].id},
    "learning.module": lambda objects: {"slug": "fair-recruitment"},
    "learning.lesson": lambda objects: {"slug": "fair-recruitment", "lesson_slug": "01-x"},
    "learning.lesson_done": lambda objects: {"slug": "fair-recruitment", "lesson_slug": "01-x"},
    "learning.print_module": lambda objects: {"slug": "fair-recruitment"},
    "learning.asset": lambda objects: {"slug": "fair-recruitment", "filename": "map.png"},
    "learning.glossary_term": lambda objects: {"term_slug": "recruitment-fees"},
    "materials.module_materials": lambda objects: {"slug": "fair-recruitment"},
    "materials.replace_material": lambda objects: {"material_id": 1},
    "materials.delete_material": lambda objects: {"material_id": 1},
    "materials.restore_material": lambda objects: {"material_id": 1},
    "materials.download_material": lambda objects: {"material_id": 1},
    "learning.edit_module": lambda objects: {"slug": "fair-recruitment"},
    "learning.module_status": lambda objects: {"slug": "fair-recruitment"},
    "learning.add_author": lambda objects: {"slug": "fair-recruitment"},
    "learning.restore_revision": lambda objects: {"slug": "fair-recruitment", "number": 1},
    "learning.new_lesson": lambda objects: {"slug": "fair-recruitment"},
    "learning.edit_lesson": lambda objects: {"slug": "fair-recruitment", "lesson_slug": "01-x"},
    "learning.move_lesson": lambda objects: {"slug": "fair-recruitment", "lesson_slug": "01-x"},
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
    "materials.workshop_materials": lambda objects: {"workshop_id": objects["workshop_id"]},
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
    "quizzes.quiz": lambda o: {"quiz_id": o["quiz_id"]},
    "quizzes.start": lambda o: {"quiz_id": o["quiz_id"]},
    "quizzes.answer_page": lambda o: {"attempt_id": o["attempt_id"], "page": 1},
    "quizzes.autosave": lambda o: {"attempt_id": o["attempt_id"]},
    "quizzes.submit": lambda o: {"attempt_id": o["attempt_id"]},
    "quizzes.result": lambda o: {"attempt_id": o["attempt_id"]},
    "workshops.feed_ics": lambda objects: {"token": "not-a-real-token"},
    **{
        f"evaluations.{name}": lambda objects: {"workshop_id": objects["workshop_id"]}
        for name in (
            "survey",
            "create_survey",
            "open_survey",
            "close_survey",
            "add_question",
            "evaluate",
            "results",
            "results_csv",
            "knowledge_gain",
            "knowledge_gain_csv",
            "workshop_gradebook",
            "workshop_gradebook_csv",
        )
    },
    "evaluations.item_analysis": lambda objects: {"quiz_id": 1},
    **{
        f"quizzes.{name}": lambda objects: {"slug": "fair-recruitment"}
        for name in ("bank", "new_question", "new_quiz")
    },
    **{
        f"quizzes.{name}": lambda objects: {"slug": "fair-recruitment", "key": "q1"}
        for name in ("edit_question", "delete_question", "edit_quiz")
    },
    "evaluations.module_gradebook": lambda objects: {"slug": "fair-recruitment"},
    "evaluations.module_gradebook_csv": lambda objects: {"slug": "fair-recruitment"},
    **{
        f"evaluations.{name}": lambda objects: {
            "workshop_id": objects["workshop_id"],
            "question_id": 1,
        }
        for name in ("edit_question", "delete_question", "move_question")
    },
    **{
        f"certificates.{name}": lambda o: {"subject": "workshop", "subject_id": o["workshop_id"]}
        for name in ("eligibility", "issue_all", "print_all", "print_zip")
    },
    "certificates.issue_one": lambda o: {
        "subject": "workshop",
        "subject_id": o["workshop_id"],
        "user_id": o["user"].id,
    },
    **{
        f"certificates.{name}": lambda o: {"certificate_id": 1}
        for name in ("detail", "download", "reissue", "revoke")
    },
    **{f"jobs.{name}": lambda o: {"job_id": 1} for name in ("show", "status", "download", "retry")},
    "certificates.edit_template": lambda o: {"template_id": 1},
    "certificates.preview_template": lambda o: {"template_id": 1},
    "certificates.verify": lambda o: {"code": "0123-4567-89AB-CDEF"},
    "workshops.decide": lambda objects: {
        "workshop_id": objects["workshop_id"],
        "registration_id": 1,
        "decision": "approve",
    },
}


def _sample_objects() -> dict:
    """One of everything a route can point at."""
    from datetime import UTC, datetime

    from app.core.storage import ValidatedUpload
    from app.exchanges.models import DelegationMember, ExchangeDocument, ItineraryItem
    from app.exchanges.services import add_document_version
    from app.extensions import db
    from app.quizzes.attempts import start_attempt
    from tests.exchanges.factories import make_exchange
    from tests.quizzes.factories import make_quiz

    user = make_user(email="subject@example.org")
    exchange = make_exchange()
    member = DelegationMember(exchange=exchange, family_name_latin="Novak", role="member")
    item = ItineraryItem(
        exchange=exchange,
        starts_at=datetime(2027, 5, 11, 8, tzinfo=UTC),
        ends_at=datetime(2027, 5, 11, 9, tzinfo=UTC),
        timezone="Europe/Brussels",
        place="Brussels",
        topic_en="Visit",
    )
    db.session.add_all([member, item])
    db.session.flush()
    pdf = b"%PDF-1.4\n%%EOF\n"
    version = add_document_version(
        user,
        exchange,
        "programme",
        "Programme",
        ValidatedUpload(pdf, "p.pdf", "pdf", "application/pdf", len(pdf), "0" * 64),
    )
    db.session.commit()
    document = db.session.get(ExchangeDocument, version.document_id)
    quiz = make_quiz()
    attempt = start_attempt(quiz, user.id, datetime.now(UTC))
    db.session.commit()
    return {
        "quiz_id": quiz.id,
        "attempt_id": attempt.id,
        "user": user,
        "exchange": exchange,
        "member": member,
        "item": item,
        "document": document,
        "version": version,
        "institution": exchange.host_institution,
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


#: Routes that end the session and so rightly send the visitor to the sign-in page.
SIGNS_OUT = {"auth.logout", "auth.sign_out_everywhere"}


def _make_authors(trainer) -> None:
    from app.extensions import db
    from app.learning.models import Module, module_authors

    for module_id in db.session.scalars(sa.select(Module.id)):
        db.session.execute(module_authors.insert().values(module_id=module_id, user_id=trainer.id))
    db.session.commit()


def test_each_policy_admits_exactly_the_roles_it_names(app):
    objects = _sample_objects()
    workshop = make_workshop()
    objects["workshop_id"] = workshop.id  # ids, not objects: a POST may delete the row
    objects["session_id"] = workshop.sessions[0].id
    users = {role: make_user(roles=(role,)) for role in REQUESTERS if role is not None}
    # Changing a module needs authorship on top of the role (tests/learning/test_module_authors.py)
    _make_authors(users[Role.TRAINER])
    checked = 0
    for rule, method in _routes(app):
        policy = policy_for(app, rule.endpoint)
        args = SAMPLE_ARGS.get(rule.endpoint, lambda _objects: {})(objects)
        url = rule.build({k: v for k, v in args.items() if k in rule.arguments})[1]
        for requester in REQUESTERS:
            client = app.test_client()
            if requester is not None:
                sign_in(client, users[requester])
            response = client.open(url, method=method)
            who = requester.value if requester else "anonymous"
            context = f"{method} {url} as {who} ({policy.describe()})"
            assert response.status_code < 500, context
            if response.status_code == 200 and response.mimetype == "text/html":
                title = re.search(r"<title>(.*?)</title>", response.get_data(as_text=True), re.S)
                assert title and "<" not in title.group(1), context
            response.close()
            if requester is None and policy.needs_sign_in():
                assert response.status_code == 302, context
                assert "/account/login" in response.headers["Location"], context
            elif requester is not None and not policy.allows_roles({requester}):
                assert response.status_code == 403, context
            else:
                assert response.status_code != 403, context
                location = response.headers.get("Location", "")
                assert "/account/login" not in location or rule.endpoint in SIGNS_OUT, context
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
