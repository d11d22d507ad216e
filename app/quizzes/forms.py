"""Forms of the quiz pages: the answers are read from the posted fields by question id."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from app.core.forms import Form

#: Posted answer fields are named "q-<question id>".
FIELD_PREFIX = "q-"


class ConfirmForm(Form):
    """A button that starts or submits an attempt: CSRF only."""


class AnswerForm(Form):
    """A page of answers: CSRF, the question ids shown and one field per question."""


def answer_field(question_id: int) -> str:
    """The form field name of a question's answer."""
    return f"{FIELD_PREFIX}{question_id}"


def posted_responses(formdata: MultiDict) -> dict[int, object]:
    """{question id: value} for every question the page showed (listed in its "shown" fields).

    Values are lists of the posted strings (services.normalise_response keeps what the
    question's type allows); a question shown but left blank gives [], which clears its answer.
    """
    responses: dict[int, object] = {}
    for raw in formdata.getlist("shown"):
        try:
            question_id = int(raw)
        except (TypeError, ValueError):
            continue
        responses[question_id] = formdata.getlist(answer_field(question_id))
    return responses
