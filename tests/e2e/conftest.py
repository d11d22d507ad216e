"""Browser tests: Playwright driving the machine's Chromium against the app on a free local port.

Chromium comes from the system (Debian's package at /usr/bin/chromium, or CHROMIUM_PATH); it is
never downloaded. Without it these tests are skipped, and the summary says so.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from tests.conftest import PASSWORD

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.path.exists(configured) else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    path = _chromium_path()
    if path is None:
        pytest.skip(
            "browser tests skipped: no Chromium found (install Debian's 'chromium' "
            "package or set CHROMIUM_PATH)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


class LiveServer:
    """The app served on 127.0.0.1 in a background thread."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[LiveServer]:
    """The app under test, reachable over HTTP (same database as the test, committed data)."""
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def live(app, live_server) -> LiveServer:
    """The live server with the production-like settings a browser test needs (CSRF on)."""
    app.config["WTF_CSRF_ENABLED"] = True
    app.config["PUBLIC_BASE_URL"] = live_server.url
    return live_server


@pytest.fixture
def page_for(browser):
    """page_for(language): a fresh browser page whose browser asks for that language."""
    contexts = []

    def make(language: str = "en"):
        accept = "zh-CN,zh;q=0.9" if language == "zh" else "en-GB,en;q=0.9"
        context = browser.new_context(
            locale="zh-CN" if language == "zh" else "en-GB",
            extra_http_headers={"Accept-Language": accept},
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in_browser(page, live: LiveServer, email: str, language: str = "en") -> None:
    """Sign in through the login form in `page`'s language and wait for the personal page."""
    page.goto(live.url + "/account/login")
    page.get_by_label("电子邮箱" if language == "zh" else "E-mail address").fill(email)
    page.get_by_label("密码" if language == "zh" else "Password").fill(PASSWORD)
    page.get_by_role("button", name="登录" if language == "zh" else "Sign in").click()
    page.wait_for_url(re.compile(r"/my$"))
