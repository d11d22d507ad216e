"""The Chinese catalogue is complete, and pages show one language only."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.core.access import Role
from tests.conftest import make_user, sign_in
from tests.i18n_check import CATALOGUE, chinese_in, english_ui_strings_in, visible_text

ROOT = Path(__file__).resolve().parents[2]


def _source_messages() -> set[str]:
    method_map = [
        ("app/**.py", "python"),
        ("app/templates/**.html", "jinja2"),
        ("app/templates/**.txt", "jinja2"),
    ]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_ui_string_has_a_chinese_translation():
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    translated = {}
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated[key] = all(strings) and not message.fuzzy
    source = _source_messages()
    missing = sorted(source - set(translated))
    untranslated = sorted(m for m in source if translated.get(m) is False)
    assert missing == [], f"run `make translations` and translate: {missing[:10]}"
    assert untranslated == [], f"untranslated or fuzzy: {untranslated[:10]}"


PUBLIC_PAGES = [
    "/",
    "/account/login",
    "/account/signup",
    "/account/forgot-password",
    "/account/privacy",
    "/no-such-page",
]
SIGNED_IN_PAGES = ["/my", "/account/profile", "/account/password", "/admin/users"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_in_chinese_have_no_english(client, path):
    page = client.get(path, headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert english_ui_strings_in(visible_text(page)) == []


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_in_english_have_no_chinese(client, path):
    page = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert chinese_in(visible_text(page)) == []


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages_are_in_one_language(client, db, path):
    user = make_user(
        roles=(Role.ADMIN,),
        family_name_zh="",
        given_name_zh="",
        family_name_latin="Kowalski",
        given_name_latin="Jan",
        organisation="Inspectorate",
        preferred_language="zh",
    )
    sign_in(client, user)
    zh = client.get(path).get_data(as_text=True)
    assert english_ui_strings_in(visible_text(zh), allowed={"Kowalski", "Jan Kowalski"}) == []
    user.preferred_language = "en"
    db.session.commit()
    en = client.get(path).get_data(as_text=True)
    assert chinese_in(visible_text(en)) == []
