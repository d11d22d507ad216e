"""Quiz pages: the start page, answering page by page, autosave, submitting and the result."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.access import owner, signed_in
from app.core.carry import carried_formdata, declare_form_fields
from app.core.db import utcnow
from app.core.errors import DomainError, refuse_to
from app.core.i18n import current_language
from app.extensions import db

from . import attempts as quizzes_attempts
from . import bp, display, grading, results, review, services, windows
from .forms import AnswerForm, ConfirmForm, answer_field, posted_responses
from .grading import QuestionType
from .models import Attempt, AttemptState, ReviewShows

TIME_UP = "time-up"


def _quiz_or_404(quiz_id: int):
    quiz = services.quiz_for_taker(quiz_id, current_user)
    if quiz is None:
        abort(404)
    return quiz


def _own_attempt_or_404(attempt_id: int) -> Attempt:
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)  # someone else's attempt does not exist, as far as this user can tell
    return attempt


def _time_up_redirect(attempt: Attempt, message: str | None = None):
    flash(
        message
        or _("Time is up: your attempt was closed and graded with the answers saved before."),
        "warning",
    )
    return redirect(url_for("quizzes.result", attempt_id=attempt.id), code=303)


@bp.route("/quizzes/<int:quiz_id>")
@signed_in
def quiz(quiz_id: int):
    """A quiz's start page: its rules in the reader's language, attempts used and left."""
    quiz = _quiz_or_404(quiz_id)
    now = utcnow()
    # The trainee's attempts, loaded once: the lazy close, the list and the result all use them.
    attempts = quizzes_attempts.attempts_of(quiz.id, current_user.id)
    if sum(1 for attempt in attempts if quizzes_attempts.close_if_overdue(attempt, now)):
        db.session.commit()
        flash(_("Your last attempt ran out of time and has been graded."), "warning")
        attempts = quizzes_attempts.attempts_of(quiz.id, current_user.id)
    window = windows.window_for(quiz, current_user.id, now)
    current = next((a for a in attempts if a.state == AttemptState.IN_PROGRESS), None)
    left = grading.attempts_left(quiz.attempts_allowed, len(attempts))
    result = results.result_from_attempts(quiz, current_user.id, attempts)
    questions = [q for q in quiz.questions if not q.retired]
    return render_template(
        "quizzes/quiz.html",
        quiz=quiz,
        attempts=attempts,
        window=window,
        now=now,
        current=current,
        left=left,
        result=result,
        question_count=quizzes_attempts.questions_per_attempt(quiz),
        has_multiple=any(q.type == QuestionType.MULTIPLE for q in questions),
        can_start=current is None and window.is_open(now) and left != 0,
        form=ConfirmForm(),
    )


@bp.route("/quizzes/<int:quiz_id>/start", methods=["POST"])
@signed_in
def start(quiz_id: int):
    """Start an attempt (or resume the one in progress)."""
    quiz = _quiz_or_404(quiz_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        attempt = quizzes_attempts.start_attempt(quiz, current_user.id, utcnow())
    except DomainError as error:
        return refuse_to(error, url_for("quizzes.quiz", quiz_id=quiz.id), code=303)
    db.session.commit()
    return redirect(url_for("quizzes.answer_page", attempt_id=attempt.id, page=1), code=303)


def _target_page(go: str, page: int, pages: int) -> int | None:
    """Where a page's buttons lead: another page, or None for the submit confirmation."""
    if go == "submit":
        return None
    if go == "prev":
        return max(1, page - 1)
    if go == "next":
        return min(pages, page + 1)
    if go.startswith("page-") and go[5:].isdigit():
        return min(pages, max(1, int(go[5:])))
    return page


@bp.route("/quizzes/attempts/<int:attempt_id>/page/<int:page>", methods=["GET", "POST"])
@owner
def answer_page(attempt_id: int, page: int):
    """One page of an attempt's questions; moving to another page saves this page's answers."""
    attempt = _own_attempt_or_404(attempt_id)
    now = utcnow()
    if attempt.is_finished:
        return redirect(url_for("quizzes.result", attempt_id=attempt.id))
    pages = review.page_count(attempt)
    if not 1 <= page <= pages:
        abort(404)
    if request.method == "POST":
        if not AnswerForm().validate_on_submit():
            abort(400)
        try:
            quizzes_attempts.save_answers(attempt, posted_responses(request.form), now)
        except services.AttemptFinished as error:
            db.session.commit()
            return _time_up_redirect(attempt, str(error))
        db.session.commit()
        target = _target_page(request.form.get("go", ""), page, pages)
        if target is None:
            return redirect(url_for("quizzes.submit", attempt_id=attempt.id), code=303)
        return redirect(
            url_for("quizzes.answer_page", attempt_id=attempt.id, page=target), code=303
        )
    # Answers carried across a language switch are saved before the page is shown again.
    carried = carried_formdata(request.path)
    try:
        if carried is not None:
            quizzes_attempts.save_answers(attempt, posted_responses(carried), now)
        elif quizzes_attempts.close_if_overdue(attempt, now):
            raise services.AttemptFinished()
    except services.AttemptFinished:
        db.session.commit()
        return _time_up_redirect(attempt)
    db.session.commit()
    language = current_language()
    questions = display.shown_questions(attempt, review.page_question_ids(attempt, page), language)
    declare_form_fields(["shown", *(answer_field(question.id) for question in questions)])
    return render_template(
        "quizzes/answer.html",
        attempt=attempt,
        quiz=attempt.quiz,
        page=page,
        pages=pages,
        questions=questions,
        answered=len([a for a in attempt.answers if a.response is not None]),
        remaining=_remaining_seconds(attempt, now),
        form=AnswerForm(),
        answer_field=answer_field,
        carry_form="quiz-form",
    )


def _remaining_seconds(attempt: Attempt, now) -> int | None:
    if attempt.deadline is None:
        return None
    return max(0, int((attempt.deadline - now).total_seconds()))


@bp.route("/quizzes/attempts/<int:attempt_id>/autosave", methods=["POST"])
@owner
def autosave(attempt_id: int):
    """Save answers as they change (quiz.js); answers JSON, never with correctness."""
    attempt = _own_attempt_or_404(attempt_id)
    now = utcnow()
    result_url = url_for("quizzes.result", attempt_id=attempt.id)
    if attempt.is_finished:
        return jsonify(state=attempt.state, result_url=result_url), 409
    try:
        saved = quizzes_attempts.save_answers(attempt, posted_responses(request.form), now)
    except services.AttemptFinished:
        db.session.commit()
        db.session.refresh(attempt)
        return jsonify(state=attempt.state, result_url=result_url), 409
    db.session.commit()
    return jsonify(
        state=AttemptState.IN_PROGRESS.value,
        saved=saved,
        remaining_seconds=_remaining_seconds(attempt, now),
    )


@bp.route("/quizzes/attempts/<int:attempt_id>/submit", methods=["GET", "POST"])
@owner
def submit(attempt_id: int):
    """Confirm and submit: the attempt is graded once, however often this is sent."""
    attempt = _own_attempt_or_404(attempt_id)
    now = utcnow()
    if attempt.is_finished:
        return redirect(url_for("quizzes.result", attempt_id=attempt.id), code=303)
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        graded_now = quizzes_attempts.submit_attempt(attempt, now)
        db.session.commit()
        if graded_now and attempt.state == AttemptState.SUBMITTED:
            flash(_("Your answers have been submitted and graded."), "success")
        elif graded_now:
            flash(
                _("Time is up: your attempt was closed and graded with the answers saved before."),
                "warning",
            )
        return redirect(url_for("quizzes.result", attempt_id=attempt.id), code=303)
    if quizzes_attempts.close_if_overdue(attempt, now):
        db.session.commit()
        return _time_up_redirect(attempt)
    answered = {a.question_id for a in attempt.answers if a.response is not None}
    unanswered = [
        (number, (number - 1) // review.QUESTIONS_PER_PAGE + 1)
        for number, qid in enumerate(attempt.question_order, start=1)
        if qid not in answered
    ]
    return render_template(
        "quizzes/submit.html",
        attempt=attempt,
        quiz=attempt.quiz,
        unanswered=unanswered,
        remaining=_remaining_seconds(attempt, now),
        pages=review.page_count(attempt),
        form=form,
    )


@bp.route("/quizzes/attempts/<int:attempt_id>")
@owner
def result(attempt_id: int):
    """A finished attempt: score, pass or fail, and the review the quiz's settings allow now."""
    attempt = _own_attempt_or_404(attempt_id)
    now = utcnow()
    if not attempt.is_finished:
        if not quizzes_attempts.close_if_overdue(attempt, now):
            return redirect(url_for("quizzes.answer_page", attempt_id=attempt.id, page=1))
        db.session.commit()
    shows = review.review_shows(attempt, now)
    return render_template(
        "quizzes/result.html",
        attempt=attempt,
        quiz=attempt.quiz,
        shows=shows,
        review=display.review(attempt, shows, current_language()),
        answers_withheld=review.answers_withheld(attempt, shows),
        closes_at=windows.attempt_closes_at(attempt),
        ReviewShows=ReviewShows,
        quiz_result=results.results_of_user([attempt.quiz], current_user.id).get(attempt.quiz_id),
    )
