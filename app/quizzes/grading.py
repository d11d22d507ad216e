"""Grading of quiz answers, attempts and attempt series, and the timing rules of attempts.

Pure: no Flask, no database. Exact arithmetic (Fraction) until the final percentage, which is
rounded half-up to two decimals, so that a pass mark of 70 is met by exactly 70.00.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction


class QuestionType(StrEnum):
    """The kinds of question."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "truefalse"
    NUMERIC = "numeric"


class GradingMethod(StrEnum):
    """Which attempt counts when several were made."""

    HIGHEST = "highest"
    LAST = "last"


@dataclass(frozen=True)
class Key:
    """What a question accepts: the correct choice ids, the true/false answer or the number."""

    type: QuestionType
    correct: frozenset[str] = frozenset()
    choices: frozenset[str] = frozenset()
    truth: bool | None = None
    number: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    points: Fraction = Fraction(1)


def parse_number(text: str | None) -> Decimal | None:
    """A typed number, tolerant of full-width digits, spaces and thousands separators."""
    if text is None:
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "").replace(",", "")
    cleaned = cleaned.replace("−", "-").replace("。", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def score_answer(key: Key, answer: object) -> Fraction:
    """The fraction (0 to 1) of a question's points that an answer earns.

    single: the one correct choice. multiple: each correct choice ticked earns 1/k of the points
    (k = number of correct choices), each wrong choice ticked takes 1/k away, never below zero.
    truefalse: the right truth value. numeric: within the tolerance, inclusive.
    An empty or malformed answer earns nothing.
    """
    if key.type is QuestionType.SINGLE:
        return Fraction(1) if isinstance(answer, str) and answer in key.correct else Fraction(0)
    if key.type is QuestionType.MULTIPLE:
        ticked = set(answer) if isinstance(answer, (set, frozenset, list, tuple)) else set()
        if key.choices:  # ids that are not choices of this question count for nothing
            ticked &= key.choices
        if not key.correct:
            return Fraction(0)
        share = Fraction(1, len(key.correct))
        earned = share * len(ticked & key.correct) - share * len(ticked - key.correct)
        return max(Fraction(0), earned)
    if key.type is QuestionType.TRUE_FALSE:
        return Fraction(1) if isinstance(answer, bool) and answer is key.truth else Fraction(0)
    if key.type is QuestionType.NUMERIC:
        value = (
            answer
            if isinstance(answer, Decimal)
            else parse_number(answer if isinstance(answer, str) else None)
        )
        if value is None or key.number is None:
            return Fraction(0)
        return Fraction(1) if abs(value - key.number) <= key.tolerance else Fraction(0)
    raise ValueError(f"unknown question type {key.type!r}")


def to_percent(value: Fraction) -> Decimal:
    """A fraction of 1 as a percentage with two decimals, rounded half-up."""
    return (Decimal(value.numerator) * 100 / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class AttemptResult:
    """The grade of one attempt."""

    earned: Fraction
    possible: Fraction
    per_question: tuple[Fraction, ...]

    @property
    def percent(self) -> Decimal:
        """Score in percent (0.00 to 100.00)."""
        return to_percent(self.earned / self.possible) if self.possible else Decimal("0.00")

    def passed(self, pass_mark: int | Decimal) -> bool:
        """Whether the score reaches the pass mark (in percent)."""
        return self.percent >= Decimal(pass_mark)


def grade_attempt(keys: Sequence[Key], answers: Sequence[object]) -> AttemptResult:
    """Grade answers given in the same order as the keys (None where unanswered)."""
    if len(keys) != len(answers):
        raise ValueError("one answer per question is needed (None for unanswered)")
    fractions = tuple(score_answer(k, a) for k, a in zip(keys, answers, strict=True))
    earned = sum((f * k.points for f, k in zip(fractions, keys, strict=True)), Fraction(0))
    possible = sum((k.points for k in keys), Fraction(0))
    return AttemptResult(earned, possible, fractions)


def final_score(scores_in_order: Iterable[Decimal], method: GradingMethod) -> Decimal | None:
    """The score that counts among finished attempts (oldest first); None when there are none."""
    scores = list(scores_in_order)
    if not scores:
        return None
    return max(scores) if method is GradingMethod.HIGHEST else scores[-1]


def attempt_deadline(
    started_at: datetime, time_limit: timedelta | None, closes_at: datetime | None
) -> datetime | None:
    """When an attempt must end: the time limit or the quiz's closing, whichever comes first."""
    candidates = [t for t in (started_at + time_limit if time_limit else None, closes_at) if t]
    return min(candidates) if candidates else None


def is_open(now: datetime, opens_at: datetime | None, closes_at: datetime | None) -> bool:
    """Whether a quiz accepts new attempts at `now` (open from opens_at, closed at closes_at)."""
    return (opens_at is None or now >= opens_at) and (closes_at is None or now < closes_at)


def is_overdue(
    now: datetime, deadline: datetime | None, grace: timedelta = timedelta(seconds=5)
) -> bool:
    """Whether an attempt is past its deadline; a few seconds of grace cover the network."""
    return deadline is not None and now > deadline + grace


def attempts_left(allowed: int, used: int) -> int | None:
    """How many attempts remain (None: unlimited, when `allowed` is 0)."""
    return None if allowed == 0 else max(0, allowed - used)


def draw_items(
    pool: Sequence[tuple[int, str]],
    per_objective: int,
    rng: random.Random,
    objective_order: Sequence[str] = (),
) -> list[int]:
    """The items one attempt of a drawn quiz asks: `per_objective` of each objective's items
    (fewer when the pool holds fewer), chosen at random from `pool`, a sequence of
    (question id, objective). Grouped by objective in `objective_order`, then any others by name,
    so every attempt has the same blueprint but its own items."""
    by_objective: dict[str, list[int]] = {}
    for question_id, objective in pool:
        by_objective.setdefault(objective, []).append(question_id)
    ordered = [o for o in objective_order if o in by_objective]
    ordered += sorted(o for o in by_objective if o not in ordered)
    drawn: list[int] = []
    for objective in ordered:
        items = by_objective[objective]
        drawn += rng.sample(items, min(per_objective, len(items)))
    return drawn


def items_per_attempt(pool: Sequence[tuple[int, str]], per_objective: int) -> int:
    """How many items an attempt of a drawn quiz asks (what draw_items returns)."""
    counts: dict[str, int] = {}
    for _question_id, objective in pool:
        counts[objective] = counts.get(objective, 0) + 1
    return sum(min(per_objective, count) for count in counts.values())
