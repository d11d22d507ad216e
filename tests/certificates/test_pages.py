"""Certificate pages through the test client: eligibility and issuing, printing, downloads,
the register and CSV, templates, and public verification."""

from __future__ import annotations

import io
import zipfile

import pikepdf
import pytest
import sqlalchemy as sa

from app.certificates import codes, services, subjects
from app.certificates.models import Certificate, CertificateTemplate
from app.core.access import Role
from tests.certificates.factories import held_workshop, people
from tests.conftest import make_user, sign_in
from tests.export_check import export_both_ways
from tests.i18n_check import chinese_in, english_ui_strings_in, visible_text

P, A = "present", "absent"


@pytest.fixture
def workshop_with_people(db):
    zhang, li, novak = people(
        ("张", "伟", "Zhang", "Wei"), ("李", "娜", "Li", "Na"), ("", "", "Novák", "Jana")
    )
    workshop = held_workshop({zhang: [P] * 5, li: [P, P, A, A, A], novak: [P, P, P, P, A]})
    return workshop, zhang, li, novak


def _coordinator(client_as, **profile):
    names = {"family_name_zh": "王", "given_name_zh": "磊", "family_name_latin": "Wang"}
    return client_as(Role.COORDINATOR, **{**names, "given_name_latin": "Lei", **profile})


def test_eligibility_page_lists_everyone_with_reasons(client_as, workshop_with_people):
    workshop, zhang, li, novak = workshop_with_people
    client = _coordinator(client_as)
    page = client.get(f"/certificates/workshop/{workshop.id}")
    assert page.status_code == 200
    text = page.text
    assert "Attended 2 of 5 sessions; needs 4 (80 %)." in text
    assert text.count("Qualifies</span>") == 2
    assert "0 issued; 2 more qualify." in text
    # roster order: Li, Novák, Zhang
    assert text.index("Li Na") < text.index("Jana Novák") < text.index("Zhang Wei")


def test_eligibility_page_in_chinese(client_as, workshop_with_people):
    workshop, *_ = workshop_with_people
    client = _coordinator(client_as, preferred_language="zh")
    text = client.get(f"/certificates/workshop/{workshop.id}").text
    assert "出席 5 个单元中的 2 个；需要 4 个（80%）。" in text
    assert '<th scope="col">出勤</th>' in text and "学习进度" not in text
    assert (
        english_ui_strings_in(visible_text(text), allowed={"Monitoring recruitment agencies"}) == []
    )


def test_trainees_and_trainers_cannot_see_eligibility(client_as, workshop_with_people):
    workshop, *_ = workshop_with_people
    for role in (Role.TRAINEE, Role.TRAINER):
        assert client_as(role).get(f"/certificates/workshop/{workshop.id}").status_code == 403


def test_unknown_subject_is_404(client_as, db):
    client = _coordinator(client_as)
    assert client.get("/certificates/workshop/999").status_code == 404
    assert client.get("/certificates/module/999").status_code == 404
    assert client.get("/certificates/exchange/999").status_code == 404


def _job_file(client, response):
    """Follow a started job to its page and download the file it produced."""
    assert response.status_code == 303 and "/jobs/" in response.location
    page = client.get(response.location)
    assert page.status_code == 200
    job_id = int(response.location.rstrip("/").rsplit("/", 1)[1])
    status = client.get(f"/jobs/{job_id}.json").get_json()
    assert status["state"] == "done" and status["file_url"]
    download = client.get(status["file_url"])
    download.get_data()  # read the streamed file, then close it
    download.close()
    return download


def test_issue_all_then_print_merged_and_zip(client_as, workshop_with_people, db):
    workshop, zhang, li, novak = workshop_with_people
    client = _coordinator(client_as)
    response = client.post(f"/certificates/workshop/{workshop.id}/issue-all", follow_redirects=True)
    assert "The work has started." in response.text  # the job page, with its result
    assert "Certificates issued" in response.text
    assert db.session.scalar(sa.select(sa.func.count(Certificate.id))) == 2
    client.post(f"/certificates/workshop/{workshop.id}/issue-all")  # a second click changes nothing
    assert db.session.scalar(sa.select(sa.func.count(Certificate.id))) == 2

    merged = _job_file(client, client.post(f"/certificates/workshop/{workshop.id}/print.pdf"))
    assert merged.data.startswith(b"%PDF")
    assert merged.status_code == 200 and merged.mimetype == "application/pdf"
    with pikepdf.open(io.BytesIO(merged.data)) as pdf:
        assert len(pdf.pages) == 2
    from tests.pdf_check import printed_runs

    text = "".join(t for _f, t in printed_runs(merged.data))
    assert text.index("Jana Novák") < text.index("张伟")  # roster order: Novák before Zhang

    archive = _job_file(client, client.post(f"/certificates/workshop/{workshop.id}/print.zip"))
    assert archive.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.data)) as z:
        names = z.namelist()
        assert len(names) == 2
        assert any(n.startswith("张伟 Zhang Wei ") and n.endswith(".pdf") for n in names)
        assert any(n.startswith("Jana Novák ") for n in names)
        for name in names:
            assert z.read(name).startswith(b"%PDF")


def test_issue_one_by_exception_needs_a_reason(client_as, workshop_with_people, db):
    workshop, zhang, li, novak = workshop_with_people
    client = _coordinator(client_as)
    url = f"/certificates/workshop/{workshop.id}/issue/{li.id}"
    refused = client.post(url, data={"override_reason": ""}, follow_redirects=True)
    assert "Give a reason to issue the certificate anyway." in refused.text
    assert db.session.scalar(sa.select(Certificate)) is None
    client.post(url, data={"override_reason": "Made up the sessions online"})
    certificate = db.session.scalar(sa.select(Certificate))
    assert certificate.holder_id == li.id
    assert certificate.override_reason == "Made up the sessions online"
    page = client.get(f"/certificates/{certificate.id}").text
    assert "Made up the sessions online" in page


def test_trainee_downloads_own_certificate_only(client_as, app, workshop_with_people, db):
    workshop, zhang, li, novak = workshop_with_people
    [mine, other] = services.issue_to_all(None, subjects.workshop_subject(workshop))
    db.session.commit()
    owner_client = app.test_client()
    sign_in(owner_client, db.session.get(type(zhang), mine.holder_id))
    my_page = owner_client.get("/my").text
    assert "My certificates" in my_page and mine.code_display in my_page
    response = owner_client.get(f"/certificates/{mine.id}/download")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert owner_client.get(f"/certificates/{other.id}/download").status_code == 404
    assert owner_client.get("/certificates/99999/download").status_code == 404


def test_reissue_and_revoke_through_the_pages(client_as, workshop_with_people, db):
    workshop, zhang, *_ = workshop_with_people
    certificate, _ = services.issue_to_one(None, subjects.workshop_subject(workshop), zhang.id)
    db.session.commit()
    client = _coordinator(client_as)
    refused = client.post(
        f"/certificates/{certificate.id}/revoke", data={"revoke-reason": ""}, follow_redirects=True
    )
    assert "Give a reason for revoking." in refused.text
    client.post(
        f"/certificates/{certificate.id}/reissue", data={"reissue-reason": "Typo in the name"}
    )
    db.session.refresh(certificate)
    assert certificate.status == "superseded"
    new = db.session.scalar(sa.select(Certificate).where(Certificate.status == "live"))
    # revoking cannot be undone: without the confirming tick nothing happens
    unticked = client.post(
        f"/certificates/{new.id}/revoke",
        data={"revoke-reason": "Issued in error"},
        follow_redirects=True,
    )
    assert "Tick the box to confirm that the certificate is to be revoked." in unticked.text
    db.session.refresh(new)
    assert new.status == "live"
    client.post(
        f"/certificates/{new.id}/revoke",
        data={"revoke-reason": "Issued in error", "revoke-confirm": "y"},
    )
    db.session.refresh(new)
    assert new.status == "revoked" and new.revoke_reason == "Issued in error"
    again = client.post(
        f"/certificates/{new.id}/revoke", data={"revoke-reason": "x", "revoke-confirm": "y"}
    )
    assert again.status_code == 409


def test_register_filters_and_csv(client_as, workshop_with_people, db):
    workshop, zhang, li, novak = workshop_with_people
    coordinator = make_user(roles=(Role.COORDINATOR,))
    issued = services.issue_to_all(coordinator, subjects.workshop_subject(workshop))
    services.revoke(coordinator, issued[0], "Issued in error")
    db.session.commit()
    client = _coordinator(client_as)
    page = client.get("/certificates/").text
    assert "2 certificates." in page
    assert all(c.code_display in page for c in issued)
    revoked_only = client.get("/certificates/?status=revoked").text
    assert issued[0].code_display in revoked_only and issued[1].code_display not in revoked_only
    by_code = client.get(f"/certificates/?q={issued[1].code_display.lower()}").text
    assert issued[1].code_display in by_code and issued[0].code_display not in by_code
    by_name = client.get("/certificates/?q=张伟").text
    assert "1 certificate." in by_name
    csv = client.get("/certificates/register.csv")
    assert csv.data.startswith(b"\xef\xbb\xbf")
    body = csv.data.decode("utf-8-sig")
    assert issued[0].code_display in body and "Issued in error" in body


def test_admin_edits_a_template_and_previews_it(client_as, db):
    client = client_as(Role.ADMIN)
    assert client.get("/certificates/templates").status_code == 200
    template = db.session.scalar(
        sa.select(CertificateTemplate).where(CertificateTemplate.kind == "attendance")
    )
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (100, 40), (0, 0, 0)).save(buffer, "PNG")
    data = {
        "name": "Workshop 2027",
        "kind": "attendance",
        "is_default": "y",
        "heading_en": "Certificate of Training",
        "heading_zh": "培训合格证书",
        "preamble_en": "This certifies that",
        "preamble_zh": "兹证明",
        "statement_en": "took part in",
        "statement_zh": "参加了",
        "issuers_en": "ILO",
        "issuers_zh": "国际劳工组织",
        "colour": "#112233",
        "accent": "#445566",
        "signatory_1_name": "Anna Schmidt",
        "signatory_1_title_en": "Director",
        "signatory_1_title_zh": "主任",
        "signatory_1_image": (io.BytesIO(buffer.getvalue()), "sig.png"),
    }
    response = client.post(
        f"/certificates/templates/{template.id}", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 303
    db.session.refresh(template)
    assert template.heading_zh == "培训合格证书"
    assert template.signatories[0]["name"] == "Anna Schmidt" and template.signatories[0]["file_id"]
    preview = client.get(f"/certificates/templates/{template.id}/preview.pdf")
    from tests.pdf_check import printed_text

    text = printed_text(preview.data)
    assert "培训合格证书" in text and "Anna Schmidt" in text and "SAMPLE" in text
    bad = dict(data, colour="red", signatory_1_image=(io.BytesIO(b""), ""))
    refused = client.post(
        f"/certificates/templates/{template.id}", data=bad, content_type="multipart/form-data"
    )
    assert refused.status_code == 400
    assert "Write a colour as # and six hex digits." in refused.text


def test_template_upload_refuses_a_non_image(client_as, db):
    client = client_as(Role.ADMIN)
    client.get("/certificates/templates")
    template = db.session.scalar(sa.select(CertificateTemplate))
    data = {
        "name": "x", "kind": template.kind, "heading_en": "a", "heading_zh": "甲",
        "preamble_en": "a", "preamble_zh": "甲", "statement_en": "a", "statement_zh": "甲",
        "colour": "#000000", "accent": "#FFFFFF",
        "seal": (io.BytesIO(b"<html>not an image</html>"), "seal.png"),
    }  # fmt: skip
    response = client.post(
        f"/certificates/templates/{template.id}",
        data=data,
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "does not match its extension" in response.text
    db.session.refresh(template)
    assert template.seal_file_id is None and template.name != "x"


# --- Public verification -------------------------------------------------------------------------


@pytest.fixture
def one_certificate(db, workshop_with_people):
    workshop, zhang, *_ = workshop_with_people
    certificate, _ = services.issue_to_one(None, subjects.workshop_subject(workshop), zhang.id)
    db.session.commit()
    return certificate, zhang


def test_verify_shows_valid_with_name_title_and_dates_only(client, one_certificate):
    certificate, zhang = one_certificate
    page = client.get(f"/verify/{certificate.code_display}")
    assert page.status_code == 200
    assert "This certificate is valid." in page.text
    assert "张伟 (Zhang Wei)" in page.text
    assert "Monitoring recruitment agencies" in page.text
    for private in (zhang.email, zhang.organisation, zhang.position):
        assert private not in page.text


def test_verify_accepts_codes_as_people_type_them(client, one_certificate):
    certificate, _ = one_certificate
    typed = certificate.code.lower().replace("0", "o").replace("1", "l")
    page = client.get(f"/verify/{typed}")
    assert "This certificate is valid." in page.text
    form = client.get(
        "/verify", query_string={"code": " ".join(certificate.code_display.split("-"))}
    )
    assert form.status_code == 302
    assert form.headers["Location"].endswith(f"/verify/{certificate.code_display}")


def test_verify_in_chinese(app, one_certificate):
    certificate, _ = one_certificate
    client = app.test_client()
    client.post("/language", data={"lang": "zh", "next": "/"})
    page = client.get(f"/verify/{certificate.code_display}").text
    assert "该证书有效。" in page
    assert "职业中介机构监管" in page
    assert english_ui_strings_in(visible_text(page), allowed={"Zhang Wei"}) == []


def test_verify_english_page_shows_no_chinese_ui(client, db, workshop_with_people):
    workshop, _zhang, _li, novak = workshop_with_people
    certificate, _ = services.issue_to_one(None, subjects.workshop_subject(workshop), novak.id)
    db.session.commit()
    page = client.get(f"/verify/{certificate.code_display}").text
    assert chinese_in(visible_text(page)) == []


def test_unknown_mistyped_and_malformed_codes_are_told_apart(client, one_certificate):
    certificate, _ = one_certificate
    unknown = codes.display(codes.generate())
    response = client.get(f"/verify/{unknown}")
    assert response.status_code == 404
    assert "No certificate with this code was ever issued." in response.text
    code = certificate.code
    typo = code[:3] + ("X" if code[3] != "X" else "Y") + code[4:]
    response = client.get(f"/verify/{typo}")
    assert response.status_code == 400
    assert "typing mistake" in response.text
    response = client.get("/verify/hello")
    assert response.status_code == 400
    assert "This is not a verification code." in response.text
    form = client.get("/verify", query_string={"code": typo})
    assert form.status_code == 400 and "typing mistake" in form.text


def test_verify_messages_in_chinese(app, db):
    client = app.test_client()
    client.post("/language", data={"lang": "zh", "next": "/"})
    assert "从未颁发过" in client.get(f"/verify/{codes.display(codes.generate())}").text
    assert "输入错误" in client.get("/verify/0000-0000-0000-0001").text


def test_verify_shows_revoked_and_superseded(client, one_certificate, db):
    certificate, _ = one_certificate
    coordinator = make_user(roles=(Role.COORDINATOR,))
    replacement = services.reissue(coordinator, certificate, "New wording")
    db.session.commit()
    assert "has been superseded" in client.get(f"/verify/{certificate.code_display}").text
    services.revoke(coordinator, replacement, "Issued in error")
    db.session.commit()
    page = client.get(f"/verify/{replacement.code_display}").text
    assert "has been revoked" in page
    assert "Issued in error" not in page  # the reason is internal


def test_after_erasure_verification_shows_initials_only(client, one_certificate, db):
    from app.auth.personal_data import anonymise

    certificate, zhang = one_certificate
    anonymise(make_user(roles=(Role.ADMIN,)), zhang, zhang.email)
    db.session.commit()
    page = client.get(f"/verify/{certificate.code_display}").text
    assert "This certificate is valid." in page
    assert "张 Z. W." in page
    assert "张伟" not in page and "Zhang Wei" not in page


def test_verification_lookups_are_rate_limited(app, client, one_certificate):
    certificate, _ = one_certificate
    app.config["VERIFY_RATE_LIMIT"] = "3 per minute"
    statuses = [client.get(f"/verify/{certificate.code_display}").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_data_export_lists_certificates(client_as, app, one_certificate):
    from app.core.personal_data import collect

    certificate, zhang = one_certificate
    exported = collect(zhang)["certificates"]
    assert exported[0]["code"] == certificate.code_display


def test_a_default_template_keeps_its_kind(client_as, db):
    client = client_as(Role.ADMIN)
    client.get("/certificates/templates")
    template = db.session.scalar(
        sa.select(CertificateTemplate).where(CertificateTemplate.kind == "attendance")
    )
    data = {
        "name": "x", "kind": "completion", "heading_en": "a", "heading_zh": "甲",
        "preamble_en": "a", "preamble_zh": "甲", "statement_en": "a", "statement_zh": "甲",
        "colour": "#000000", "accent": "#FFFFFF",
    }  # fmt: skip
    response = client.post(f"/certificates/templates/{template.id}", data=data)
    assert response.status_code == 400
    assert "its kind cannot change" in response.text
    db.session.refresh(template)
    assert template.kind == "attendance" and template.name != "x"


def test_a_new_default_template_takes_over_its_kind(client_as, db):
    client = client_as(Role.ADMIN)
    client.get("/certificates/templates")
    data = {
        "name": "Completion 2027", "kind": "completion", "is_default": "y",
        "heading_en": "Certificate of Achievement", "heading_zh": "成绩证书",
        "preamble_en": "a", "preamble_zh": "甲", "statement_en": "a", "statement_zh": "甲",
        "colour": "#000000", "accent": "#FFFFFF",
    }  # fmt: skip
    assert client.post("/certificates/templates/new", data=data).status_code == 303
    defaults = db.session.scalars(
        sa.select(CertificateTemplate.name).where(
            CertificateTemplate.kind == "completion", CertificateTemplate.is_default.is_(True)
        )
    ).all()
    assert defaults == ["Completion 2027"]


def test_register_csv_names_the_certificate_each_one_replaced(client_as, one_certificate, db):
    import csv

    certificate, _ = one_certificate
    replacement = services.reissue(make_user(roles=(Role.COORDINATOR,)), certificate, "Typo")
    db.session.commit()
    body = _coordinator(client_as).get("/certificates/register.csv").data.decode("utf-8-sig")
    rows = {row[0]: row for row in csv.reader(io.StringIO(body))}
    assert rows[replacement.code_display][9] == certificate.code_display
    assert rows[certificate.code_display][2] == "Superseded"


def test_a_large_register_csv_is_prepared_by_a_job(
    client_as, app, workshop_with_people, db, monkeypatch
):
    workshop, zhang, li, novak = workshop_with_people
    coordinator = make_user(roles=(Role.COORDINATOR,))
    issued = services.issue_to_all(coordinator, subjects.workshop_subject(workshop))
    services.revoke(coordinator, issued[0], "Issued in error")
    db.session.commit()
    client = _coordinator(client_as, preferred_language="zh")
    # the filters travel with the job; the file is the one a small register gives at once
    body = export_both_ways(client, "/certificates/register.csv?status=revoked").decode()
    assert issued[0].code_display in body and issued[1].code_display not in body
    assert "已撤销" in body  # the status in the asker's language
    monkeypatch.setitem(app.config, "EXPORT_JOB_ROWS", 1)
    offer = client.get("/certificates/register.csv").text
    assert "此导出共有 2 行。" in offer and "准备文件" in offer
    job_url = client.post("/certificates/register.csv").location
    status = client.get(f"{job_url}.json").get_json()
    assert status["file_url"] and "文件中的行数" in client.get(job_url).text
    # only the owner (and admins) see the job and its file
    other = client_as(Role.COORDINATOR)
    assert other.get(job_url).status_code == 404
    assert other.get(status["file_url"]).status_code == 404
    admin_file = client_as(Role.ADMIN).get(status["file_url"])
    assert admin_file.status_code == 200 and admin_file.get_data().startswith(b"\xef\xbb\xbf")
    admin_file.close()


def test_starting_an_export_job_needs_the_form_token(
    client_as, app, one_certificate, csrf_enabled, monkeypatch
):
    monkeypatch.setitem(app.config, "EXPORT_JOB_ROWS", 0)
    client = _coordinator(client_as)
    refused = client.post("/certificates/register.csv")  # the form is shown again, no job
    assert refused.status_code == 302 and "/jobs/" not in refused.location
    assert db_jobs() == 0


def db_jobs() -> int:
    from app.core.jobs import Job
    from app.extensions import db

    return db.session.scalar(sa.select(sa.func.count(Job.id)))
