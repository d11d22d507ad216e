"""Checking a module's quiz files (quizzes/*.toml) and the whole bank of a module: keys, kinds,
review settings, objectives, questions drawn.

Pure: no Flask, no database. File checker: each problem is recorded with its file and line."""

from __future__ import annotations

from pathlib import Path

from app.learning.lesson_rules import Problem

from .bank_files import (
    ID_RE,
    QUIZ_KINDS,
    REVIEW_SHOWS,
    REVIEW_WHEN,
    QuestionSource,
    QuizSource,
    _read,
    _rel,
    _table_lines,
    _text,
    _whole,
    check_questions,
)
from .grading import GradingMethod


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


def _check_quiz(  # noqa: C901 (a file checker: one branch per rule)
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
