"""Reading and validating a module's questions.toml and quizzes.toml (format: materials/README.md).

Pure: no Flask, no database. Problems name the file, the line where tomllib's data allows it and
the question or quiz id, so an author can fix every one in a single pass.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from app.learning.lesson_rules import Problem

from .grading import QuestionType

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CHOICE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANGUAGES = ("en", "zh")
#: The values models.QuizKind, ReviewWhen and ReviewShows take (kept here so this stays pure).
QUIZ_KINDS = ("pre", "post", "final", "practice")
REVIEW_WHEN = ("immediately", "after_close", "never")
REVIEW_SHOWS = ("answers", "correctness", "correct_answers", "feedback")


@dataclass(frozen=True)
class ChoiceSource:
    """One choice of a question, as written in questions.toml."""

    key: str
    text_en: str
    text_zh: str
    correct: bool
    feedback_en: str
    feedback_zh: str


@dataclass(frozen=True)
class QuestionSource:
    """One question, validated."""

    key: str
    type: str
    objective: str
    source: str
    stem_en: str
    stem_zh: str
    feedback_en: str
    feedback_zh: str
    choices: tuple[ChoiceSource, ...] = ()
    answer_truth: bool | None = None
    answer_number: Decimal | None = None
    tolerance: Decimal | None = None
    unit_en: str = ""
    unit_zh: str = ""
    #: Whether it puts a situation to the learner (`scenario = true`).
    scenario: bool = False


@dataclass(frozen=True)
class QuizSource:
    """One quiz, validated; `questions` are question ids in order (a drawn quiz's `pool`)."""

    key: str
    kind: str
    title_en: str
    title_zh: str
    pass_mark: int
    attempts_allowed: int
    grading: str
    time_limit_minutes: int
    shuffle_questions: bool
    shuffle_choices: bool
    review_when: str
    review_shows: tuple[str, ...]
    questions: tuple[str, ...]
    #: 0: a fixed form; N: each attempt draws N items per objective from `questions` (the pool).
    draw_per_objective: int = 0
    #: Correct answers and feedback wait until no attempt is left or the quiz has closed.
    answers_after_last_attempt: bool = False


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _table_lines(text: str, header: str) -> list[int]:
    """The line of each `[[header]]` table, in order (tomllib gives no positions)."""
    pattern = re.compile(rf"^[ \t]*\[\[{re.escape(header)}\]\][ \t]*$", re.M)
    return [text.count("\n", 0, m.start()) + 1 for m in pattern.finditer(text)]


def _read(path: Path, root: Path, problems: list[Problem]) -> tuple[dict, str] | None:
    where = _rel(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        problems.append(Problem(where, line, "the file is not valid UTF-8"))
        return None
    except OSError as error:
        problems.append(Problem(where, None, f"cannot be read ({error.strerror})"))
        return None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        problems.append(
            Problem(where, int(found[1]) if found else None, f"invalid TOML: {message}")
        )
        return None


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return Decimal(str(value))


def check_questions(
    folder: Path, root: Path, objective_ids: set[str], problems: list[Problem]
) -> list[QuestionSource]:
    """Read questions.toml of a module folder; append a Problem for every rule it breaks."""
    path = folder / "questions.toml"
    where = _rel(path, root)
    if not path.is_file():
        problems.append(Problem(where, None, "questions.toml is missing"))
        return []
    read = _read(path, root, problems)
    if read is None:
        return []
    data, text = read
    entries = data.get("question", [])
    if not isinstance(entries, list) or not entries:
        problems.append(Problem(where, None, "no [[question]] entries"))
        return []
    lines = _table_lines(text, "question")
    found: list[QuestionSource] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else None
        question = _check_question(entry, where, line, objective_ids, problems)
        if question is None:
            continue
        if question.key in seen:
            problems.append(Problem(where, line, f"question id '{question.key}' is used twice"))
            continue
        seen.add(question.key)
        found.append(question)
    return found


def _check_question(  # noqa: C901 (a file checker: one branch per rule)
    entry: object,
    where: str,
    line: int | None,
    objective_ids: set[str],
    problems: list[Problem],
) -> QuestionSource | None:
    if not isinstance(entry, dict):
        problems.append(Problem(where, line, "a question must be a [[question]] table"))
        return None
    key = entry.get("id")
    if not isinstance(key, str) or not ID_RE.match(key):
        problems.append(
            Problem(where, line, "a question needs an 'id' (lowercase letters, digits, hyphens)")
        )
        return None
    before = len(problems)

    def problem(message: str) -> None:
        problems.append(Problem(where, line, f"question '{key}': {message}"))

    question_type = entry.get("type")
    if question_type not in {t.value for t in QuestionType}:
        problem(
            f"'type' must be one of {', '.join(t.value for t in QuestionType)} "
            f"(found {question_type!r})"
        )
        return None
    objective = entry.get("objective")
    if not isinstance(objective, str) or objective not in objective_ids:
        problem(f"'objective' {objective!r} is not an objective id of module.toml")
    if not _text(entry.get("source")):
        problem("'source' is missing or empty")
    if not isinstance(entry.get("scenario", False), bool):
        problem("'scenario' must be true or false")
    for field in ("stem_en", "stem_zh", "feedback_en", "feedback_zh"):
        if not _text(entry.get(field)):
            problem(f"'{field}' is missing or empty")
    choices_raw = entry.get("choice", [])
    choices: list[ChoiceSource] = []
    truth = None
    number = tolerance = None
    if question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        for forbidden in ("answer", "tolerance"):
            if forbidden in entry:
                problem(f"'{forbidden}' is only for truefalse and numeric questions")
        choices = _check_choices(choices_raw, problem)
        correct = sum(1 for c in choices if c.correct)
        if not 3 <= len(choices_raw if isinstance(choices_raw, list) else []) <= 6:
            problem("needs 3 to 6 [[question.choice]] entries")
        if question_type == QuestionType.SINGLE and correct != 1:
            problem(f"a single-choice question needs exactly one correct choice (found {correct})")
        if question_type == QuestionType.MULTIPLE:
            if correct < 2:
                problem(
                    f"a multiple-response question needs at least two correct choices "
                    f"(found {correct})"
                )
            if correct == len(choices):
                problem(
                    "a multiple-response question needs at least one choice that is not correct"
                )
    else:
        if choices_raw:
            problem(f"a {question_type} question has no [[question.choice]] entries")
        answer = entry.get("answer")
        if question_type == QuestionType.TRUE_FALSE:
            if not isinstance(answer, bool):
                problem("'answer' must be true or false")
            truth = answer if isinstance(answer, bool) else None
            if "tolerance" in entry:
                problem("'tolerance' is only for numeric questions")
        else:
            number = _number(answer)
            if number is None:
                problem("'answer' must be a number")
            tolerance = _number(entry.get("tolerance"))
            if tolerance is None or tolerance < 0:
                problem("'tolerance' must be a number, 0 or more")
            for unit in ("unit_en", "unit_zh"):
                if unit in entry and not isinstance(entry[unit], str):
                    problem(f"'{unit}' must be text")
            if bool(_text(entry.get("unit_en"))) != bool(_text(entry.get("unit_zh"))):
                problem("a unit needs both 'unit_en' and 'unit_zh'")
    if len(problems) > before:
        return None
    return QuestionSource(
        key=key,
        type=question_type,
        objective=objective,
        source=_text(entry.get("source")),
        stem_en=_text(entry["stem_en"]),
        stem_zh=_text(entry["stem_zh"]),
        feedback_en=_text(entry["feedback_en"]),
        feedback_zh=_text(entry["feedback_zh"]),
        choices=tuple(choices),
        answer_truth=truth,
        answer_number=number,
        tolerance=tolerance,
        unit_en=_text(entry.get("unit_en")),
        unit_zh=_text(entry.get("unit_zh")),
        scenario=entry.get("scenario", False),
    )


def _check_choices(choices_raw: object, problem) -> list[ChoiceSource]:
    if not isinstance(choices_raw, list):
        problem("choices must be written as [[question.choice]] tables")
        return []
    choices = []
    seen: set[str] = set()
    for number, choice in enumerate(choices_raw, start=1):
        if not isinstance(choice, dict):
            problem(f"choice {number} must be a table")
            continue
        key = choice.get("id")
        if not isinstance(key, str) or not CHOICE_ID_RE.match(key):
            problem(f"choice {number} needs an 'id' like \"a\"")
            continue
        if key in seen:
            problem(f"choice id '{key}' is used twice")
            continue
        seen.add(key)
        for language in LANGUAGES:
            if not _text(choice.get(language)):
                problem(f"choice '{key}' has no '{language}' text")
        if not isinstance(choice.get("correct"), bool):
            problem(f"choice '{key}' needs 'correct = true' or 'correct = false'")
        if bool(_text(choice.get("feedback_en"))) != bool(_text(choice.get("feedback_zh"))):
            problem(f"choice '{key}' has feedback in one language only")
        choices.append(
            ChoiceSource(
                key=key,
                text_en=_text(choice.get("en")),
                text_zh=_text(choice.get("zh")),
                correct=choice.get("correct") is True,
                feedback_en=_text(choice.get("feedback_en")),
                feedback_zh=_text(choice.get("feedback_zh")),
            )
        )
    return choices
