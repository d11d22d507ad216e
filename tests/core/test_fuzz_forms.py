"""Hostile input to every form of every role finds no server error (issue 16, "done means").

The test walks app.url_map as the access-policy test does. For each kind of visitor it first GETs
every page and reads the forms on them (action, fields, which are files); then it POSTs to every
POST route the fields of the form that targets it (or every field name seen anywhere, for a route
no page links a form to) filled with NUL bytes, other control characters, 1 MB strings and
invalid choices; and it GETs every page with hostile query arguments. Every answer must be below
500. Run it on PostgreSQL too (TEST_DATABASE_URL): the NUL faults were PostgreSQL's.
"""

from __future__ import annotations

import gc
import io
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from flask import Flask

from app.core.access import policy_for
from tests.conftest import make_user, sign_in
from tests.core.test_access_policy import (
    REQUESTERS,
    SAMPLE_ARGS,
    _make_authors,
    _routes,
    _sample_objects,
)
from tests.workshops.factories import make_workshop

MEGABYTE = "x" * 1_000_000
#: How many fields of one request get the 1 MB string (the upload limit is 25 MB).
LONG_FIELDS = 4
PAYLOADS = {
    "nul": lambda name, kind: "a\x00b" if kind != "select" else "\x00",
    "control": lambda name, kind: "\x01\x02\x1b[31m\u202e\ufeff\x7f",
    "long": lambda name, kind: MEGABYTE,
    "invalid": lambda name, kind: {
        "select": "zz",
        "checkbox": "zz",
        "date": "2026-13-45",
        "datetime-local": "2026-02-30T25:61",
        "number": "99999999999999999999",
        "email": "@@",
    }.get(kind, "-1"),
}
#: Query arguments list pages read, beyond the fields of their GET forms.
QUERY_NAMES = (
    "page",
    "q",
    "status",
    "country",
    "year",
    "institution",
    "workshop",
    "module",
    "kind",
    "lang",
    "next",
    "sort",
    "from",
    "to",
    "version",
    "role",
    "language",
)


class _Forms(HTMLParser):
    """The forms of a page: action path, method, and fields with their kind."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._current = {
                "action": urlsplit(attributes.get("action") or "").path,
                "method": (attributes.get("method") or "get").lower(),
                "fields": {},
            }
            self.forms.append(self._current)
        elif tag in ("input", "select", "textarea") and attributes.get("name"):
            kind = attributes.get("type", "text") if tag == "input" else tag
            if kind in ("submit", "button", "hidden") and attributes["name"] == "csrf_token":
                return
            fields = self._current["fields"] if self._current else {}
            fields.setdefault(attributes["name"], kind)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def _forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def _request_data(fields: dict[str, str], payload) -> dict:
    multipart = any(kind == "file" for kind in fields.values())
    data: dict = {}
    long_left = LONG_FIELDS
    for name, kind in sorted(fields.items()):
        if kind == "file":
            data[name] = (io.BytesIO(b"\x00\x01 not a real file"), "a\x00b.pdf")
            continue
        value = payload(name, kind)
        if value is MEGABYTE:
            if long_left == 0:
                value = "x"
            elif multipart:
                # Werkzeug's test client spools a multipart body over 500 KB to a temporary file
                # it never closes; a urlencoded body carries the full megabyte.
                value = MEGABYTE[:50_000]
            long_left -= 1
        data[name] = value
    return data


def _url(rule, objects: dict) -> str:
    args = SAMPLE_ARGS.get(rule.endpoint, lambda _objects: {})(objects)
    return rule.build({k: v for k, v in args.items() if k in rule.arguments})[1]


def _admits(app: Flask, endpoint: str, requester) -> bool:
    policy = policy_for(app, endpoint)
    if requester is None:
        return not policy.needs_sign_in()
    return policy.allows_roles({requester})


# Werkzeug spools large request bodies to temporary files that the test client leaves to the
# garbage collector; that is the test client's, not the app's.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_hostile_input_to_every_form_and_page_gives_no_server_error(app: Flask):  # noqa: C901
    objects = _sample_objects()
    workshop = make_workshop()
    objects["workshop_id"] = workshop.id
    objects["session_id"] = workshop.sessions[0].id
    users = {role: make_user(roles=(role,)) for role in REQUESTERS if role is not None}
    _make_authors(users[REQUESTERS[2]])
    # URLs are built before anything is posted: a POST may delete the sample objects.
    routes = [
        (rule, method, _url(rule, objects))
        for rule, method in _routes(app)
        if not rule.rule.startswith("/static")
    ]
    failures: list[str] = []
    counted = {"post": 0, "get": 0}

    def client_for(requester):
        client = app.test_client()
        if requester is not None:
            sign_in(client, users[requester])
        return client

    def check(response, context: str) -> None:
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {context}")
        response.close()

    for requester in REQUESTERS:
        who = requester.value if requester else "anonymous"
        forms_by_action: dict[str, dict[str, str]] = {}
        every_field: dict[str, str] = {}
        client = client_for(requester)
        for rule, method, url in routes:
            if method != "GET" or not _admits(app, rule.endpoint, requester):
                continue
            response = client.get(url)
            check(response, f"GET {url} as {who}")
            if response.mimetype == "text/html":
                for form in _forms_of(response.get_data(as_text=True)):
                    action = form["action"] or urlsplit(url).path
                    forms_by_action.setdefault(action, {}).update(form["fields"])
                    every_field.update(form["fields"])

        client = client_for(requester)
        for rule, method, url in routes:
            if method != "GET" or not _admits(app, rule.endpoint, requester):
                continue
            fields = forms_by_action.get(urlsplit(url).path, {})
            names = sorted(set(QUERY_NAMES) | set(fields))
            hostile = {
                "nul+control": {n: f"a\x00{PAYLOADS['control'](n, 'text')}" for n in names},
                "invalid+long": {
                    n: PAYLOADS["invalid"](n, fields.get(n, "text")) + "x" * 2000 for n in names
                },
            }
            for payload_name, query in hostile.items():
                response = client.get(url, query_string=query)
                check(response, f"GET {url}?{payload_name} as {who}")
                counted["get"] += 1
                if response.status_code in (302, 303) and "/account/login" in response.location:
                    client = client_for(requester)

        for rule, method, url in routes:
            if method != "POST" or not _admits(app, rule.endpoint, requester):
                continue
            fields = forms_by_action.get(urlsplit(url).path) or every_field
            has_file = any(kind == "file" for kind in fields.values())
            for payload_name, payload in PAYLOADS.items():
                response = client_for(requester).post(
                    url,
                    data=_request_data(fields, payload),
                    content_type="multipart/form-data" if has_file else None,
                )
                check(response, f"POST {url} [{payload_name}] as {who}")
                counted["post"] += 1

    gc.collect()  # the test client's spooled bodies are closed here, under this test's filter
    assert failures == [], "\n".join(failures)
    assert counted["post"] >= 4 * 100 and counted["get"] >= 2 * 200
