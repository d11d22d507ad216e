"""Who qualifies for which certificate, and why not: pure rules with their reasons as data.

Pure: no Flask. Each rule returns a Verdict; a refusal carries Reasons (a code and the numbers
behind it, e.g. attended 3 of 5 sessions, needs 4), which the pages put into words in each
language. Thresholds are compared in integers, as app.workshops.attendance does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from app.core.labels import N_, LabelledEnum


class Kind(LabelledEnum):
    """The three kinds of certificate."""

    ATTENDANCE = "attendance", N_("Attendance certificate")  # a workshop
    COMPLETION = "completion", N_("Completion certificate")  # a training module
    PARTICIPATION = "participation", N_("Participation certificate")  # a personnel exchange


class ReasonCode(StrEnum):
    """Why someone does not qualify (yet)."""

    WORKSHOP_NOT_ENDED = "workshop_not_ended"
    WORKSHOP_CANCELLED = "workshop_cancelled"
    NO_SESSIONS_COUNTED = "no_sessions_counted"
    ATTENDANCE_BELOW_THRESHOLD = "attendance_below_threshold"
    MODULE_HAS_NO_LESSONS = "module_has_no_lessons"
    LESSONS_INCOMPLETE = "lessons_incomplete"
    FINAL_QUIZ_NOT_PASSED = "final_quiz_not_passed"
    EXCHANGE_NOT_COMPLETED = "exchange_not_completed"
    ACCOMPANYING_PERSON = "accompanying_person"
    NO_ACCOUNT = "no_account"


@dataclass(frozen=True)
class Reason:
    """One reason for not qualifying, with the figures a message needs."""

    code: ReasonCode
    figures: tuple[tuple[str, int | str], ...] = ()

    def figure(self, name: str) -> int | str | None:
        """One of the figures by name."""
        return dict(self.figures).get(name)


@dataclass(frozen=True)
class Verdict:
    """Whether a person qualifies; when not, every reason."""

    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def qualifies(self) -> bool:
        """True when nothing stands in the way."""
        return not self.reasons

    def codes(self) -> list[ReasonCode]:
        """The reason codes, for tests and filters."""
        return [reason.code for reason in self.reasons]


def sessions_needed(counted: int, threshold_percent: int) -> int:
    """The fewest sessions attended out of `counted` that reach the threshold."""
    return -(-threshold_percent * counted // 100)


def attendance(
    attended: int,
    counted: int,
    threshold_percent: int,
    workshop_ended: bool,
    workshop_cancelled: bool = False,
) -> Verdict:
    """An attendance certificate: the workshop took place and ended, and the participant's
    attendance rate (attended / counted, excused sessions left out) reaches the threshold."""
    if not 0 <= attended <= counted:
        raise ValueError("attended must be between 0 and counted")
    if not 0 <= threshold_percent <= 100:
        raise ValueError("threshold_percent must be between 0 and 100")
    if workshop_cancelled:
        return Verdict((Reason(ReasonCode.WORKSHOP_CANCELLED),))
    reasons = []
    if not workshop_ended:
        reasons.append(Reason(ReasonCode.WORKSHOP_NOT_ENDED))
    if counted == 0:
        reasons.append(Reason(ReasonCode.NO_SESSIONS_COUNTED))
    elif attended * 100 < threshold_percent * counted:
        reasons.append(
            Reason(
                ReasonCode.ATTENDANCE_BELOW_THRESHOLD,
                (
                    ("attended", attended),
                    ("counted", counted),
                    ("needed", sessions_needed(counted, threshold_percent)),
                    ("threshold", threshold_percent),
                ),
            )
        )
    return Verdict(tuple(reasons))


def completion(lessons_done: int, lessons_total: int, final_quiz_passed: bool | None) -> Verdict:
    """A completion certificate for a module: every lesson done and, when the module has a final
    quiz, that quiz passed (None: the module has no final quiz; a pre-test never counts)."""
    if not 0 <= lessons_done <= lessons_total:
        raise ValueError("lessons_done must be between 0 and lessons_total")
    reasons = []
    if lessons_total == 0:
        reasons.append(Reason(ReasonCode.MODULE_HAS_NO_LESSONS))
    elif lessons_done < lessons_total:
        reasons.append(
            Reason(
                ReasonCode.LESSONS_INCOMPLETE,
                (("done", lessons_done), ("total", lessons_total)),
            )
        )
    if final_quiz_passed is False:
        reasons.append(Reason(ReasonCode.FINAL_QUIZ_NOT_PASSED))
    return Verdict(tuple(reasons))


def participation(
    exchange_completed: bool, has_account: bool = True, accompanying: bool = False
) -> Verdict:
    """A participation certificate: a delegation member (not an accompanying person) with a
    platform account, once the exchange is completed."""
    reasons = []
    if not exchange_completed:
        reasons.append(Reason(ReasonCode.EXCHANGE_NOT_COMPLETED))
    if accompanying:
        reasons.append(Reason(ReasonCode.ACCOMPANYING_PERSON))
    if not has_account:
        reasons.append(Reason(ReasonCode.NO_ACCOUNT))
    return Verdict(tuple(reasons))
