"""Trainees read modules: catalogue, module page, lessons, reading modes, glossary, print, My page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core.access import Role
from app.learning.models import (
    Lesson,
    LessonProgress,
    Module,
    ModuleStatus,
    ModuleVisit,
    ReadingPreference,
)
from tests.conftest import count_queries
from tests.i18n_check import chinese_in, english_ui_strings_in, visible_text
from tests.learning.factories import REAL_MATERIALS, import_folder, make_author, write_module

BASE = "/learn/modules/test-module"
LESSON_1 = f"{BASE}/lessons/01-basics"
LESSON_2 = f"{BASE}/lessons/02-inspection"


@pytest.fixture
def small_module(db, tmp_path):
    """The small two-lesson test module, imported and published."""
    write_module(tmp_path)
    import_folder(db, tmp_path)
    return db.session.scalar(sa.select(Module).where(Module.slug == "test-module"))


def _progress_value(html: str, element_id: str = "module-progress") -> int:
    match = re.search(rf'<progress id="{element_id}" max="100" value="(\d+)"', html)
    assert match, "no progress bar"
    return int(match[1])


def test_catalogue_lists_published_modules_with_filters(client_as, db, tmp_path):
    import_folder(db, REAL_MATERIALS)
    write_module(tmp_path)
    (tmp_path / "test-module/lessons/02-inspection.zh.md").unlink()
    import_folder(db, tmp_path)
    client = client_as(Role.TRAINEE)

    page = client.get("/learn/").text
    assert "Checking agency licences" in page
    assert "Private employment agencies and the international framework" in page
    assert "Complete in English only" in page

    by_audience = client.get("/learn/?audience=agency-staff").text
    assert "Checking agency licences" not in by_audience
    complete_in_chinese = client.get("/learn/?language=zh").text
    assert "Checking agency licences" not in complete_in_chinese
    assert "Private employment agencies" in complete_in_chinese
    assert "Checking agency licences" in client.get("/learn/?language=en").text


def test_drafts_are_hidden_from_trainees_but_shown_to_trainers(client_as, small_module, db):
    small_module.status = ModuleStatus.DRAFT.value
    db.session.commit()
    trainee = client_as(Role.TRAINEE)
    assert "Checking agency licences" not in trainee.get("/learn/").text
    response = trainee.get(BASE)
    assert response.status_code == 404
    assert "This module is not available." in response.text
    assert trainee.get(LESSON_1).status_code == 404
    trainer = client_as(Role.TRAINER)
    assert trainer.get(BASE).status_code == 200


def test_module_page_shows_objectives_contents_and_progress(client_as, small_module):
    client = client_as(Role.TRAINEE)
    page = client.get(BASE).text
    assert "Spot red flags." in page and "Learning objectives" in page
    assert "The basics" in page and "Inspection" in page
    assert _progress_value(page) == 0
    assert "Start the module" in page


def test_mark_done_moves_progress_and_goes_to_the_next_lesson(client_as, small_module, db):
    client = client_as(Role.TRAINEE)
    response = client.post(f"{LESSON_1}/done", data={"done": "1"})
    assert response.status_code == 302 and response.location.endswith(LESSON_2)
    client.post(f"{LESSON_1}/done", data={"done": "1"})  # a double click records it once
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonProgress)) == 1
    assert _progress_value(client.get(BASE).text) == 50
    lesson_page = client.get(LESSON_1).text
    assert "You marked this lesson as done." in lesson_page
    client.post(f"{LESSON_1}/done", data={"done": "0"})
    assert _progress_value(client.get(BASE).text) == 0


def test_resume_where_i_left_off(client_as, small_module, db):
    client = client_as(Role.TRAINEE)
    client.get(LESSON_1)
    client.get(LESSON_2)
    page = client.get(BASE).text
    assert "Resume where I left off" in page
    assert f'href="{LESSON_2}"' in page.split("Resume where I left off")[0].rsplit("<a", 1)[1]
    visits = db.session.scalars(sa.select(ModuleVisit)).all()
    assert len(visits) == 1


def test_lesson_page_has_prev_next_callouts_and_glossary_links(client_as, small_module):
    client = client_as(Role.TRAINEE)
    page = client.get(LESSON_1).text
    assert 'rel="next"' in page and 'rel="prev"' not in page
    assert 'class="callout callout-legal"' in page and "Legal reference" in page
    # the entry is opened with the lesson it came from, to lead back to it
    assert (
        '<a class="glossary-link" href="/learn/glossary/t-licence?module=test-module&amp;lesson=01-basics"'
        in page
    )
    assert "<td>none</td>" in page
    # a wide table scrolls in its own box, reachable with the keyboard
    assert '<div class="table-scroll" tabindex="0"><table>' in page
    second = client.get(LESSON_2).text
    assert 'rel="prev"' in second and 'rel="next"' not in second


def test_reading_modes_are_remembered_per_user(client_as, small_module, db):
    client = client_as(Role.TRAINEE)
    page = client.get(LESSON_1).text
    assert 'lang="en"' in page and "基础知识" not in page.split('id="lesson-title"')[1]

    response = client.post("/learn/reading-mode", data={"mode": "both", "next": LESSON_1})
    assert response.status_code == 303 and response.location.endswith(LESSON_1)
    both = client.get(LESSON_2).text
    section = both.split('<section class="lesson-section" id="what">')[1].split("</section>")[0]
    assert '<div class="lesson-column" lang="en">' in section
    assert '<div class="lesson-column" lang="zh-Hans">' in section
    assert "What it is" in section and "是什么" in section
    # each column's call-out label is in that column's language
    assert "Legal reference" in section and "风险信号" in section
    assert db.session.get(ReadingPreference, client.user.id).mode == "both"

    client.post("/learn/reading-mode", data={"mode": "other", "next": LESSON_1})
    other = client.get(LESSON_1).text
    assert "是什么" in other and "What it is" not in other
    assert client.post("/learn/reading-mode", data={"mode": "upside-down"}).status_code == 400


def test_a_lesson_missing_a_language_shows_the_other_with_a_marker(client_as, db, tmp_path):
    write_module(tmp_path)
    (tmp_path / "test-module/lessons/02-inspection.zh.md").unlink()
    import_folder(db, tmp_path)
    client = client_as(Role.TRAINEE, preferred_language="zh")
    page = client.get(LESSON_2).text
    assert "本课时尚无中文版本，现以英文显示。" in page
    assert "What it is" in page
    module_page = client.get(BASE).text
    assert "仅英文版本完整" in module_page and "尚无您所用语言的版本" in module_page


def test_glossary_entry_is_bilingual(client_as, small_module):
    page = client_as(Role.TRAINEE).get("/learn/glossary/t-licence").text
    assert "licence" in page and "许可证" in page
    assert "Permission to operate." in page and "经营许可。" in page
    assert client_as(Role.TRAINEE).get("/learn/glossary/nothing").status_code == 404


def test_print_view_has_every_lesson_and_the_glossary(client_as, small_module):
    client = client_as(Role.TRAINEE)
    page = client.get(f"{BASE}/print").text
    assert "css/print.css" in page and 'media="print"' in page
    assert "The basics" in page and "Inspection" in page
    assert "Permission to operate." in page and "经营许可。" not in page
    both = client.get(f"{BASE}/print?languages=both").text
    assert "是什么" in both and "What it is" in both and "经营许可。" in both


def test_my_page_lists_modules_in_progress_and_completed_with_dates(client_as, small_module, db):
    client = client_as(Role.TRAINEE)
    assert "You have not opened a training module yet." in client.get("/my").text
    client.get(LESSON_1)
    client.post(f"{LESSON_1}/done", data={"done": "1"})
    page = client.get("/my").text
    in_progress = page.split("In progress")[1]
    assert "Checking agency licences" in in_progress and "50% done" in in_progress
    assert re.search(r"started \d{1,2} \w+ \d{4}", in_progress)
    client.post(f"{LESSON_2}/done", data={"done": "1"})
    page = client.get("/my").text
    assert "In progress" not in page
    assert re.search(
        r"Completed.*Checking agency licences.*completed \d{1,2} \w+ \d{4}", page, re.S
    )


@pytest.mark.parametrize("path", ["/learn/", BASE, LESSON_1, "/learn/glossary/t-licence", "/my"])
def test_chinese_pages_show_no_english_ui_text(client_as, small_module, path):
    client = client_as(Role.TRAINEE, preferred_language="zh")
    page = client.get(path).text
    # the glossary entry shows both languages on purpose: check only the UI strings there
    assert english_ui_strings_in(visible_text(page), allowed={"licence"}) == []


@pytest.mark.parametrize("path", ["/learn/", BASE, LESSON_1])
def test_english_pages_show_no_chinese(client_as, small_module, path):
    client = client_as(Role.TRAINEE, family_name_zh="", given_name_zh="")
    page = client.get(path).text
    assert chinese_in(visible_text(page)) == []


def test_catalogue_and_my_page_queries_do_not_grow_with_modules(client_as, db, tmp_path):
    write_module(tmp_path)
    import_folder(db, tmp_path)
    client = client_as(Role.TRAINEE)
    client.get(LESSON_1)
    with count_queries() as few:
        client.get("/learn/")
        client.get("/my")
    import_folder(db, REAL_MATERIALS)
    for slug in ("fair-recruitment", "c181-private-employment-agencies"):
        module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
        client.get(f"/learn/modules/{slug}/lessons/{module.lessons[0].slug}")
    with count_queries() as many:
        client.get("/learn/")
        client.get("/my")
    assert len(many) == len(few)


def test_catalogue_card_shows_the_readers_progress(client_as, small_module):
    client = client_as(Role.TRAINEE)
    assert "lessons done" not in client.get("/learn/").text
    client.post(f"{LESSON_1}/done", data={"done": "1"})
    page = client.get("/learn/").text
    assert "1 of 2 lessons done" in page and "Complete in Chinese and English" in page


@pytest.mark.parametrize(
    "path",
    [
        f"{BASE}/print",
        f"{BASE}/materials",
        f"{BASE}/edit",
        f"{BASE}/author/lessons/new",
        f"{BASE}/author/lessons/01-basics",
        "/learn/author/new",
    ],
)
def test_staff_and_print_pages_in_chinese_show_no_english_ui_text(client_as, small_module, path):
    client = make_author(small_module, client_as(Role.TRAINER, preferred_language="zh"))
    response = client.get(path)
    assert response.status_code == 200
    # the lesson editor shows the English text being edited: only UI strings are checked
    allowed = {"licence", "Inspection", "The basics", "Title"}
    assert english_ui_strings_in(visible_text(response.text), allowed=allowed) == []


@pytest.mark.parametrize(
    "path", [f"{BASE}/print", f"{BASE}/materials", "/learn/author/new", f"{BASE}/edit"]
)
def test_staff_and_print_pages_in_english_show_no_chinese(client_as, small_module, path):
    client = make_author(small_module, client_as(Role.TRAINER, family_name_zh="", given_name_zh=""))
    text = visible_text(client.get(path).text)
    # the edit page shows the Chinese title the author wrote, as content
    assert (
        chinese_in(
            text,
            allowed={
                "核查机构许可证",
                "说明许可证。\n核查登记簿。\n识别风险信号。",
                "如何核查许可证。",
            },
        )
        == []
    )


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 20


def test_lesson_images_come_from_the_module_assets(client_as, db, tmp_path, app):
    folder = write_module(tmp_path)
    (folder / "assets").mkdir()
    (folder / "assets" / "licence.png").write_bytes(PNG)
    lesson = folder / "lessons" / "01-basics.en.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace(
            "- C181", "- C181\n\n![A licence on the wall](assets/licence.png)"
        ),
        encoding="utf-8",
    )
    import_folder(db, tmp_path)
    app.config["MATERIALS_DIR"] = str(tmp_path)
    client = client_as(Role.TRAINEE)
    page = client.get(LESSON_1).text
    assert f'<img src="{BASE}/assets/licence.png" alt="A licence on the wall">' in page
    response = client.get(f"{BASE}/assets/licence.png")
    assert response.status_code == 200 and response.data == PNG
    response.close()
    assert client.get(f"{BASE}/assets/module.toml").status_code == 404
    assert client.get(f"{BASE}/assets/..%2Fmodule.toml").status_code == 404


def test_reopening_a_lesson_writes_nothing_until_a_minute_has_passed(client_as, small_module, db):
    """A reload within the minute reads the visit and leaves it; another lesson, or the same one
    later, is written."""
    client = client_as(Role.TRAINEE)
    client.get(LESSON_1)
    with count_queries() as statements:
        assert client.get(LESSON_1).status_code == 200
    assert not [s for s in statements if s.lstrip().upper().startswith(("UPDATE", "INSERT"))]
    visit = db.session.scalar(sa.select(ModuleVisit))
    earlier = visit.visited_at - timedelta(minutes=2)
    visit.visited_at = earlier
    db.session.commit()
    client.get(LESSON_1)
    db.session.expire_all()
    assert db.session.scalar(sa.select(ModuleVisit)).visited_at > earlier
    client.get(LESSON_2)
    db.session.expire_all()
    visit = db.session.scalar(sa.select(ModuleVisit))
    assert visit.lesson_id == db.session.scalar(
        sa.select(Lesson.id).where(Lesson.slug == LESSON_2.rsplit("/", 1)[1])
    )
