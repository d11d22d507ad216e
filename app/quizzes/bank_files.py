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

from .grading import GradingMethod, QuestionType

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


def _check_question(
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


def check_quizzes(
    folder: Path,
    root: Path,
    questions: dict[str, QuestionSource],
    problems: list[Problem],
    objectives: tuple[str, ...] | list[str] = (),
) -> list[QuizSource]:
    """Read quizzes.toml of a module folder against its questions and the module's objective ids
    (in teaching order); append every problem."""
    path = folder / "quizzes.toml"
    where = _rel(path, root)
    if not path.is_file():
        problems.append(Problem(where, None, "quizzes.toml is missing"))
        return []
    read = _read(path, root, problems)
    if read is None:
        return []
    data, text = read
    entries = data.get("quiz", [])
    if not isinstance(entries, list) or not entries:
        problems.append(Problem(where, None, "no [[quiz]] entries"))
        return []
    lines = _table_lines(text, "quiz")
    found: list[QuizSource] = []
    quiz_lines: dict[str, int | None] = {}
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else None
        quiz = _check_quiz(entry, where, line, questions, problems)
        if quiz is None:
            continue
        if quiz.key in quiz_lines:
            problems.append(Problem(where, line, f"quiz id '{quiz.key}' is used twice"))
            continue
        quiz_lines[quiz.key] = line
        found.append(quiz)
    kinds = {}
    for quiz in found:
        kinds.setdefault(quiz.kind, []).append(quiz)
    written = {entry.get("kind") for entry in entries if isinstance(entry, dict)}
    for needed in ("pre", "post", "final"):
        if needed not in written:
            problems.append(Problem(where, None, f"the module needs a quiz of kind '{needed}'"))
        elif len(kinds.get(needed, [])) > 1:
            problems.append(Problem(where, None, f"the module has more than one '{needed}' quiz"))
    if len(kinds.get("pre", [])) == 1 and len(kinds.get("post", [])) == 1:
        pre, post = kinds["pre"][0], kinds["post"][0]
        shared = [key for key in post.questions if key in set(pre.questions)]
        if shared:
            problems.append(
                Problem(
                    where,
                    quiz_lines.get(post.key),
                    f"the pre quiz '{pre.key}' and the post quiz '{post.key}' share "
                    f"{', '.join(repr(key) for key in shared)}: they are parallel forms, so no "
                    "item of the pre-test may appear in the post-test",
                )
            )
    objectives_of = {key: question.objective for key, question in questions.items()}
    for quiz in found:
        _check_objectives(
            quiz, where, quiz_lines.get(quiz.key), objectives_of, objectives, problems
        )
    return found


def _check_objectives(
    quiz: QuizSource,
    where: str,
    line: int | None,
    objectives_of: dict[str, str],
    objectives: tuple[str, ...] | list[str],
    problems: list[Problem],
) -> None:
    """Pre, post and final quizzes assess every objective; a pool holds more than one draw."""
    counts: dict[str, int] = {}
    for key in quiz.questions:
        counts[objectives_of[key]] = counts.get(objectives_of[key], 0) + 1
    form = "pool" if quiz.draw_per_objective else "questions"
    if quiz.kind in ("pre", "post", "final"):
        for objective in objectives:
            if not counts.get(objective):
                problems.append(
                    Problem(
                        where,
                        line,
                        f"quiz '{quiz.key}' ({quiz.kind}): objective '{objective}' has no item in "
                        f"its {form}; every objective must be assessed",
                    )
                )
    if quiz.draw_per_objective:
        needed = quiz.draw_per_objective + 1
        for objective in [o for o in objectives if counts.get(o)] + sorted(
            o for o in counts if o not in objectives
        ):
            if counts[objective] < needed:
                problems.append(
                    Problem(
                        where,
                        line,
                        f"quiz '{quiz.key}': objective '{objective}' has {counts[objective]} "
                        f"item(s) in the pool; drawing {quiz.draw_per_objective} per attempt "
                        f"needs at least {needed}, so that attempts differ",
                    )
                )


def _check_quiz(
    entry: object,
    where: str,
    line: int | None,
    questions: dict[str, QuestionSource],
    problems: list[Problem],
) -> QuizSource | None:
    if not isinstance(entry, dict):
        problems.append(Problem(where, line, "a quiz must be a [[quiz]] table"))
        return None
    key = entry.get("id")
    if not isinstance(key, str) or not ID_RE.match(key):
        problems.append(
            Problem(where, line, "a quiz needs an 'id' (lowercase letters, digits, hyphens)")
        )
        return None
    before = len(problems)

    def problem(message: str) -> None:
        problems.append(Problem(where, line, f"quiz '{key}': {message}"))

    kind = entry.get("kind")
    if kind not in QUIZ_KINDS:
        problem(f"'kind' must be one of {', '.join(QUIZ_KINDS)} (found {kind!r})")
    for field in ("title_en", "title_zh"):
        if not _text(entry.get(field)):
            problem(f"'{field}' is missing or empty")
    pass_mark = entry.get("pass_mark")
    if not _whole(pass_mark) or not 0 <= pass_mark <= 100:
        problem("'pass_mark' must be a whole number from 0 to 100")
    attempts = entry.get("attempts")
    if not _whole(attempts) or attempts < 0:
        problem("'attempts' must be a whole number, 0 (unlimited) or more")
    grading = entry.get("grading")
    if grading not in {g.value for g in GradingMethod}:
        problem(f"'grading' must be highest or last (found {grading!r})")
    minutes = entry.get("time_limit_minutes", 0)
    if not _whole(minutes) or minutes < 0:
        problem("'time_limit_minutes' must be a whole number, 0 (no limit) or more")
    for flag in ("shuffle_questions", "shuffle_choices"):
        if not isinstance(entry.get(flag, False), bool):
            problem(f"'{flag}' must be true or false")
    review = entry.get("review")
    if review not in REVIEW_WHEN:
        problem(f"'review' must be one of {', '.join(REVIEW_WHEN)} (found {review!r})")
    if kind == "pre" and review in REVIEW_WHEN and review != "never":
        problem(f"a pre-test never reveals answers: 'review' must be \"never\" (found {review!r})")
    shows = entry.get("review_shows", [])
    if not isinstance(shows, list) or any(s not in REVIEW_SHOWS for s in shows):
        problem(f"'review_shows' may list only {', '.join(REVIEW_SHOWS)}")
        shows = []
    after_last = entry.get("answers_after_last_attempt", False)
    if not isinstance(after_last, bool):
        problem("'answers_after_last_attempt' must be true or false")
    draw = entry.get("draw_per_objective", 0)
    if "pool" in entry:
        field = "pool"
        if "questions" in entry:
            problem("a drawn quiz lists its items in 'pool' only: remove 'questions'")
        if "draw_per_objective" not in entry:
            problem("'pool' needs 'draw_per_objective' (how many items of each objective to draw)")
        elif not _whole(draw) or draw < 1:
            problem("'draw_per_objective' must be a whole number, 1 or more")
    else:
        field = "questions"
        if "draw_per_objective" in entry:
            problem("'draw_per_objective' needs a 'pool' of questions to draw from")
    listed = entry.get(field)
    if not isinstance(listed, list) or not listed or not all(isinstance(q, str) for q in listed):
        problem(f"'{field}' must be a non-empty list of question ids")
        listed = []
    for question_id in sorted({q for q in listed if listed.count(q) > 1}):
        problem(f"question '{question_id}' is listed twice")
    for question_id in listed:
        if question_id not in questions:
            problem(f"question '{question_id}' is not in questions.toml (or has problems)")
    if len(problems) > before:
        return None
    return QuizSource(
        key=key,
        kind=kind,
        title_en=_text(entry["title_en"]),
        title_zh=_text(entry["title_zh"]),
        pass_mark=pass_mark,
        attempts_allowed=attempts,
        grading=grading,
        time_limit_minutes=minutes,
        shuffle_questions=entry.get("shuffle_questions", False),
        shuffle_choices=entry.get("shuffle_choices", False),
        review_when=review,
        review_shows=tuple(shows),
        questions=tuple(listed),
        draw_per_objective=draw if field == "pool" else 0,
        answers_after_last_attempt=after_last,
    )


def check_module_files(folder: Path, root: Path, objective_ids: list[str], problems: list) -> dict:
    """A module folder's question bank and quizzes, checked, as fields of its ModuleSource (the
    learning import asks through the module_files_checked hook); objectives in teaching order."""
    questions = check_questions(folder, root, set(objective_ids), problems)
    quizzes = check_quizzes(
        folder, root, {q.key: q for q in questions}, problems, objectives=objective_ids
    )
    return {"questions": tuple(questions), "quizzes": tuple(quizzes)}
