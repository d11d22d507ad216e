"""Reasons for not qualifying, put into words in the viewer's language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from .eligibility import Reason, ReasonCode


def reason_text(reason: Reason) -> str:
    """One reason as a sentence: "Attended 3 of 5 sessions; needs 4 (80 %)."."""
    code = reason.code
    if code is ReasonCode.ATTENDANCE_BELOW_THRESHOLD:
        return ngettext(
            "Attended %(attended)d of %(num)d session; needs %(needed)d (%(threshold)d %%).",
            "Attended %(attended)d of %(num)d sessions; needs %(needed)d (%(threshold)d %%).",
            int(reason.figure("counted")),
            attended=int(reason.figure("attended")),
            needed=int(reason.figure("needed")),
            threshold=int(reason.figure("threshold")),
        )
    if code is ReasonCode.LESSONS_INCOMPLETE:
        return ngettext(
            "Completed %(done)d of %(num)d lesson.",
            "Completed %(done)d of %(num)d lessons.",
            int(reason.figure("total")),
            done=int(reason.figure("done")),
        )
    texts = {
        ReasonCode.WORKSHOP_NOT_ENDED: _("The workshop has not ended yet."),
        ReasonCode.WORKSHOP_CANCELLED: _("The workshop was cancelled."),
        ReasonCode.NO_SESSIONS_COUNTED: _("No session that counts for attendance has been held."),
        ReasonCode.MODULE_HAS_NO_LESSONS: _("The module has no lessons."),
        ReasonCode.FINAL_QUIZ_NOT_PASSED: _("The final quiz has not been passed."),
        ReasonCode.EXCHANGE_NOT_COMPLETED: _("The exchange is not completed yet."),
        ReasonCode.ACCOMPANYING_PERSON: _("Accompanying persons receive no certificate."),
        ReasonCode.NO_ACCOUNT: _("This person has no account on the platform."),
    }
    return texts[code]
