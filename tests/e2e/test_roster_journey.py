"""A coordinator imports a nomination list in Chinese, mapping its columns by hand, in a browser."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.auth.models import User
from app.core.access import Role
from app.extensions import db
from app.workshops.models import Registration
from tests.conftest import PASSWORD, make_user
from tests.i18n_check import english_ui_strings_in, visible_text
from tests.roster.files import xlsx_bytes
from tests.workshops.factories import make_workshop

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_coordinator_maps_columns_in_chinese_and_imports_a_list(live, page_for):
    make_user(email="coord@example.org", roles=(Role.COORDINATOR,), preferred_language="zh")
    make_user(email="lin@fj.gov.cn", family_name_zh="林", given_name_zh="晓燕")
    workshop = make_workshop(capacity=1)
    # Headings no rule recognises: the coordinator says what each column holds.
    data = xlsx_bytes(
        [
            ["陈静", "chen.jing@fj.gov.cn", "福建省人社厅", "福建"],
            ["林晓燕", "LIN@fj.gov.cn", "福州市人社局", "福建省"],
        ],
        header=["参训人", "联系邮箱", "所属机构", "地区名称"],
        title_row="福建省推荐参训人员名单",
    )
    page = page_for("zh")
    page.goto(live.url + "/account/login")
    page.get_by_label("电子邮箱").fill("coord@example.org")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/my$"))

    page.goto(f"{live.url}/workshops/{workshop.id}/participants")
    page.get_by_role("link", name="导入推荐名单").click()
    page.get_by_label("推荐名单（CSV 或 Excel .xlsx）").set_input_files(
        files=[{"name": "福建名单.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    page.get_by_role("button", name="上传并核对各列").click()
    page.wait_for_url(re.compile(r"/roster/\d+/columns$"))
    assert page.get_by_role("heading", name="每列的内容").is_visible()
    page.get_by_label("A · 参训人").select_option(label="中文姓名（汉字）")
    page.get_by_label("B · 联系邮箱").select_option(label="电子邮箱")
    page.get_by_label("C · 所属机构").select_option(label="单位")
    page.get_by_label("D · 地区名称").select_option(label="省份")
    assert english_ui_strings_in(visible_text(page.content())) == []

    # A language switch in the middle keeps the mapping.
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", name="What each column holds").is_visible()
    assert page.get_by_label("B · 联系邮箱").input_value() == "email"
    page.get_by_role("button", name="简体中文").click()
    assert page.get_by_label("A · 参训人").input_value() == "name_zh"

    page.get_by_role("button", name="预览导入").click()
    page.wait_for_url(re.compile(r"/roster/\d+/preview$"))
    rows = page.locator("#preview-rows tbody tr")
    assert rows.count() == 2
    assert "新学员账号" in rows.nth(0).inner_text() and "已确认" in rows.nth(0).inner_text()
    assert "已有账号" in rows.nth(1).inner_text() and "在候补名单上" in rows.nth(1).inner_text()
    assert english_ui_strings_in(visible_text(page.content())) == []
    page.get_by_role("button", name="导入培训班").click()
    page.wait_for_url(re.compile(r"/jobs/\d+$"))  # the import's job page, with its result
    assert page.get_by_text("导入已开始。").is_visible()
    assert page.get_by_role("row", name="已邀请新账号 1").first.is_visible()
    assert "chen.jing@fj.gov.cn" in page.content()  # row by row
    assert english_ui_strings_in(visible_text(page.content())) == []
    page.get_by_role("link", name="返回发起此任务的页面").click()
    page.wait_for_url(re.compile(rf"/workshops/{workshop.id}/participants$"))
    assert "陈静" in page.content()

    db.session.expire_all()
    placed = dict(
        db.session.execute(
            sa.select(User.email, Registration.status)
            .join(Registration, Registration.user_id == User.id)
            .where(Registration.workshop_id == workshop.id)
        ).all()
    )
    assert placed == {"chen.jing@fj.gov.cn": "confirmed", "lin@fj.gov.cn": "waiting"}
    chen = db.session.scalar(sa.select(User).where(User.email == "chen.jing@fj.gov.cn"))
    assert (chen.family_name_zh, chen.given_name_zh, chen.province) == ("陈", "静", "35")
