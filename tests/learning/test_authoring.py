"""Trainers author modules in the browser: side by side, preview, reorder, publish, versions."""

from __future__ import annotations

import sqlalchemy as sa

from app.core.access import Role
from app.learning.models import Lesson, LessonProgress, Module, ModuleOwner, ModuleRevision
from tests.i18n_check import english_ui_strings_in, visible_text
from tests.learning.factories import import_folder, write_module

MODULE_FORM = {
    "slug": "inspection-basics",
    "title_en": "Inspection basics",
    "title_zh": "监察基础",
    "summary_en": "What an inspector checks first.",
    "summary_zh": "监察员首先检查什么。",
    "objectives_en": "Check the licence\nCheck the fees",
    "objectives_zh": "核查许可证\n核查收费",
    "estimated_minutes": "45",
    "version": "1.0",
    "audiences": ["labour-inspectors", "licensing-officers"],
}
EN_BODY = "## The licence {#licence}\n\nAsk for the licence.\n\n:::redflag\nNo licence on the wall.\n:::\n"
ZH_BODY = "## 许可证 {#licence}\n\n要求出示许可证。\n"


def _create(client) -> str:
    response = client.post("/learn/author/new", data=MODULE_FORM)
    assert response.status_code == 302, response.text
    return response.location


def _add_lesson(client, title_en: str, title_zh: str = "", **extra):
    data = {"title_en": title_en, "title_zh": title_zh, "body_en": EN_BODY, "body_zh": ZH_BODY}
    data.update(extra)
    return client.post("/learn/modules/inspection-basics/author/lessons/new", data=data)


def test_trainer_creates_a_draft_module_with_both_languages(client_as, db):
    trainer = client_as(Role.TRAINER)
    location = _create(trainer)
    assert location.endswith("/learn/modules/inspection-basics/edit")
    module = db.session.scalar(sa.select(Module))
    assert module.owner == ModuleOwner.BROWSER and module.status == "draft"
    assert module.objectives == [
        {"id": "objective-1", "en": "Check the licence", "zh": "核查许可证"},
        {"id": "objective-2", "en": "Check the fees", "zh": "核查收费"},
    ]
    assert module.audiences == ["labour-inspectors", "licensing-officers"]
    page = trainer.get(location).text
    assert "The module was created as a draft." in page
    assert 'value="监察基础"' in page and "核查收费" in page
    assert client_as(Role.TRAINEE).get("/learn/modules/inspection-basics").status_code == 404


def test_module_form_errors_are_clear_and_keep_the_input(client_as, db):
    trainer = client_as(Role.TRAINER, preferred_language="zh")
    _create(trainer)
    response = trainer.post(
        "/learn/author/new",
        data={**MODULE_FORM, "objectives_zh": "只有一个目标"},
    )
    assert response.status_code == 400
    assert "监察基础" in response.text
    assert "请用两种语言写出相同数量的学习目标，每行一条（英文：2，中文：1）" in response.text
    taken = trainer.post("/learn/author/new", data=MODULE_FORM)
    assert taken.status_code == 400 and "已有其他课程模块使用这个简称" in taken.text
    bad_slug = trainer.post("/learn/author/new", data={**MODULE_FORM, "slug": "Bad Slug!"})
    assert bad_slug.status_code == 400
    assert english_ui_strings_in(visible_text(bad_slug.text), allowed={"Bad Slug!"}) == []


def test_preview_shows_both_languages_without_saving(client_as, db):
    trainer = client_as(Role.TRAINER)
    _create(trainer)
    response = _add_lesson(trainer, "Licences", "许可证", preview="1")
    assert response.status_code == 200
    assert "Preview (not saved yet)" in response.text
    assert (
        'class="callout callout-redflag"' in response.text and "要求出示许可证。" in response.text
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Lesson)) == 0


def test_mismatched_sections_and_bad_markup_are_refused_with_line_numbers(client_as, db):
    trainer = client_as(Role.TRAINER)
    _create(trainer)
    response = _add_lesson(
        trainer,
        "Licences",
        body_zh="## 许可证 {#permit}\n\n<script>alert(1)</script>\n\n见[[no-such-term]]。\n\n"
        "| 项目 | 依据 |\n|---|---|\n| 许可证 | 第3条 | 多余 |\n",
    )
    assert response.status_code == 400
    assert "Line 3: HTML is not allowed in lessons; use Markdown." in response.text
    assert "Line 5: the glossary link [[no-such-term]] names no known term." in response.text
    assert "must have the same section anchors" in response.text
    assert "Line 9: this table row does not have as many cells as its header" in response.text
    assert "<script>alert(1)</script>" not in response.text.split("Preview")[-1]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Lesson)) == 0


def test_lessons_are_added_reordered_and_the_module_published(client_as, db):
    trainer = client_as(Role.TRAINER)
    _create(trainer)
    assert (
        "Add at least one lesson"
        in trainer.post(
            "/learn/modules/inspection-basics/status",
            data={"status": "published"},
            follow_redirects=True,
        ).text
    )
    assert _add_lesson(trainer, "First lesson", "第一课").status_code == 302
    assert _add_lesson(trainer, "Second lesson", "第二课").status_code == 302
    slugs = db.session.scalars(sa.select(Lesson.slug).order_by(Lesson.position)).all()
    assert slugs == ["first-lesson", "second-lesson"]

    trainer.post(
        "/learn/modules/inspection-basics/author/lessons/second-lesson/move",
        data={"direction": "up"},
    )
    db.session.expire_all()
    assert db.session.scalars(sa.select(Lesson.slug).order_by(Lesson.position)).all() == [
        "second-lesson",
        "first-lesson",
    ]
    trainer.post("/learn/modules/inspection-basics/status", data={"status": "published"})
    trainee = client_as(Role.TRAINEE)
    page = trainee.get("/learn/modules/inspection-basics").text
    assert page.index("Second lesson") < page.index("First lesson")
    lesson = trainee.get("/learn/modules/inspection-basics/lessons/second-lesson").text
    assert "Ask for the licence." in lesson and "No licence on the wall." in lesson

    trainer.post("/learn/modules/inspection-basics/status", data={"status": "draft"})
    assert trainee.get("/learn/modules/inspection-basics").status_code == 404

    trainer.post("/learn/modules/inspection-basics/status", data={"status": "archived"})
    assert "Inspection basics" not in trainee.get("/learn/").text
    catalogue = trainer.get("/learn/").text  # staff still find it, to bring it back
    assert "Inspection basics" in catalogue and "Archived" in catalogue


def test_earlier_versions_are_kept_and_restorable_without_losing_progress(client_as, db):
    trainer = client_as(Role.TRAINER)
    _create(trainer)
    _add_lesson(trainer, "First lesson", "第一课")
    trainer.post("/learn/modules/inspection-basics/status", data={"status": "published"})
    trainee = client_as(Role.TRAINEE)
    trainee.post("/learn/modules/inspection-basics/lessons/first-lesson/done", data={"done": "1"})

    edited = trainer.post(
        "/learn/modules/inspection-basics/author/lessons/first-lesson",
        data={
            "title_en": "First lesson, rewritten",
            "title_zh": "第一课（修订）",
            "body_en": EN_BODY.replace("Ask for", "Always ask for"),
            "body_zh": ZH_BODY,
        },
    )
    assert edited.status_code == 302
    numbers = db.session.scalars(sa.select(ModuleRevision.number)).all()
    assert sorted(numbers) == [1, 2, 3]
    page = trainer.get("/learn/modules/inspection-basics/edit").text
    assert "Restore version 2" in page and "Restore version 1" in page

    trainer.post("/learn/modules/inspection-basics/revisions/2/restore")
    db.session.expire_all()
    lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "first-lesson"))
    assert lesson.title_en == "First lesson" and "Always" not in lesson.body_en
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ModuleRevision)) == 4
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonProgress)) == 1
    assert trainer.post("/learn/modules/inspection-basics/revisions/99/restore").status_code == 404


def test_editing_a_file_module_in_the_browser_protects_it_from_the_import(client_as, db, tmp_path):
    write_module(tmp_path)
    import_folder(db, tmp_path)
    trainer = client_as(Role.COORDINATOR)
    page = trainer.get("/learn/modules/test-module/edit").text
    assert "This module is kept as reviewed files." in page
    form = {**MODULE_FORM, "title_en": "Retitled in the browser"}
    form.pop("slug")
    assert trainer.post("/learn/modules/test-module/edit", data=form).status_code == 302
    module = db.session.scalar(sa.select(Module).where(Module.slug == "test-module"))
    assert module.owner == ModuleOwner.BROWSER and module.title_en == "Retitled in the browser"


def test_trainees_cannot_author(client_as, db):
    trainee = client_as(Role.TRAINEE)
    assert trainee.get("/learn/author/new").status_code == 403
    assert trainee.post("/learn/author/new", data=MODULE_FORM).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Module)) == 0


def test_an_invalid_choice_is_refused_in_the_users_language(client_as, db):
    trainer = client_as(Role.TRAINER, preferred_language="zh")
    response = trainer.post(
        "/learn/author/new", data={**MODULE_FORM, "audiences": ["zz", "labour-inspectors"]}
    )
    assert response.status_code == 400
    assert "“zz”不是此项的有效选项。" in response.text
    assert "not a valid choice" not in response.text
    english = client_as(Role.TRAINER, preferred_language="en")
    response = english.post("/learn/author/new", data={**MODULE_FORM, "audiences": ["zz"]})
    assert "&#39;zz&#39; is not a valid choice for this field." in response.text
