"""Certificates in a real browser: a coordinator sees who qualifies, issues and prints; the
trainee downloads hers; the public verification page shows it valid, then revoked."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pypdfium2
import zxingcpp

from app.core.access import Role
from tests.certificates.factories import held_workshop
from tests.conftest import make_user
from tests.e2e.conftest import sign_in_browser
from tests.i18n_check import english_ui_strings_in, visible_text

P, A = "present", "absent"


def _downloaded(download) -> bytes:
    return Path(download.path()).read_bytes()


def test_issue_print_download_verify_and_revoke(live, page_for, db):
    make_user(
        email="coord@example.org",
        roles=(Role.COORDINATOR,),
        family_name_zh="王",
        given_name_zh="磊",
        family_name_latin="Wang",
        given_name_latin="Lei",
    )
    lin = make_user(
        email="lin@example.org",
        preferred_language="zh",
        family_name_zh="林",
        given_name_zh="晓燕",
        family_name_latin="Lin",
        given_name_latin="Xiaoyan",
    )
    late = make_user(
        email="late@example.org",
        family_name_zh="",
        given_name_zh="",
        family_name_latin="Novák",
        given_name_latin="Jana",
    )
    workshop = held_workshop({lin: [P] * 5, late: [P, P, A, A, A]})

    # The coordinator sees who qualifies and why not, issues, and prints the merged PDF.
    coordinator = page_for("en")
    sign_in_browser(coordinator, live, "coord@example.org")
    coordinator.goto(f"{live.url}/workshops/{workshop.id}")
    coordinator.get_by_role("navigation", name="Workshop management").get_by_role(
        "link", name="Certificates"
    ).click()
    assert coordinator.get_by_text("Attended 2 of 5 sessions; needs 4 (80 %).").is_visible()
    coordinator.get_by_role("button", name="Issue to all who qualify").click()
    coordinator.wait_for_url(re.compile(r"/jobs/\d+$"))  # the job's page: started, then its result
    assert coordinator.get_by_text("The work has started.").is_visible()
    assert coordinator.get_by_role("row", name="Certificates issued 1").is_visible()
    coordinator.get_by_role("link", name="Back to where the work was started").click()
    coordinator.get_by_role("button", name="Print all (one PDF)").click()
    coordinator.wait_for_url(re.compile(r"/jobs/\d+$"))
    with coordinator.expect_download() as download_info:
        coordinator.get_by_role("link", name=re.compile(r"^Download certificates-")).click()
    merged = _downloaded(download_info.value)
    with pikepdf.open(io.BytesIO(merged)) as pdf:
        assert len(pdf.pages) == 1
    coordinator.get_by_role("link", name="Back to where the work was started").click()
    code = coordinator.locator("table code").first.inner_text()

    # The trainee downloads hers from "My page" (in Chinese); its QR code leads to verification.
    trainee = page_for("zh")
    sign_in_browser(trainee, live, "lin@example.org", "zh")
    assert trainee.get_by_role("heading", name="我的证书").is_visible()
    assert code in trainee.content()
    with trainee.expect_download() as download_info:
        trainee.get_by_role("link", name="下载（PDF）").click()
    own = _downloaded(download_info.value)
    document = pypdfium2.PdfDocument(own)
    picture = document[0].render(scale=3).to_pil()
    document.close()
    [decoded] = zxingcpp.read_barcodes(picture)
    assert decoded.text == f"{live.url}/verify/{code}"

    # Anyone can check it without signing in: valid ...
    visitor = page_for("zh")
    visitor.goto(decoded.text)
    assert visitor.get_by_text("该证书有效。").is_visible()
    assert "林晓燕 (Lin Xiaoyan)" in visitor.content()
    assert english_ui_strings_in(visible_text(visitor.content()), {"Lin Xiaoyan"}) == []

    # ... until the coordinator revokes it.
    coordinator.get_by_role("link", name=code).click()
    coordinator.locator("form", has_text="Revoke").get_by_label("Reason").fill("Issued in error")
    coordinator.get_by_label(
        "I understand that a revoked certificate cannot be made valid again."
    ).check()
    coordinator.get_by_role("button", name="Revoke").click()
    assert coordinator.get_by_text("The certificate has been revoked.").is_visible()
    visitor.reload()
    assert visitor.get_by_text(re.compile("该证书已于.*撤销")).is_visible()

    # Typing the code by hand, with a typo, is caught as a typing mistake.
    visitor.goto(live.url + "/verify")
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    visitor.get_by_label("验证码").fill(typo.lower())
    visitor.get_by_role("button", name="查验").click()
    assert visitor.get_by_text("该验证码有输入错误。请与证书核对。").is_visible()
