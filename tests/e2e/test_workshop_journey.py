"""The workshop journey in a real browser: a coordinator creates and publishes a workshop, a
trainee registers in Chinese, a trainer marks attendance, the trainee sees the rate."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.core.access import Role
from tests.conftest import make_user
from tests.e2e.conftest import sign_in_browser
from tests.i18n_check import english_ui_strings_in, visible_text


def test_create_register_mark_attendance_and_see_the_rate(live, page_for):
    make_user(email="coord@example.org", roles=(Role.COORDINATOR,))
    make_user(
        email="trainer@example.org",
        roles=(Role.TRAINER,),
        family_name_zh="",
        given_name_zh="",
        family_name_latin="Rossi",
        given_name_latin="Maria",
        country="IT",
        province="",
        timezone="Europe/Rome",
    )
    make_user(
        email="trainee@example.org",
        family_name_zh="林",
        given_name_zh="晓燕",
        family_name_latin="Lin",
        given_name_latin="Xiaoyan",
        preferred_language="zh",
    )
    # The workshop is running (started yesterday) and takes late registrations until tomorrow,
    # so that its first session has been held when attendance is taken.
    beijing = datetime.now(ZoneInfo("Asia/Shanghai")).replace(second=0, microsecond=0)
    start = (beijing - timedelta(days=1)).replace(hour=9, minute=0)
    end = (beijing + timedelta(days=1)).replace(hour=17, minute=0)
    closes = (beijing + timedelta(days=1)).replace(hour=8, minute=0)

    def local(moment):
        return moment.strftime("%Y-%m-%dT%H:%M")

    # The coordinator creates, schedules and publishes it.
    page = page_for("en")
    sign_in_browser(page, live, "coord@example.org")
    page.get_by_role("link", name="Workshops").first.click()
    page.get_by_role("link", name="New workshop").click()
    page.get_by_label("Title in English").fill("Inspecting recruitment agencies")
    page.get_by_label("Title in Chinese").fill("职业中介机构检查")
    page.get_by_label("Kind of workshop").select_option("capacity_building")
    page.get_by_label("Country").select_option("CN")
    page.get_by_label("Province (if in China)").select_option("35")
    page.get_by_label("City", exact=True).fill("Fuzhou")
    page.get_by_label("Time zone of the workshop").select_option("Asia/Shanghai")
    page.get_by_label("Starts").fill(local(start))
    page.get_by_label("Ends").fill(local(end))
    page.get_by_label("Registration closes").fill(local(closes))
    page.get_by_label("Number of seats").fill("20")
    page.get_by_label("Maria Rossi").check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("saved as a draft").is_visible()
    page.get_by_label("Title in English").fill("Opening and licensing rules")
    page.get_by_label("Title in Chinese").fill("开幕与许可规则")
    page.get_by_label("Starts").fill(local(start))
    page.get_by_label("Ends").fill(local(start + timedelta(hours=2)))
    page.get_by_role("button", name="Add the session").click()
    assert page.get_by_text("The session has been added.").is_visible()
    page.get_by_role("link", name="Workshop page").click()
    page.get_by_role("button", name="Publish").click()
    assert page.get_by_text("The workshop is published.").is_visible()
    workshop_url = page.url

    # The trainee registers in Chinese.
    page = page_for("zh")
    sign_in_browser(page, live, "trainee@example.org", "zh")
    page.get_by_role("link", name="培训班").first.click()
    page.get_by_role("link", name="职业中介机构检查").click()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    page.get_by_label("饮食需求").fill("清真")
    page.get_by_label("我需要中英口译").check()
    page.get_by_role("button", name="报名", exact=True).click()
    assert page.get_by_text("您已报名，座位已确认。").is_visible()
    allowed = {"Fuzhou", "Lin Xiaoyan", "Maria Rossi", "山东省人力资源和社会保障厅"}
    assert english_ui_strings_in(visible_text(page.content()), allowed=allowed) == []
    trainee_page = page

    # The trainer marks attendance on the roster.
    page = page_for("en")
    sign_in_browser(page, live, "trainer@example.org")
    assert page.get_by_role("heading", name="Workshops I teach").is_visible()
    page.goto(workshop_url)
    page.get_by_role("link", name="Take attendance").first.click()
    page.get_by_role("group", name=re.compile("林晓燕")).get_by_label("Present").check()
    page.get_by_role("button", name="Save attendance").click()
    assert page.get_by_text("Attendance saved for 1 person.").is_visible()

    # The trainee sees the rate.
    trainee_page.reload()
    assert trainee_page.get_by_text("您的出勤：1 个场次中出勤 1 个（100%）。").is_visible()
