"""What a request may carry: no control characters, no ids beyond what the database stores.

A NUL byte in a text field or query argument made PostgreSQL refuse the query (a 500), and an id
above 2^31 in a URL overflowed the database's integer. Both are settled here, once, for every route:
form fields lose their control characters (nobody types them; they arrive by pasting or by
attack), a query argument or URL part carrying one is refused with a 400 that says why, and `<int:>`
URL parts above the largest stored id do not match (a 404).
"""

from __future__ import annotations

import re

from flask import Flask, Request, request
from flask_babel import gettext as _
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

#: C0 control characters and DEL, except tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: The largest id an INTEGER column holds on PostgreSQL (and far below SQLite's limit).
LARGEST_ID = 2**31 - 1


def without_control_characters(value: str) -> str:
    """The text with control characters (other than tab and line breaks) removed."""
    return CONTROL_CHARACTERS.sub("", value)


class CleanRequest(Request):
    """A request whose form fields never hold control characters."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form and any(CONTROL_CHARACTERS.search(v) for v in form.values()):
            self.__dict__["form"] = ImmutableMultiDict(
                (without_control_characters(k), without_control_characters(v))
                for k, v in form.items(multi=True)
            )


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` URL parts: 0 to LARGEST_ID, so a huge id is a 404, never a database error."""

    def __init__(self, map, fixed_digits=0, min=0, max=LARGEST_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _refuse_control_characters() -> None:
    texts = [*request.args.keys(), *request.args.values()]
    texts += [v for v in (request.view_args or {}).values() if isinstance(v, str)]
    if any(CONTROL_CHARACTERS.search(text) for text in texts):
        refused = BadRequest()
        refused.user_message = _(
            "The address contains invisible control characters, so it cannot be opened. "
            "Type it again or follow the link from the page you came from."
        )
        raise refused


def init_app(app: Flask) -> None:
    """Install the clean request class, the bounded int converter and the argument check.

    Call it before any blueprint is registered: URL rules pick their converters when added.
    """
    app.request_class = CleanRequest
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(_refuse_control_characters)
