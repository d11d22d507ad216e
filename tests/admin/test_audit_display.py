"""The audit log reads as text: names, a description of each action, labelled values."""

from __future__ import annotations

import ast
from pathlib import Path

from app.admin.audit_display import ACTION_DESCRIPTIONS
from app.core.access import Role
from app.core.audit import record
from tests.conftest import make_user
from tests.exchanges.factories import make_exchange

APP = Path(__file__).resolve().parents[2] / "app"


def _strings(node: ast.AST) -> set[str]:
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def recorded_action_codes() -> set[str]:
    """Every action code passed to record() in app/: a literal, a literal in a conditional, or a
    variable's literal default or keyword values in the same module."""
    codes = set()
    for path in APP.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) == "record"):
                continue
            if len(call.args) < 2:
                continue
            action = call.args[1]
            if isinstance(action, ast.Name):
                for node in ast.walk(tree):
                    if isinstance(node, ast.keyword) and node.arg == action.id:
                        codes |= _strings(node.value)
                    if isinstance(node, ast.arguments):
                        named = node.args[-len(node.defaults) :] if node.defaults else []
                        for arg, default in zip(named, node.defaults, strict=True):
                            if arg.arg == action.id:
                                codes |= _strings(default)
            else:
                codes |= _strings(action)
    return codes


def test_the_scan_finds_codes_in_every_form():
    codes = recorded_action_codes()
    assert {"auth.signed_in", "user.activated", "user.deactivated"} <= codes  # conditional
    assert {"auth.password_reset", "auth.password_changed"} <= codes  # default and keyword
    assert len(codes) > 40


def test_every_recorded_action_has_a_description():
    missing = sorted(recorded_action_codes() - set(ACTION_DESCRIPTIONS))
    assert missing == []


def test_audit_page_shows_names_descriptions_and_readable_values(client_as, db, app):
    admin = client_as(
        Role.ADMIN, family_name_latin="Admin", given_name_latin="Ada", preferred_language="zh"
    )
    target = make_user(
        email="target@example.org",
        family_name_zh="王",
        given_name_zh="芳",
        family_name_latin="Wang",
        given_name_latin="Fang",
    )
    exchange = make_exchange()
    with app.test_request_context():
        record(
            admin.user,
            "user.roles_changed",
            target,
            before={"roles": ["trainee"]},
            after={"roles": ["trainee", "trainer"]},
        )
        record(
            admin.user,
            "exchange.document_uploaded",
            exchange,
            after={"file": "邀请函（草稿）.pdf", "version": 2},
        )
        record(
            admin.user,
            "exchange.status_changed",
            exchange,
            before={"status": "approved"},
            after={"status": "in_preparation"},
        )
    db.session.commit()
    html = admin.get("/admin/audit").get_data(as_text=True)
    body = html.split("<tbody>")[1]
    assert f"user {target.id}" not in body and "王芳" in body
    assert "角色已更改" in body and "已上传交流文件" in body
    assert "学员、培训师" in body  # role labels joined as a Chinese list
    assert "邀请函（草稿）.pdf" in body and "\\u" not in body
    assert "筹备中" in body  # the status label, not in_preparation
    assert '{"' not in body  # no raw JSON
    menu = html.split('name="action"')[1].split("</select>")[0]
    assert "角色已更改" in menu
