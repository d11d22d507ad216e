"""Labelled enums: stored values, labels in both languages, form choices and the `label` filter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask_babel import force_locale

from app.core.access import Role
from app.core.i18n import label
from app.core.labels import N_, LabelledEnum, labelled_enum
from app.exchanges.workflow import Status as ExchangeStatus
from app.quizzes.models import QuizKind
from app.workshops.attendance import Mark

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"


def test_members_keep_the_stored_values():
    assert QuizKind.PRE == "pre"
    assert QuizKind("post") is QuizKind.POST
    assert f"{Mark.LATE}" == "late"
    assert [m.value for m in Role] == ["trainee", "trainer", "coordinator", "admin"]


def test_label_is_translated_when_read(app):
    with app.test_request_context(), force_locale("en"):
        assert str(QuizKind.PRE.label) == "Pre-test"
        assert str(Mark.PRESENT.label) == "Present"  # marked with N_ in a pure module
    with app.test_request_context(), force_locale("zh"):
        assert str(QuizKind.PRE.label) == "前测"
        assert str(Mark.PRESENT.label) not in ("", "Present")


def test_choices_follow_the_enum_order_or_the_order_given(app):
    with app.test_request_context(), force_locale("en"):
        assert [(v, str(t)) for v, t in QuizKind.choices()] == [
            ("pre", "Pre-test"),
            ("post", "Post-test"),
            ("final", "Final quiz"),
            ("practice", "Practice quiz"),
        ]
        picked = ExchangeStatus.choices([ExchangeStatus.CANCELLED, ExchangeStatus.APPROVED])
        assert [(v, str(t)) for v, t in picked] == [
            ("cancelled", "Cancelled"),
            ("approved", "Approved"),
        ]


def test_filter_labels_stored_strings_and_members_and_keeps_unknown_values(app):
    with app.test_request_context(), force_locale("en"):
        assert label("final", "quizzes.QuizKind") == "Final quiz"
        assert label(Role.ADMIN) == "Administrator"
        assert label("under_way", ExchangeStatus) == "Under way"
        assert label("retired_kind", "quizzes.QuizKind") == "retired_kind"
        assert label(None, "quizzes.QuizKind") == ""
    with pytest.raises(KeyError):
        label("pre", "quizzes.NoSuchEnum")


def test_filter_renders_in_templates(app):
    with app.test_request_context(), force_locale("zh"):
        page = app.jinja_env.from_string(
            '{{ kind|label("quizzes.QuizKind") }}/{{ roles|sort|map("label", "core.Role")|join(", ") }}'
        ).render(kind="post", roles={Role.TRAINER, Role.ADMIN})
        assert page == f"{QuizKind.POST.label}/{Role.ADMIN.label}, {Role.TRAINER.label}"
    assert "Post-test" not in page


def test_every_enum_a_template_names_exists():
    names = set()
    for path in TEMPLATES.rglob("*.html"):
        names.update(re.findall(r'label\("([\w.]+)"\)', path.read_text(encoding="utf-8")))
    assert len(names) > 10
    for name in sorted(names):
        assert issubclass(labelled_enum(name), LabelledEnum), name


def test_two_enums_may_not_share_a_name():
    colour = LabelledEnum("Colour", [("RED", ("red", N_("Red")))], module="app.palette.one")
    assert labelled_enum("palette.Colour") is colour
    with pytest.raises(TypeError):
        LabelledEnum("Colour", [("BLUE", ("blue", N_("Blue")))], module="app.palette.two")
    assert labelled_enum("palette.Colour") is colour
