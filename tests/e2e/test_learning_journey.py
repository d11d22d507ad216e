"""Real-browser journeys of the learning feature: reading side by side, materials, authoring."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.core.access import Role
from app.learning.models import LessonProgress, Module, module_authors
from tests.conftest import PASSWORD, make_user
from tests.learning.factories import REAL_MATERIALS, import_folder

PDF = b"%PDF-1.4\n% handout for the Fujian workshop\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MODULE = "/learn/modules/fair-recruitment"

TEXT = {
    "en": {
        "email": "E-mail address",
        "password": "Password",
        "sign_in": "Sign in",
        "modules": "Training modules",
        "start": "Start the module",
        "both": "Both side by side",
        "done": "Mark as done",
        "resume": "Resume where I left off",
    },
    "zh": {
        "email": "电子邮箱",
        "password": "密码",
        "sign_in": "登录",
        "modules": "课程模块",
        "start": "开始学习本模块",
        "both": "中英对照",
        "done": "标记为已完成",
        "resume": "从上次离开处继续",
    },
}


def _sign_in(page, live, email: str, language: str) -> None:
    words = TEXT[language]
    page.goto(live.url + "/account/login")
    page.get_by_label(words["email"]).fill(email)
    page.get_by_label(words["password"], exact=True).fill(PASSWORD)
    page.get_by_role("button", name=words["sign_in"]).click()
    page.wait_for_url(re.compile(r"/my$"))


def _progress(page) -> int:
    return int(page.locator("#module-progress").get_attribute("value"))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_trainee_reads_side_by_side_and_the_progress_bar_moves(live, page_for, db, language):
    import_folder(db, REAL_MATERIALS)
    trainee = make_user(
        email=f"reader-{language}@example.org", roles=(Role.TRAINEE,), preferred_language=language
    )
    words = TEXT[language]
    page = page_for(language)
    _sign_in(page, live, trainee.email, language)

    page.get_by_role("navigation").get_by_role("link", name=words["modules"]).click()
    page.locator(f'a[href="{MODULE}"]').click()
    assert _progress(page) == 0
    page.get_by_role("link", name=words["start"]).click()
    page.wait_for_url(re.compile(r"/lessons/01-fair-recruitment-framework$"))

    page.get_by_role("button", name=words["both"]).click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name=words["both"]).get_attribute("aria-pressed") == "true"
    section = page.locator("section.lesson-section#origin")
    english = section.locator('.lesson-column[lang="en"]')
    chinese = section.locator('.lesson-column[lang="zh-Hans"]')
    assert english.is_visible() and chinese.is_visible()
    assert english.locator("h2").inner_text().strip() != chinese.locator("h2").inner_text().strip()
    left, right = english.bounding_box(), chinese.bounding_box()
    mine_first = left if language == "en" else right
    other = right if language == "en" else left
    assert abs(left["y"] - right["y"]) < 2  # aligned: the section starts on the same line
    assert mine_first["x"] < other["x"]  # the reader's own language on the left

    page.get_by_role("button", name=words["done"]).click()
    page.wait_for_url(re.compile(r"/lessons/02-general-principles$"))
    assert _progress(page) == 20
    # the reading mode is remembered on the next lesson
    assert page.locator('.lesson-column[lang="zh-Hans"]').first.is_visible()
    assert page.locator('.lesson-column[lang="en"]').first.is_visible()

    page.goto(live.url + MODULE)
    assert _progress(page) == 20
    assert page.get_by_role("link", name=words["resume"]).is_visible()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonProgress)) == 1


def test_trainer_uploads_a_pdf_with_a_chinese_name_and_a_trainee_downloads_it(
    live, page_for, db, tmp_path
):
    import_folder(db, REAL_MATERIALS)
    trainer = make_user(email="trainer-e2e@example.org", roles=(Role.TRAINER,))
    trainee = make_user(
        email="trainee-e2e@example.org", roles=(Role.TRAINEE,), preferred_language="zh"
    )
    # Only a module's authors (and coordinators) manage its files: a coordinator made this
    # trainer one.
    module = db.session.scalar(sa.select(Module).where(Module.slug == MODULE.rsplit("/", 1)[-1]))
    db.session.execute(module_authors.insert().values(module_id=module.id, user_id=trainer.id))
    db.session.commit()

    page = page_for("en")
    _sign_in(page, live, trainer.email, "en")
    page.goto(live.url + MODULE)
    page.get_by_role("link", name="Manage the files of this module").click()
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "公平招聘讲义.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_label("Title in Chinese (optional)").fill("公平招聘讲义")
    page.get_by_role("button", name="Upload").click()
    assert page.get_by_text("公平招聘讲义.pdf was uploaded.").is_visible()

    reader = page_for("zh")
    _sign_in(reader, live, trainee.email, "zh")
    reader.goto(live.url + MODULE)
    with reader.expect_download() as download_info:
        reader.get_by_role("link", name="公平招聘讲义").click()
    download = download_info.value
    assert download.suggested_filename == "公平招聘讲义.pdf"
    target = tmp_path / "downloaded.pdf"
    download.save_as(target)
    assert Path(target).read_bytes() == PDF


def test_trainer_writes_a_module_in_chinese_and_a_trainee_reads_it(live, page_for, db):
    trainer = make_user(
        email="author-e2e@example.org", roles=(Role.TRAINER,), preferred_language="zh"
    )
    trainee = make_user(email="reader-e2e@example.org", preferred_language="en")
    page = page_for("zh")
    _sign_in(page, live, trainer.email, "zh")
    page.goto(live.url + "/learn/")
    page.get_by_role("link", name="新建课程模块").click()
    page.get_by_label("网址简称").fill("agency-visits")
    page.get_by_label("英文标题").fill("Visiting an agency")
    page.get_by_label("中文标题").fill("走访职业中介机构")
    page.get_by_label("劳动保障监察员").check()
    page.get_by_role("button", name="创建课程模块").click()
    assert page.get_by_text("课程模块已创建为草稿").is_visible()

    page.get_by_role("link", name="添加课时").click()
    page.get_by_label("英文标题").fill("Before the visit")
    page.get_by_label("中文标题").fill("走访之前")
    page.get_by_label("英文正文（Markdown）").fill(
        "## Prepare {#prepare}\n\nRead the licence file.\n\n:::note\nBring the register.\n:::\n"
    )
    page.get_by_label("中文正文（Markdown）").fill("## 准备 {#prepare}\n\n查阅许可档案。\n")
    page.get_by_role("button", name="预览").click()
    preview = page.locator("section.preview")
    assert preview.get_by_text("Read the licence file.").is_visible()
    assert preview.get_by_text("查阅许可档案。").is_visible()
    page.get_by_role("button", name="保存课时").click()
    assert page.get_by_text("课时已保存。").is_visible()
    page.get_by_role("button", name="发布", exact=True).click()
    assert page.get_by_text("课程模块当前状态：已发布。").is_visible()

    reader = page_for("en")
    _sign_in(reader, live, trainee.email, "en")
    reader.goto(live.url + "/learn/")
    reader.get_by_role("link", name="Visiting an agency").click()
    reader.get_by_role("link", name="Start the module").click()
    assert reader.get_by_text("Read the licence file.").is_visible()
    assert reader.get_by_text("Bring the register.").is_visible()
