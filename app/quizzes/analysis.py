"""What pre- and post-tests show: knowledge gain; and how well each question works (item analysis).

Pure: no Flask, no database. Scores are percentages (0 to 100); item scores are fractions (0 to 1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from statistics import fmean

#: Fewer answers than this make item statistics unreliable; the report says so.
SMALL_SAMPLE = 30
TOO_EASY = 0.9
TOO_HARD = 0.2


@dataclass(frozen=True)
class PersonGain:
    """One participant's pre and post scores and normalised gain (None when pre is 100)."""

    person: object
    pre: float
    post: float
    gain: float | None


@dataclass(frozen=True)
class CohortGain:
    """Knowledge gain of a workshop's participants who took both tests."""

    people: tuple[PersonGain, ...]
    mean_pre: float | None
    mean_post: float | None
    #: Hake's gain computed from the mean scores: (post - pre) / (100 - pre).
    cohort_gain: float | None
    #: Participants whose pre-test was 100, for whom the gain is undefined (shown apart).
    ceiling: tuple[PersonGain, ...]


def normalised_gain(pre: float, post: float) -> float | None:
    """g = (post - pre) / (100 - pre); undefined (None) when pre is 100."""
    if pre >= 100:
        return None
    return (post - pre) / (100 - pre)


def cohort_gain(pairs: Mapping[object, tuple[float | Decimal, float | Decimal]]) -> CohortGain:
    """Gain over the people who took both tests: {person: (pre, post)}."""
    people = tuple(
        PersonGain(person, float(pre), float(post), normalised_gain(float(pre), float(post)))
        for person, (pre, post) in pairs.items()
    )
    if not people:
        return CohortGain((), None, None, None, ())
    mean_pre = fmean(p.pre for p in people)
    mean_post = fmean(p.post for p in people)
    return CohortGain(
        people,
        mean_pre,
        mean_post,
        normalised_gain(mean_pre, mean_post),
        tuple(p for p in people if p.gain is None),
    )


def distribution(
    gains: Sequence[float], edges: Sequence[float] = (-1.0, 0.0, 0.3, 0.7, 1.0)
) -> list[int]:
    """How many gains fall in each band [edges[i], edges[i+1]); the last band includes its top.

    The default bands are: lost ground (< 0), low (0 to 0.3), medium (0.3 to 0.7), high (>= 0.7).
    Gains below the first edge count in the first band.
    """
    counts = [0] * (len(edges) - 1)
    for gain in gains:
        for index in range(len(counts)):
            last = index == len(counts) - 1
            if gain < edges[index + 1] or last:
                counts[index] += 1
                break
    return counts


@dataclass(frozen=True)
class ItemStatistics:
    """How one question performed."""

    question: object
    answered: int
    #: Mean fraction of the points earned (0 hard ... 1 easy).
    facility: float | None
    #: Mean item score of the top 27 % minus that of the bottom 27 % (by total score).
    discrimination: float | None
    too_easy: bool
    too_hard: bool
    negative: bool
    small_sample: bool


def item_analysis(
    attempts: Sequence[tuple[float, Mapping[object, float]]], questions: Sequence[object]
) -> list[ItemStatistics]:
    """Facility and discrimination per question from (total score, {question: item score}) rows."""
    ranked = sorted(attempts, key=lambda row: row[0])
    group = max(1, round(len(ranked) * 0.27)) if ranked else 0
    lower, upper = ranked[:group], ranked[-group:] if group else []
    results = []
    for question in questions:
        scores = [items[question] for _total, items in ranked if question in items]
        facility = fmean(scores) if scores else None
        low = [items[question] for _t, items in lower if question in items]
        high = [items[question] for _t, items in upper if question in items]
        discrimination = fmean(high) - fmean(low) if low and high and len(ranked) >= 2 else None
        results.append(
            ItemStatistics(
                question=question,
                answered=len(scores),
                facility=facility,
                discrimination=discrimination,
                too_easy=facility is not None and facility > TOO_EASY,
                too_hard=facility is not None and facility < TOO_HARD,
                negative=discrimination is not None and discrimination < 0,
                small_sample=len(scores) < SMALL_SAMPLE,
            )
        )
    return results
