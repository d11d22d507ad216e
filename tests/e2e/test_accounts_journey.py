"""Real-browser journeys: sign up, sign in, switch language mid-form, one language per page."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.auth.models import User
from tests.conftest import PASSWORD, make_user
from tests.i18n_check import chinese_in, english_ui_strings_in, visible_text


def test_sign_up_in_chinese(live, page_for, db):
    page = page_for("zh")
    page.goto(live.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    page.get_by_role("link", name="注册账号").first.click()
    page.get_by_label("电子邮箱").fill("chen.jing@example.org")
    page.get_by_label("密码", exact=True).fill("fujian-2026-pass")
    page.get_by_label("再次输入密码").fill("fujian-2026-pass")
    page.get_by_label("姓（汉字）").fill("陈")
    page.get_by_label("名（汉字）").fill("静")
    page.get_by_label("姓（拉丁字母").fill("Chen")
    page.get_by_label("名（拉丁字母").fill("Jing")
    page.get_by_label("单位", exact=True).fill("福建省人力资源和社会保障厅")
    page.get_by_label("单位类型").select_option("provincial_bureau")
    page.get_by_label("国家").select_option("CN")
    page.get_by_label("省份").select_option("35")
    page.get_by_label("我已阅读隐私声明").check()
    page.get_by_role("button", name="注册我的账号").click()
    page.wait_for_url(re.compile(r"/my$"))
    assert page.get_by_role("heading", name="我的主页").is_visible()
    assert "陈静 (Chen Jing)" in page.content()
    assert english_ui_strings_in(visible_text(page.content())) == []
    user = db.session.scalar(sa.select(User).where(User.email == "chen.jing@example.org"))
    assert user.province == "35" and user.preferred_language == "zh"


def test_sign_in_and_out_in_english(live, page_for):
    make_user(
        email="kowalski@example.org",
        family_name_zh="",
        given_name_zh="",
        family_name_latin="Kowalski",
        given_name_latin="Łukasz",
        country="PL",
        province="",
        organisation="Państwowa Inspekcja Pracy",
    )
    page = page_for("en")
    page.goto(live.url + "/my")
    assert "/account/login" in page.url  # sent to sign in first
    page.get_by_label("E-mail address").fill("kowalski@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("The e-mail address or password is not correct").is_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/my$"))
    assert page.get_by_role("heading", name="My page").is_visible()
    assert chinese_in(visible_text(page.content())) == []
    page.locator("summary", has_text="Łukasz Kowalski").click()
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_text("You have signed out.").is_visible()


def test_switching_language_mid_form_keeps_what_was_typed(live, page_for):
    page = page_for("en")
    page.goto(live.url + "/account/signup")
    page.get_by_label("E-mail address").fill("ouyang.na@example.org")
    page.get_by_label("Password", exact=True).fill("typed-password-1")
    page.get_by_label("Family name in Chinese characters").fill("欧阳")
    page.get_by_label("Organisation", exact=True).fill("山东省人社厅")
    page.get_by_label("Country").select_option("CN")
    page.get_by_role("button", name="简体中文").click()
    page.wait_for_url(re.compile(r"/account/signup$"))
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_label("电子邮箱").input_value() == "ouyang.na@example.org"
    assert page.get_by_label("姓（汉字）").input_value() == "欧阳"
    assert page.get_by_label("单位", exact=True).input_value() == "山东省人社厅"
    assert page.get_by_label("国家").input_value() == "CN"
    assert page.get_by_label("密码", exact=True).input_value() == ""  # never carried
    # And back again, on a page without a form.
    page.goto(live.url + "/")
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"


def test_each_page_shows_one_language(live, page_for):
    for language in ("zh", "en"):
        make_user(email=f"reader-{language}@example.org", preferred_language=language)
        page = page_for(language)
        page.goto(live.url + "/account/login")
        page.get_by_label("电子邮箱" if language == "zh" else "E-mail address").fill(
            f"reader-{language}@example.org"
        )
        page.get_by_label("密码" if language == "zh" else "Password").fill(PASSWORD)
        page.get_by_role("button", name="登录" if language == "zh" else "Sign in").click()
        page.wait_for_url(re.compile(r"/my$"))
        for path in ["/", "/my", "/account/profile", "/account/password", "/account/privacy"]:
            page.goto(live.url + path)
            parts = visible_text(page.content())
            if language == "zh":
                assert page.locator("html").get_attribute("lang") == "zh-Hans", path
                assert english_ui_strings_in(parts) == [], path
            else:
                assert page.locator("html").get_attribute("lang") == "en", path
                names = {"Zhang Wei (张伟)", "山东省人力资源和社会保障厅"}  # the user's own data
                assert chinese_in(parts, allowed=names) == [], path


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_sign_up_lists_follow_the_page_language(live, page_for, language, width):
    """Countries in the language's order (pinyin for Chinese), time zones named by place, China's
    and the EU's first, no legacy aliases; the form fits a phone."""
    page = page_for(language)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live.url + "/account/signup")
    countries = page.locator('select[name="country"] option').all_inner_texts()
    zones = page.locator('select[name="timezone"] option')
    # The required list opens with an empty "Choose…" placeholder, then the zones.
    zone_values = [zones.nth(i).get_attribute("value") for i in range(zones.count())][1:]
    zone_names = zones.all_inner_texts()[1:]
    if language == "zh":
        assert countries[1:5] == ["爱尔兰", "爱沙尼亚", "奥地利", "保加利亚"]
        assert zone_names[0] == "中国（上海）时间"
    else:
        assert countries[1:4] == ["Austria", "Belgium", "Bulgaria"]
        assert zone_names[0] == "China (Shanghai) Time"
    assert zone_values[:2] == ["Asia/Shanghai", "Asia/Urumqi"]
    assert "Europe/Brussels" in zone_values[:40]
    assert not {"Asia/Chongqing", "Asia/Harbin", "Asia/Calcutta", "Pacific/Truk"} & set(zone_values)
    assert not any("/" in name for name in zone_names)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
