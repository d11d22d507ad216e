"""Language selection, bilingual content fields and formatting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from app.core import i18n
from tests.conftest import make_user, sign_in


@pytest.mark.parametrize("header", ["zh-CN,zh;q=0.9", "zh", "zh-Hans", "zh-Hans-CN", "zh_CN"])
def test_chinese_accept_language_gives_chinese(client, header):
    page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert '<html lang="zh-Hans">' in page
    assert "登录" in page


@pytest.mark.parametrize("header", ["en-GB", "fr-FR,de;q=0.8", ""])
def test_other_languages_give_english(client, header):
    page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Sign in" in page


def test_first_supported_language_in_preference_order_wins(client):
    page = client.get("/", headers={"Accept-Language": "fr, zh;q=0.8, en;q=0.5"}).get_data(
        as_text=True
    )
    assert '<html lang="zh-Hans">' in page


def test_saved_preference_beats_browser(client):
    user = make_user(preferred_language="zh")
    sign_in(client, user)
    page = client.get("/my", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="zh-Hans">' in page
    assert "我的主页" in page


def test_switch_beats_saved_preference_and_updates_it(client, db):
    user = make_user(preferred_language="zh")
    sign_in(client, user)
    response = client.post("/language", data={"lang": "en", "next": "/my"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/my"
    assert '<html lang="en">' in client.get("/my").get_data(as_text=True)
    db.session.refresh(user)
    assert user.preferred_language == "en"


def test_switch_for_anonymous_is_remembered_in_the_session(client):
    client.post("/language", data={"lang": "zh", "next": "/account/login"})
    page = client.get("/account/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="zh-Hans">' in page


def test_switch_never_redirects_off_site(client):
    for target in ["https://evil.example/", "//evil.example/", "/\\evil.example"]:
        response = client.post("/language", data={"lang": "zh", "next": target})
        assert response.headers["Location"] == "/"


def test_switch_to_unknown_language_changes_nothing(client):
    client.post("/language", data={"lang": "xx", "next": "/"})
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_switch_keeps_typed_form_fields_but_never_passwords(client):
    client.get("/account/signup")  # the form being filled in
    response = client.post(
        "/language?lang=zh&next=/account/signup",
        data={
            "email": "li.na@example.org",
            "family_name_zh": "李",
            "given_name_zh": "娜",
            "organisation": "辽宁省人社厅",
            "password": "secret-password-1",
            "password_confirm": "secret-password-1",
        },
    )
    assert response.headers["Location"] == "/account/signup"
    page = client.get("/account/signup").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in page
    assert 'value="li.na@example.org"' in page
    assert 'value="李"' in page
    assert 'value="辽宁省人社厅"' in page
    assert "secret-password-1" not in page
    # Carried once: a later visit shows an empty form.
    assert "li.na@example.org" not in client.get("/account/signup").get_data(as_text=True)


def test_switch_button_submits_the_page_form_on_form_pages(client):
    page = client.get("/account/signup").get_data(as_text=True)
    assert 'form="signup-form"' in page
    assert 'formaction="/language?lang=zh&amp;next=/account/signup"' in page


@dataclass
class _Module:
    title_en: str = ""
    title_zh: str = ""


def test_localized_reads_the_viewers_language(app):
    with app.test_request_context(), force_locale("zh"):
        value = i18n.localized(_Module("Fees", "收费"), "title")
    assert (value.text, value.language, value.is_fallback) == ("收费", "zh", False)


def test_localized_falls_back_with_marker(app):
    with app.test_request_context(), force_locale("zh"):
        value = i18n.localized(_Module("Fees", ""), "title")
        html = str(i18n.render_localized(_Module("Fees", ""), "title"))
    assert value.is_fallback and value.text == "Fees" and value.language == "en"
    assert '<span lang="en">Fees</span>' in html
    assert "仅有英文" in html or "英文" in html


def test_localized_without_any_text_is_empty_not_fallback(app):
    with app.test_request_context(), force_locale("en"):
        value = i18n.localized(_Module(), "title")
    assert value.text == "" and not value.is_fallback


def test_dates_in_each_language():
    day = date(2026, 11, 28)
    assert i18n.format_date(day, language="en") == "28 November 2026"
    assert i18n.format_date(day, language="zh") == "2026年11月28日"


def test_datetimes_convert_to_the_given_zone():
    moment = datetime(2026, 3, 27, 8, 0, tzinfo=UTC)  # before the EU switches to summer time
    assert i18n.format_time(moment, "Europe/Brussels", language="en") == "09:00"
    assert i18n.format_time(moment, "Asia/Shanghai", language="en") == "16:00"
    summer = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    assert i18n.format_time(summer, "Europe/Brussels", language="en") == "10:00"
    late = datetime(2026, 11, 28, 20, 0, tzinfo=UTC)
    assert i18n.format_date(late, "Asia/Shanghai", language="en") == "29 November 2026"


def test_numbers_in_each_language():
    assert i18n.format_number(1234567.5, language="en") == "1,234,567.5"
    assert i18n.format_number(1234567.5, language="zh") == "1,234,567.5"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh-CN", "zh"),
        ("zh_Hans", "zh"),
        ("ZH", "zh"),
        ("en-US", "en"),
        ("fr", None),
        ("", None),
        (None, None),
    ],
)
def test_language_from_tag(tag, expected):
    assert i18n.language_from_tag(tag) == expected


def test_templates_follow_a_forced_language_and_return_to_the_requests(app):
    """Templates keep the request's translations, yet a mail rendered with force_locale in its
    recipient's language gets that language, and the page after it the request's again."""
    template = app.jinja_env.from_string(
        "{{ _('Sign out') }} | {{ ngettext('%(num)d account found.', '%(num)d accounts found.', 3) }}"
        " | {{ _('%(name)s & co', name='<b>') }}"
    )
    # Each request in an app context of its own, as a served request is.
    with app.app_context(), app.test_request_context("/", headers={"Accept-Language": "zh"}):
        assert template.render().startswith("退出登录 | 找到 3 个账号。")
        with force_locale("en"):
            assert template.render() == "Sign out | 3 accounts found. | &lt;b&gt; & co"
            with force_locale("zh"):
                assert template.render().startswith("退出登录")
            assert template.render().startswith("Sign out")
        assert template.render().startswith("退出登录")
    with app.app_context(), app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert template.render().startswith("Sign out")
