"""A coordinator records an exchange in Chinese, in a real browser."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.core.access import Role
from app.exchanges.models import DelegationMember, Exchange
from tests.conftest import PASSWORD, make_user
from tests.exchanges.factories import make_institution
from tests.i18n_check import english_ui_strings_in, visible_text


def test_coordinator_records_an_exchange_in_chinese(live, page_for, db):
    make_user(email="coord@example.org", roles=(Role.COORDINATOR,), preferred_language="zh")
    make_institution()
    make_institution(
        "Federal Public Service Employment",
        "比利时联邦就业部",
        "BE",
        "labour_inspection",
        "Brussels",
    )
    page = page_for("zh")
    page.goto(live.url + "/account/login")
    page.get_by_label("电子邮箱").fill("coord@example.org")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/my$"))

    page.get_by_role("link", name="人员交流", exact=True).click()
    page.get_by_role("link", name="登记人员交流").click()
    page.get_by_label("中文标题").fill("赴比利时劳动监察考察")
    page.get_by_label("方向").select_option("china_to_eu")
    page.get_by_label("派出单位").select_option(label="人力资源和社会保障部 (中国)")
    page.get_by_label("接待单位").select_option(label="比利时联邦就业部 (比利时)")
    page.get_by_label("目的（中文）").fill("学习职业中介机构监管经验。")
    page.get_by_label("开始日期").fill("2027-05-10")
    page.get_by_label("结束日期").fill("2027-05-14")
    page.get_by_role("button", name="保存").click()
    assert page.get_by_text("人员交流已登记。").is_visible()
    assert page.get_by_role("heading", name="赴比利时劳动监察考察").is_visible()

    page.get_by_role("link", name="添加成员").click()
    page.get_by_label("姓（汉字）").fill("陈")
    page.get_by_label("名（汉字）").fill("静")
    page.get_by_label("姓（拉丁字母").fill("Chen")
    page.get_by_label("名（拉丁字母").fill("Jing")
    page.get_by_label("团内职务").select_option("head")
    page.get_by_label("护照号码（选填）").fill("E12345678")
    page.get_by_role("button", name="保存").click()
    assert page.get_by_text("代表团信息已更新。").is_visible()
    assert "陈静 (Chen Jing)" in page.content()

    page.get_by_label("新状态").select_option("approved")
    page.get_by_role("button", name="变更状态").click()
    assert page.get_by_text("当前状态：已批准。").is_visible()
    assert english_ui_strings_in(visible_text(page.content())) == []

    exchange = db.session.scalar(sa.select(Exchange))
    assert exchange.title_zh == "赴比利时劳动监察考察" and exchange.status == "approved"
    assert db.session.scalar(sa.select(DelegationMember)).passport_number == "E12345678"
