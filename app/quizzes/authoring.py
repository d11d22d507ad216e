"""Authoring question banks and quizzes in the browser, for modules written in the browser.

Services in the house style: plain values in, flush, DomainError out, never commit. What is
typed is checked by the same functions that check the module files (bank_files.py), and their
problems are said again in the author's language (PROBLEM_TEXTS). Modules that come from the
files stay read-only here: the import owns them.

Past attempts stay intact: once a question has answers, its type, its choices (which exist and
which are correct) and its right answer are fixed, because stored answers name choice ids and
stored scores were computed against that key; its wording and feedback can still be corrected.
A question with answers cannot be deleted; it can be taken out of quizzes instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.audit import record
from app.core.errors import DomainError
from app.extensions import db
from app.learning.lesson_rules import Problem
from app.learning.models import Module, ModuleOwner

from . import bank_files
from .bank_files import QuestionSource
from .grading import QuestionType, parse_number
from .models import Answer, Attempt, Choice, Question, Quiz, QuizQuestion

CHOICE_KEYS = ("a", "b", "c", "d", "e", "f")
_WHERE = "browser"


class AuthoringError(DomainError):
    """The bank or quiz cannot be changed that way."""


class ReadOnlyModule(AuthoringError):
    """The module comes from the files; the import owns its questions and quizzes."""

    status = 404


class Invalid(AuthoringError):
    """What was typed breaks rules of the question bank; `messages` says which."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


# --- The importer's problems, in the author's language --------------------------------------------

_FIELD_TEXTS = {
    "stem_en": _l("Write the question in English."),
    "stem_zh": _l("Write the question in Chinese."),
    "feedback_en": _l("Write the general feedback in English."),
    "feedback_zh": _l("Write the general feedback in Chinese."),
    "title_en": _l("Give the quiz a title in English."),
    "title_zh": _l("Give the quiz a title in Chinese."),
    "source": _l("Name the source the right answer rests on, e.g. ILO C181, Art. 7."),
}

#: (pattern of a bank_files message, translated text with the pattern's named groups).
PROBLEM_TEXTS: tuple[tuple[re.Pattern, object], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (r"^'objective' .* is not an objective id", _l("Choose one of the module's learning objectives.")),
        (r"^needs 3 to 6 \[\[question\.choice\]\] entries$", _l("Give 3 to 6 choices.")),
        (
            r"^a single-choice question needs exactly one correct choice \(found (?P<found>\d+)\)$",
            _l("A single-choice question needs exactly one correct choice (%(found)s are marked)."),
        ),
        (
            r"^a multiple-response question needs at least two correct choices \(found (?P<found>\d+)\)$",
            _l("A multiple-response question needs at least two correct choices (%(found)s are marked)."),
        ),
        (
            r"^a multiple-response question needs at least one choice that is not correct$",
            _l("A multiple-response question needs at least one choice that is not correct."),
        ),
        (r"^'answer' must be true or false$", _l("Choose whether the statement is true or false.")),
        (r"^'answer' must be a number$", _l("Give the right answer as a number.")),
        (r"^'tolerance' must be a number, 0 or more$", _l("Give the tolerance as a number, 0 or more.")),
        (r"^a unit needs both 'unit_en' and 'unit_zh'$", _l("Give the unit in both languages, or in neither.")),
        (r"^choice '(?P<choice>[a-z0-9-]+)' has no 'en' text$", _l("Choice %(choice)s has no English text.")),
        (r"^choice '(?P<choice>[a-z0-9-]+)' has no 'zh' text$", _l("Choice %(choice)s has no Chinese text.")),
        (
            r"^choice '(?P<choice>[a-z0-9-]+)' has feedback in one language only$",
            _l("Choice %(choice)s has feedback in one language only; write it in both or neither."),
        ),
        (r"^'pass_mark' must be a whole number from 0 to 100$", _l("The pass mark must be a whole number from 0 to 100.")),
        (r"^'attempts' must be a whole number, 0 \(unlimited\) or more$", _l("Attempts allowed must be a whole number, 0 (unlimited) or more.")),
        (r"^'time_limit_minutes' must be a whole number", _l("The time limit must be a whole number of minutes, 0 (no limit) or more.")),
        (r"^'questions' must be a non-empty list", _l("Choose at least one question for the quiz.")),
        (r"^a pre-test never reveals answers", _l("A pre-test never shows the answers: set its review to “never”.")),
        (r"^question '(?P<question>[a-z0-9-]+)' is listed twice$", _l("Question %(question)s is listed twice.")),
        (r"^'(?P<field>stem_en|stem_zh|feedback_en|feedback_zh|title_en|title_zh|source)' is missing or empty$", None),
    )
)  # fmt: skip


def problem_text(problem: Problem) -> str:
    """A bank_files problem in the current language (its English text when it has no twin)."""
    message = re.sub(r"^(question|quiz) '[a-z0-9-]+': ", "", problem.message)
    for pattern, text in PROBLEM_TEXTS:
        found = pattern.match(message)
        if found is None:
            continue
        groups = found.groupdict()
        if text is None:
            return str(_FIELD_TEXTS[groups["field"]])
        return str(text) % groups if groups else str(text)
    return str(_l("The question bank's rules refuse this: %(detail)s", detail=message))


def _raise_problems(problems: list[Problem]) -> None:
    if problems:
        seen: list[str] = []
        for problem in problems:
            text = problem_text(problem)
            if text not in seen:
                seen.append(text)
        raise Invalid(seen)


# --- Who may edit ---------------------------------------------------------------------------------


def editable(module: Module) -> bool:
    """Whether the module's bank and quizzes are authored in the browser."""
    return module.owner == ModuleOwner.BROWSER.value


def _require_editable(module: Module) -> None:
    if not editable(module):
        raise ReadOnlyModule(
            _l("This module comes from the reviewed files; its quizzes are changed there.")
        )


def has_answers(question: Question) -> bool:
    """Whether any attempt has saved an answer to the question."""
    return bool(
        db.session.scalar(
            sa.select(sa.func.count(Answer.id)).where(Answer.question_id == question.id)
        )
    )


def has_attempts(quiz: Quiz) -> bool:
    """Whether anyone has started the quiz."""
    return bool(
        db.session.scalar(sa.select(sa.func.count(Attempt.id)).where(Attempt.quiz_id == quiz.id))
    )


# --- Questions -------------------------------------------------------------------------------------


@dataclass
class ChoiceInput:
    """One choice row as typed."""

    text_en: str = ""
    text_zh: str = ""
    correct: bool = False
    feedback_en: str = ""
    feedback_zh: str = ""

    def is_blank(self) -> bool:
        """A row left empty is not a choice."""
        return not any((self.text_en.strip(), self.text_zh.strip(), self.correct,
                        self.feedback_en.strip(), self.feedback_zh.strip()))  # fmt: skip


@dataclass
class QuestionInput:
    """A question as typed in the editor."""

    type: str
    objective: str
    source: str
    stem_en: str
    stem_zh: str
    feedback_en: str
    feedback_zh: str
    choices: list[ChoiceInput]
    truth: str = ""  # "true" / "false"
    number: str = ""
    tolerance: str = ""
    unit_en: str = ""
    unit_zh: str = ""


def _typed_number(text: str) -> object:
    """A typed number as the files would hold it (float or int), or the text when unreadable."""
    value = parse_number(text)
    if value is None:
        return text
    return int(value) if value == value.to_integral_value() else float(value)


def _entry(key: str, typed: QuestionInput) -> dict:
    """The question as a questions.toml [[question]] table, for bank_files to check."""
    entry: dict = {
        "id": key,
        "type": typed.type,
        "objective": typed.objective,
        "source": typed.source,
        "stem_en": typed.stem_en,
        "stem_zh": typed.stem_zh,
        "feedback_en": typed.feedback_en,
        "feedback_zh": typed.feedback_zh,
    }
    if typed.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        entry["choice"] = [
            {
                "id": CHOICE_KEYS[index],
                "en": choice.text_en,
                "zh": choice.text_zh,
                "correct": choice.correct,
                "feedback_en": choice.feedback_en,
                "feedback_zh": choice.feedback_zh,
            }
            for index, choice in enumerate(typed.choices)
            if not choice.is_blank()
        ]
    elif typed.type == QuestionType.TRUE_FALSE:
        if typed.truth in ("true", "false"):
            entry["answer"] = typed.truth == "true"
    elif typed.type == QuestionType.NUMERIC:
        entry["answer"] = _typed_number(typed.number)
        entry["tolerance"] = _typed_number(typed.tolerance or "0")
        entry["unit_en"], entry["unit_zh"] = typed.unit_en, typed.unit_zh
    return entry


def check_question(module: Module, key: str, typed: QuestionInput) -> QuestionSource:
    """Check a typed question with the importer's rules; Invalid lists what is wrong."""
    problems: list[Problem] = []
    objective_ids = {o.get("id") for o in module.objectives or [] if o.get("id")}
    checked = bank_files._check_question(_entry(key, typed), _WHERE, None, objective_ids, problems)
    _raise_problems(problems)
    assert checked is not None
    return checked


def _next_key(module: Module, prefix: str, model) -> str:
    taken = set(db.session.scalars(sa.select(model.key).where(model.module_id == module.id)))
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def create_question(module: Module, typed: QuestionInput, user) -> Question:
    """Add a question to the module's bank."""
    _require_editable(module)
    key = _next_key(module, "q", Question)
    checked = check_question(module, key, typed)
    question = Question(module_id=module.id, key=key)
    _apply_question(question, checked, replace_choices=True)
    db.session.add(question)
    db.session.flush()
    record(user, "question.created", question, after={"module": module.slug, "key": key})
    return question


def update_question(question: Question, typed: QuestionInput, user) -> None:
    """Change a question; once answered, only its wording and feedback (see the module doc)."""
    module = question.module
    _require_editable(module)
    checked = check_question(module, question.key, typed)
    answered = has_answers(question)
    if answered:
        _check_key_unchanged(question, checked)
    _apply_question(question, checked, replace_choices=not answered)
    record(user, "question.edited", question, after={"answered": answered})


def _check_key_unchanged(question: Question, checked: QuestionSource) -> None:
    """Refuse a change that would alter how past answers were graded."""
    if checked.type != question.type:
        raise AuthoringError(_l("Trainees have answered this question, so its type cannot change."))
    old = [(c.key, c.correct) for c in question.choices]
    new = [(c.key, c.correct) for c in checked.choices]
    if old != new:
        raise AuthoringError(
            _l(
                "Trainees have answered this question, so its choices cannot be added, removed or "
                "marked differently. Correct the wording, or write a new question."
            )
        )
    if checked.answer_truth != question.answer_truth or (
        question.type == QuestionType.NUMERIC
        and (
            checked.answer_number != question.answer_number
            or checked.tolerance != question.tolerance
        )  # fmt: skip
    ):
        raise AuthoringError(
            _l("Trainees have answered this question, so its right answer cannot change.")
        )


def _apply_question(question: Question, checked: QuestionSource, replace_choices: bool) -> None:
    for name in ("type", "objective", "source", "stem_en", "stem_zh", "feedback_en",
                 "feedback_zh", "answer_truth", "unit_en", "unit_zh"):  # fmt: skip
        setattr(question, name, getattr(checked, name))
    question.answer_number = checked.answer_number
    question.tolerance = checked.tolerance
    if replace_choices:
        by_key = {c.key: c for c in question.choices}
        kept = []
        for position, source in enumerate(checked.choices, start=1):
            choice = by_key.pop(source.key, None) or Choice(key=source.key)
            _set_choice(choice, source, position)
            kept.append(choice)
        question.choices = kept
    else:
        for position, (choice, source) in enumerate(
            zip(question.choices, checked.choices, strict=True), start=1
        ):
            _set_choice(choice, source, position)


def _set_choice(choice: Choice, source, position: int) -> None:
    choice.text_en, choice.text_zh = source.text_en, source.text_zh
    choice.correct = source.correct
    choice.feedback_en, choice.feedback_zh = source.feedback_en, source.feedback_zh
    choice.position = position


def delete_question(question: Question, user) -> None:
    """Remove a question nobody has answered (it leaves every quiz that asked it)."""
    _require_editable(question.module)
    if has_answers(question):
        raise AuthoringError(
            _l(
                "Trainees have answered this question, so it cannot be deleted. Take it out of the quizzes instead."
            )
        )
    record(user, "question.deleted", question, before={"key": question.key})
    db.session.execute(sa.delete(QuizQuestion).where(QuizQuestion.question_id == question.id))
    db.session.delete(question)
    db.session.flush()


def input_from(question: Question) -> QuestionInput:
    """The editor's fields filled from a stored question."""
    choices = [
        ChoiceInput(c.text_en, c.text_zh, c.correct, c.feedback_en, c.feedback_zh)
        for c in question.choices
    ]
    choices += [ChoiceInput() for _ in range(len(CHOICE_KEYS) - len(choices))]
    return QuestionInput(
        type=question.type,
        objective=question.objective,
        source=question.source,
        stem_en=question.stem_en,
        stem_zh=question.stem_zh,
        feedback_en=question.feedback_en,
        feedback_zh=question.feedback_zh,
        choices=choices,
        truth="" if question.answer_truth is None else str(question.answer_truth).lower(),
        number=_plain(question.answer_number),
        tolerance=_plain(question.tolerance),
        unit_en=question.unit_en,
        unit_zh=question.unit_zh,
    )


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f")
