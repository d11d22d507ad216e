"""Summaries of survey answers: count, mean and spread of 1-5 ratings.

Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean

RATINGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class RatingSummary:
    """How a rating question was answered."""

    count: int
    mean: float | None
    #: How many gave each rating, 1 to 5 in order.
    distribution: tuple[int, int, int, int, int]


def summarise_ratings(ratings: Iterable[int]) -> RatingSummary:
    """Count, mean and distribution of ratings from 1 to 5 (other values are refused)."""
    values = list(ratings)
    for value in values:
        if value not in RATINGS:
            raise ValueError(f"rating out of range: {value!r}")
    counts = tuple(values.count(rating) for rating in RATINGS)
    return RatingSummary(len(values), fmean(values) if values else None, counts)  # type: ignore[arg-type]
