"""What newcomers stumbled on (issue 18), in a real browser at a 390 px phone and at 1280 px, in
both languages: lessons never scroll sideways, the lesson comes before its contents on a phone,
quiz tick boxes keep their size, a completed module says so, a glossary entry leads back to its
lesson, the check-in screen updates itself without reloading, and the pages are valid HTML."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.core.access import Role
from app.core.db import utcnow
from app.extensions import db as _db
from app.learning import services as learning
from app.learning.models import Module
from app.quizzes import attempts as quizzes
from app.quizzes.models import Quiz
from app.workshops.models import Registration
from tests.conftest import make_user
from tests.e2e.conftest import sign_in_browser
from tests.html_check import html_problems, vnu_command, vnu_errors
from tests.learning.factories import REAL_MATERIALS, import_folder
from tests.quizzes.factories import (
    RIGHT,
    make_module_with_final_quiz,
    question_ids,
)
from tests.workshops.factories import make_workshop

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
MODE_BUTTON = {
    "en": {"mine": "My language", "both": "Both side by side"},
    "zh": {"mine": "我的语言", "both": "中英对照"},
}
SIDEWAYS = "document.scrollingElement.scrollWidth - window.innerWidth"


@pytest.fixture
def page_at(browser):
    """page_at(language, viewport): a fresh page of that size asking for that language."""
    contexts = []

    def make(language: str, viewport: dict, javascript: bool = True):
        context = browser.new_context(
            viewport=viewport,
            locale="zh-CN" if language == "zh" else "en-GB",
            extra_http_headers={"Accept-Language": "zh-CN" if language == "zh" else "en-GB"},
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _lesson_urls(live) -> list[str]:
    modules = _db.session.scalars(sa.select(Module).order_by(Module.slug)).all()
    return [
        f"{live.url}/learn/modules/{module.slug}/lessons/{lesson.slug}"
        for module in modules
        for lesson in module.lessons
    ]


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_no_lesson_scrolls_sideways_in_either_reading_mode(live, page_at, db, language, width):
    import_folder(db, REAL_MATERIALS)
    make_user(email=f"wide-{language}-{width}@example.org", preferred_language=language)
    urls = _lesson_urls(live)
    assert len(urls) >= 31
    page = page_at(language, WIDTHS[width])
    sign_in_browser(page, live, f"wide-{language}-{width}@example.org", language)
    for mode in ("mine", "both"):
        page.goto(urls[0])
        page.get_by_role("button", name=MODE_BUTTON[language][mode], exact=True).click()
        page.wait_for_load_state()
        too_wide = []
        for url in urls:
            page.goto(url)
            overflow = page.evaluate(SIDEWAYS)
            if overflow > 0:
                too_wide.append((url.rsplit("/", 3)[-3] + "/" + url.rsplit("/", 1)[-1], overflow))
        assert too_wide == [], f"{mode}: pages wider than the window by (px): {too_wide}"
    # a wide table scrolls inside its own box, which the keyboard can reach
    page.goto(
        f"{live.url}/learn/modules/c181-private-employment-agencies/lessons/01-instruments-and-ratification"
    )
    box = page.locator(".lesson-column .table-scroll").first
    assert box.get_attribute("tabindex") == "0"
    assert box.locator("table").count() == 1


@pytest.mark.parametrize("language", ["zh", "en"])
def test_on_a_phone_the_lesson_comes_first_and_the_contents_fold(live, page_at, db, language):
    import_folder(db, REAL_MATERIALS)
    make_user(email=f"phone-{language}@example.org", preferred_language=language)
    lesson = f"{live.url}/learn/modules/fair-recruitment/lessons/01-fair-recruitment-framework"

    phone = page_at(language, PHONE)
    sign_in_browser(phone, live, f"phone-{language}@example.org", language)
    phone.goto(lesson)
    toc = phone.locator("details.lesson-toc")
    assert toc.get_attribute("open") is None
    expect(phone.locator(".lesson-toc ol")).to_be_hidden()
    # the lesson, not the list of contents, fills the first screen
    title = phone.locator("#lesson-title").bounding_box()
    assert title["y"] + title["height"] < PHONE["height"] / 2 + 100
    first_text = phone.locator(".lesson-column p").first.bounding_box()
    assert first_text["y"] < PHONE["height"]
    # the progress label stays on one line
    label = phone.locator(".lesson-toc .progress-text")
    assert label.evaluate("e => e.getClientRects().length") == 1
    height = label.evaluate("e => e.getBoundingClientRect().height")
    line = label.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert height < 1.5 * line
    # the contents open on a tap, without leaving the page
    phone.locator(".lesson-toc summary").click()
    assert toc.get_attribute("open") is not None
    expect(phone.locator(".lesson-toc ol")).to_be_visible()

    desktop = page_at(language, DESKTOP)
    sign_in_browser(desktop, live, f"phone-{language}@example.org", language)
    desktop.goto(lesson)
    expect(desktop.locator(".lesson-toc ol")).to_be_visible()  # open beside the lesson

    # without scripts the contents are still there, one tap away
    plain = page_at(language, DESKTOP, javascript=False)
    sign_in_browser(plain, live, f"phone-{language}@example.org", language)
    plain.goto(lesson)
    plain.locator(".lesson-toc summary").click()
    expect(plain.locator(".lesson-toc ol")).to_be_visible()


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_quiz_tick_boxes_keep_their_size_and_questions_stay_in_their_box(
    live, page_at, db, language, width
):
    import_folder(db, REAL_MATERIALS)
    quiz = _db.session.scalars(
        sa.select(Quiz)
        .join(Module)
        .where(Module.slug == "c181-private-employment-agencies", Quiz.kind == "final")
    ).one()
    make_user(email=f"quiz-{language}-{width}@example.org", preferred_language=language)
    page = page_at(language, WIDTHS[width])
    sign_in_browser(page, live, f"quiz-{language}-{width}@example.org", language)
    page.goto(f"{live.url}/quizzes/{quiz.id}")
    page.get_by_role("button", name="开始测验" if language == "zh" else "Start the quiz").click()
    page.wait_for_url(re.compile(r"/page/1$"))
    sizes = page.locator(
        ".quiz-question input[type=radio], .quiz-question input[type=checkbox]"
    ).evaluate_all(
        "inputs => inputs.map(i => [i.getBoundingClientRect().width, i.getBoundingClientRect().height])"
    )
    assert len(sizes) > 4
    assert {tuple(round(v) for v in size) for size in sizes} == {tuple(round(v) for v in sizes[0])}
    assert round(sizes[0][0]) >= 17  # 1.1rem, not squeezed by a long answer
    for question in page.locator("fieldset.quiz-question").all():
        box = question.bounding_box()
        legend = question.locator("legend").bounding_box()
        assert legend["y"] >= box["y"] + 1  # inside the border, not across it
        assert legend["x"] >= box["x"] and legend["x"] + legend["width"] <= box["x"] + box["width"]
    assert page.evaluate(SIDEWAYS) <= 0
    # the secondary action looks secondary: white, not the primary blue
    finish = page.get_by_role(
        "button", name="完成并提交…" if language == "zh" else "Finish and submit…"
    )
    assert finish.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(255, 255, 255)"


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_a_completed_module_shows_completion_score_and_certificate(
    live, page_at, db, language, width
):
    module, quiz = make_module_with_final_quiz()
    trainee = make_user(email=f"done-{language}-{width}@example.org", preferred_language=language)
    for lesson in module.lessons:
        learning.mark_done(trainee.id, lesson)
    now = utcnow()
    attempt = quizzes.start_attempt(quiz, trainee.id, now)
    ids = question_ids(quiz)
    quizzes.save_answers(attempt, {ids[k]: v for k, v in RIGHT.items()}, now)
    quizzes.submit_attempt(attempt, now)
    _db.session.commit()

    page = page_at(language, WIDTHS[width])
    sign_in_browser(page, live, trainee.email, language)
    page.goto(f"{live.url}/learn/modules/{module.slug}")
    done = page.locator(".module-complete")
    expect(done).to_contain_text(
        "您已完成本课程模块。" if language == "zh" else "You have completed this module."
    )
    expect(done).to_contain_text("100%")
    assert (
        page.get_by_role(
            "link", name="从上次离开处继续" if language == "zh" else "Resume where I left off"
        ).count()
        == 0
    )
    with page.expect_download() as download:
        done.get_by_role("link").click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.goto(f"{live.url}/learn/")
    card = page.locator(".module-card", has=page.locator(f'a[href="/learn/modules/{module.slug}"]'))
    expect(card).to_contain_text("已完成" if language == "zh" else "Completed")
    expect(card).to_contain_text("100%")
    expect(
        card.get_by_role("link", name="证书（PDF）" if language == "zh" else "Certificate (PDF)")
    ).to_be_visible()
    assert page.evaluate(SIDEWAYS) <= 0


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_a_glossary_entry_leads_back_to_its_lesson(live, page_at, db, language, width):
    import_folder(db, REAL_MATERIALS)
    make_user(email=f"terms-{language}-{width}@example.org", preferred_language=language)
    lesson = f"{live.url}/learn/modules/fair-recruitment/lessons/01-fair-recruitment-framework"
    page = page_at(language, WIDTHS[width])
    sign_in_browser(page, live, f"terms-{language}-{width}@example.org", language)
    page.goto(lesson)
    page.locator(".lesson-column a.glossary-link").first.click()
    page.wait_for_url(re.compile(r"/learn/glossary/"))
    back = page.get_by_role(
        "link", name=re.compile("返回课时" if language == "zh" else "Back to the lesson")
    )
    back.click()
    page.wait_for_url(lesson)
    # a forged "from" leads nowhere else: no link back at all
    page.goto(f"{live.url}/learn/glossary/fr-fair-recruitment?module=https://evil.example&lesson=x")
    assert page.get_by_role("link", name=re.compile("返回课时|Back to the lesson")).count() == 0


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_check_in_screen_updates_its_code_without_reloading(live, page_at, db, language, width):
    make_user(
        email=f"screen-{language}-{width}@example.org",
        roles=(Role.COORDINATOR,),
        preferred_language=language,
    )
    trainee = make_user()
    start = utcnow().replace(microsecond=0) - timedelta(minutes=2)
    workshop = make_workshop(sessions=1, starts_at=start, ends_at=start + timedelta(hours=6))
    _db.session.add(Registration(workshop_id=workshop.id, user_id=trainee.id, status="confirmed"))
    _db.session.commit()
    url = f"{live.url}/workshops/{workshop.id}/sessions/{workshop.sessions[0].id}/check-in-screen"

    page = page_at(language, WIDTHS[width])
    sign_in_browser(page, live, f"screen-{language}-{width}@example.org", language)
    page.clock.install()
    page.goto(url)
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    live_region = page.locator("#check-in-live")
    assert live_region.get_attribute("aria-live") == "polite"
    code = page.locator(".check-in-code").inner_text().strip()
    expect(page.locator(".check-in-auto")).to_be_visible()
    loads = []
    page.on("load", lambda _page: loads.append(1))

    # the next fetch of the screen finds a new code (as after two minutes): it replaces the old
    # one in the live region, and the page itself is not reloaded
    def new_code(route):
        body = route.fetch().text().replace(code, "NEWCOD")
        route.fulfill(body=body, headers={"Content-Type": "text/html; charset=utf-8"})

    page.route(url, new_code)
    page.clock.run_for(16_000)
    expect(page.locator(".check-in-code")).to_have_text("NEWCOD")
    assert loads == []

    # without scripts: no automatic reload, a link shows the current code
    plain = page_at(language, WIDTHS[width], javascript=False)
    sign_in_browser(plain, live, f"screen-{language}-{width}@example.org", language)
    plain.goto(url)
    refresh = plain.get_by_role(
        "link", name="显示当前签到码" if language == "zh" else "Show the current code"
    )
    expect(refresh).to_be_visible()
    expect(plain.locator(".check-in-auto")).to_be_hidden()
    refresh.click()
    expect(plain.locator(".check-in-code")).to_have_text(code)


def test_the_pages_newcomers_use_are_valid_html(live, page_at, db, tmp_path):
    """The page walk: each page's HTML (as the server sent it) passes the Python checks and, when
    Java and the Nu HTML checker (npm vnu-jar, installed by .ci/run) are here, the Nu checker."""
    import_folder(db, REAL_MATERIALS)
    walker = make_user(email="walker@example.org", roles=(Role.TRAINEE,), preferred_language="zh")
    make_user(email="walker-staff@example.org", roles=(Role.COORDINATOR, Role.TRAINER))
    start = utcnow().replace(microsecond=0) - timedelta(minutes=2)
    workshop = make_workshop(
        sessions=1, starts_at=start + timedelta(days=3), ends_at=start + timedelta(days=3, hours=6)
    )
    _db.session.add(Registration(workshop_id=workshop.id, user_id=walker.id, status="confirmed"))
    _db.session.commit()
    quiz = _db.session.scalars(sa.select(Quiz).where(Quiz.kind == "final")).first()
    module = "/learn/modules/fair-recruitment"
    pages = {
        "walker@example.org": [
            "/my",
            "/learn/",
            module,
            f"{module}/lessons/01-fair-recruitment-framework",
            f"{module}/print?languages=both",
            "/learn/glossary/fr-fair-recruitment?module=fair-recruitment&lesson=01-fair-recruitment-framework",
            f"/quizzes/{quiz.id}",
            f"/workshops/{workshop.id}",
            f"/workshops/{workshop.id}/withdraw",
            "/workshops/calendar-feed",
            "/account/profile",
        ],
        "walker-staff@example.org": [
            f"/workshops/{workshop.id}",
            f"/workshops/{workshop.id}/edit",
            f"/workshops/{workshop.id}/sessions/{workshop.sessions[0].id}/check-in-screen",
            f"{module}/materials",
            "/workshops/new",
        ],
    }
    saved = []
    problems = {}
    for email, paths in pages.items():
        page = page_at("zh" if email.startswith("walker@") else "en", DESKTOP)
        sign_in_browser(page, live, email, "zh" if email.startswith("walker@") else "en")
        for path in paths:
            response = page.goto(live.url + path)
            assert response.status == 200, path
            html = response.text()
            found = html_problems(html)
            if found:
                problems[path] = found
            target = tmp_path / f"page{len(saved):02d}.html"
            target.write_text(html, encoding="utf-8")
            saved.append((target, path))
    anonymous = page_at("en", PHONE)
    for path in ("/account/signup", "/account/login", "/verify"):
        response = anonymous.goto(live.url + path)
        html = response.text()
        if html_problems(html):
            problems[path] = html_problems(html)
        target = tmp_path / f"page{len(saved):02d}.html"
        target.write_text(html, encoding="utf-8")
        saved.append((target, path))
    assert problems == {}
    if vnu_command() is None:
        pytest.skip(
            "Nu HTML checker not run: needs Java and the vnu-jar npm package (.ci/run installs it "
            "into var/vnu; or set VNU_JAR); the Python checks above passed"
        )
    names = {target.name: path for target, path in saved}
    errors = [f"{names.get(e.split(':')[0], '?')}: {e}" for e in vnu_errors([t for t, _ in saved])]
    assert errors == []
