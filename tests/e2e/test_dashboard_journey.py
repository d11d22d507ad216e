"""A coordinator reads the dashboard in Chinese, filters it to a province, switches to English and
downloads a table, in a real browser; the charts break no Content Security Policy rule."""

from __future__ import annotations

import re

from app.core.access import Role
from tests.conftest import PASSWORD, make_user
from tests.dashboard.programme import build_programme
from tests.i18n_check import english_ui_strings_in, visible_text


def test_coordinator_reads_and_filters_the_dashboard(live, page_for, db):
    build_programme()
    make_user(
        email="coord@example.org",
        roles=(Role.COORDINATOR,),
        preferred_language="zh",
        timezone="Asia/Shanghai",
    )
    page = page_for("zh")
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(live.url + "/account/login")
    page.get_by_label("电子邮箱").fill("coord@example.org")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/my$"))

    page.get_by_role("link", name="数据概览", exact=True).click()
    page.get_by_label("起始日期").fill("2026-01-01")
    page.get_by_label("截止日期").fill("2026-06-30")
    page.get_by_role("button", name="显示").click()
    assert page.get_by_role("heading", name="按省份统计的受训人数").is_visible()
    chart = page.get_by_role("img", name="按省份统计的受训人数")
    assert chart.is_visible()
    assert chart.bounding_box()["width"] > 200
    summary = page.locator("#summary")
    assert summary.get_by_role("row", name=re.compile("受训人数")).inner_text().split()[-1] == "6"
    assert (
        english_ui_strings_in(visible_text(page.content()), allowed={"CSV", "Excel (XLSX)"}) == []
    )

    page.get_by_label("国家", exact=True).select_option("CN")
    page.get_by_label("省份", exact=True).select_option("35")
    page.get_by_role("button", name="显示").click()
    assert page.get_by_text("地点：福建省。").is_visible()
    assert summary.get_by_role("row", name=re.compile("受训人数")).inner_text().split()[-1] == "3"

    page.get_by_role("button", name="English").click()
    assert page.get_by_text("Place: Fujian.").is_visible()
    assert page.get_by_label("From", exact=True).input_value() == "2026-01-01"
    with page.expect_download() as download:
        page.locator("#provinces").get_by_role("link", name="Excel (XLSX)").click()
    assert download.value.suggested_filename == "dashboard-provinces-2026-01-01-2026-06-30.xlsx"

    # The figures are rebuilt as a background job; back on the page they are read from the
    # snapshot, which says as of when, and give the same numbers.
    assert page.get_by_text("has not been built yet").is_visible()
    page.get_by_role("button", name="Update the figures now").click()
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    assert page.get_by_role("row", name="Completed workshops 4").is_visible()
    page.get_by_role("link", name="Back to where the work was started").click()
    assert page.get_by_text(re.compile("quiz figures as of")).is_visible()
    assert page.get_by_text("Place: Fujian.").is_visible()
    assert (
        summary.get_by_role("row", name=re.compile("Participants trained")).inner_text().split()[-1]
        == "3"
    )
    assert refused == []
