"""Knowledge gain per learning objective, and the bands of the gain histogram.

Pure: no Flask, no database. Builds on app/quizzes/analysis.py: an objective's gain is the
cohort gain computed from the mean per-objective scores of the people who answered questions of
that objective in both tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean

from app.quizzes.analysis import cohort_gain, distribution

#: Edges of the histogram bands of individual gains (as in analysis.distribution).
GAIN_EDGES = (-1.0, 0.0, 0.3, 0.7, 1.0)
#: How each band is written (mathematical notation reads the same in both languages).
GAIN_BAND_LABELS = ("g < 0", "0 ≤ g < 0.3", "0.3 ≤ g < 0.7", "g ≥ 0.7")


@dataclass(frozen=True)
class ObjectiveGain:
    """How the cohort did on one learning objective."""

    objective: str
    #: People who met questions of this objective in both tests.
    people: int
    mean_pre: float | None
    mean_post: float | None
    gain: float | None


def objective_gains(
    pre: Mapping[object, Mapping[str, Sequence[float]]],
    post: Mapping[object, Mapping[str, Sequence[float]]],
    order: Sequence[str] = (),
) -> list[ObjectiveGain]:
    """Per objective, from {person: {objective: [item scores 0-1]}} of each test.

    A person's objective score is the mean of their item scores for it, as a percentage. Objectives
    come in `order` first (the module's teaching order), then any others alphabetically; an
    objective with nobody in both tests is listed with no figures.
    """
    seen = {objective for items in (*pre.values(), *post.values()) for objective in items}
    ordered = [o for o in order if o in seen] + sorted(seen - set(order))
    results = []
    for objective in ordered:
        pairs = {
            person: (100 * fmean(pre[person][objective]), 100 * fmean(post[person][objective]))
            for person in pre.keys() & post.keys()
            if pre[person].get(objective) and post[person].get(objective)
        }
        cohort = cohort_gain(pairs)
        results.append(
            ObjectiveGain(
                objective, len(pairs), cohort.mean_pre, cohort.mean_post, cohort.cohort_gain
            )
        )
    return results


def gain_histogram(gains: Sequence[float]) -> list[int]:
    """How many individual gains fall in each band of GAIN_BAND_LABELS."""
    return distribution(gains, GAIN_EDGES)
