"""Grading rules, exhaustively per question type and grading method, and timing rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from app.quizzes.grading import (
    GradingMethod,
    Key,
    QuestionType,
    attempt_deadline,
    attempts_left,
    final_score,
    grade_attempt,
    is_open,
    is_overdue,
    parse_number,
    score_answer,
    to_percent,
)

SINGLE = Key(QuestionType.SINGLE, correct=frozenset({"b"}), choices=frozenset("abcd"))
MULTI = Key(QuestionType.MULTIPLE, correct=frozenset({"a", "c"}), choices=frozenset("abcd"))
TRUE = Key(QuestionType.TRUE_FALSE, truth=True)
FALSE = Key(QuestionType.TRUE_FALSE, truth=False)
NUMBER = Key(QuestionType.NUMERIC, number=Decimal("1997"), tolerance=Decimal("0"))
ROUGH = Key(QuestionType.NUMERIC, number=Decimal("12.5"), tolerance=Decimal("0.5"))


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("b", 1),
        ("a", 0),
        ("z", 0),
        (None, 0),
        ("", 0),
        (["b"], 0),
        (True, 0),
    ],
)
def test_single_choice(answer, expected):
    assert score_answer(SINGLE, answer) == expected


@pytest.mark.parametrize(
    ("ticked", "expected"),
    [
        ({"a", "c"}, Fraction(1)),
        ({"a"}, Fraction(1, 2)),
        ({"c"}, Fraction(1, 2)),
        ({"a", "b"}, Fraction(0)),
        ({"a", "c", "b"}, Fraction(1, 2)),
        ({"a", "c", "b", "d"}, Fraction(0)),
        ({"b", "d"}, Fraction(0)),  # never below zero
        (set(), Fraction(0)),
        (None, Fraction(0)),
        ({"a", "c", "zz"}, Fraction(1)),  # ids that are not choices count for nothing
        (["a", "c"], Fraction(1)),
        ("ac", Fraction(0)),
    ],
)
def test_multiple_response_partial_credit(ticked, expected):
    assert score_answer(MULTI, ticked) == expected


def test_multiple_response_with_three_correct():
    key = Key(QuestionType.MULTIPLE, correct=frozenset("abc"), choices=frozenset("abcde"))
    assert score_answer(key, {"a", "b"}) == Fraction(2, 3)
    assert score_answer(key, {"a", "b", "d"}) == Fraction(1, 3)
    assert score_answer(key, {"a", "d", "e"}) == 0


@pytest.mark.parametrize(
    ("key", "answer", "expected"),
    [
        (TRUE, True, 1),
        (TRUE, False, 0),
        (FALSE, False, 1),
        (FALSE, True, 0),
        (TRUE, None, 0),
        (TRUE, "true", 0),
        (TRUE, 1, 0),
    ],
)
def test_true_false(key, answer, expected):
    assert score_answer(key, answer) == expected


@pytest.mark.parametrize(
    ("key", "answer", "expected"),
    [
        (NUMBER, "1997", 1),
        (NUMBER, "1,997", 1),
        (NUMBER, "１９９７", 1),
        (NUMBER, " 1997.0 ", 1),
        (NUMBER, "1998", 0),
        (NUMBER, "nineteen", 0),
        (NUMBER, "", 0),
        (NUMBER, None, 0),
        (NUMBER, "NaN", 0),
        (NUMBER, "Infinity", 0),
        (NUMBER, Decimal("1997"), 1),
        (ROUGH, "12", 1),
        (ROUGH, "13", 1),
        (ROUGH, "12.9", 1),
        (ROUGH, "13.01", 0),
        (ROUGH, "11.99", 0),
        (ROUGH, "12。5", 1),
    ],
)
def test_numeric_with_tolerance(key, answer, expected):
    assert score_answer(key, answer) == expected


def test_parse_number():
    assert parse_number("−3") == Decimal("-3")
    assert parse_number("abc") is None


def test_attempt_grade_and_pass_mark():
    keys = [SINGLE, MULTI, TRUE, NUMBER]
    result = grade_attempt(keys, ["b", {"a"}, True, "1996"])
    assert result.per_question == (1, Fraction(1, 2), 1, 0)
    assert result.percent == Decimal("62.50")
    assert not result.passed(70) and result.passed(62) and result.passed(Decimal("62.5"))


def test_points_weight_questions():
    heavy = Key(QuestionType.SINGLE, correct=frozenset({"a"}), points=Fraction(3))
    result = grade_attempt([heavy, SINGLE], ["a", "x"])
    assert result.percent == Decimal("75.00")


def test_rounding_is_half_up_and_exact():
    assert to_percent(Fraction(2, 3)) == Decimal("66.67")
    assert to_percent(Fraction(7, 10)) == Decimal("70.00")
    assert to_percent(Fraction(1, 8)) == Decimal("12.50")
    result = grade_attempt([SINGLE] * 10, ["b"] * 7 + ["a"] * 3)
    assert result.passed(70)


def test_empty_attempt_and_mismatched_answers():
    assert grade_attempt([], []).percent == Decimal("0.00")
    with pytest.raises(ValueError):
        grade_attempt([SINGLE], [])


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (GradingMethod.HIGHEST, Decimal("80")),
        (GradingMethod.LAST, Decimal("60")),
    ],
)
def test_grading_methods(method, expected):
    assert final_score([Decimal("50"), Decimal("80"), Decimal("60")], method) == expected
    assert final_score([], method) is None


NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def test_deadline_is_the_earlier_of_limit_and_closing():
    assert attempt_deadline(NOW, timedelta(minutes=20), None) == NOW + timedelta(minutes=20)
    assert attempt_deadline(
        NOW, timedelta(minutes=20), NOW + timedelta(minutes=5)
    ) == NOW + timedelta(minutes=5)
    assert attempt_deadline(NOW, None, NOW + timedelta(hours=1)) == NOW + timedelta(hours=1)
    assert attempt_deadline(NOW, None, None) is None


def test_overdue_with_grace():
    deadline = NOW + timedelta(minutes=20)
    assert not is_overdue(deadline, deadline)
    assert not is_overdue(deadline + timedelta(seconds=5), deadline)
    assert is_overdue(deadline + timedelta(seconds=6), deadline)
    assert not is_overdue(NOW + timedelta(days=9), None)


def test_open_window():
    opens, closes = NOW, NOW + timedelta(days=1)
    assert not is_open(NOW - timedelta(seconds=1), opens, closes)
    assert is_open(NOW, opens, closes)
    assert not is_open(closes, opens, closes)
    assert is_open(NOW, None, None)


def test_attempts_left():
    assert attempts_left(3, 1) == 2 and attempts_left(3, 3) == 0 and attempts_left(3, 5) == 0
    assert attempts_left(0, 99) is None
