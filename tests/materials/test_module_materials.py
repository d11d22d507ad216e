"""Trainers' materials: upload, versions, delete/restore, downloads, and upload abuse."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from app.core.access import Role
from app.core.audit import AuditEntry
from app.learning.models import Module, ModuleStatus
from app.materials.models import Material, MaterialVersion
from tests.learning.factories import import_folder, make_author, write_module

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PDF_V2 = b"%PDF-1.4\n% second version\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BASE = "/learn/modules/test-module"


@pytest.fixture
def module(db, tmp_path):
    write_module(tmp_path)
    import_folder(db, tmp_path)
    return db.session.scalar(sa.select(Module).where(Module.slug == "test-module"))


def _upload(client, data: bytes, name: str, **fields):
    return client.post(
        f"{BASE}/materials",
        data={"file": (io.BytesIO(data), name), **fields},
        content_type="multipart/form-data",
    )


def _download(client, material_id: int, **params):
    response = client.get(f"/learn/materials/{material_id}/download", query_string=params)
    body = response.data
    response.close()
    return response, body


def test_trainer_uploads_and_a_trainee_downloads_the_same_bytes(client_as, module, db):
    trainer = make_author(module, client_as(Role.TRAINER))
    response = _upload(trainer, PDF, "培训讲义.pdf", title_en="Handout", title_zh="讲义")
    assert response.status_code == 302
    assert "培训讲义.pdf was uploaded." in trainer.get(response.location).text
    material = db.session.scalar(sa.select(Material))
    assert material.current.stored_file.original_name == "培训讲义.pdf"

    trainee = client_as(Role.TRAINEE, preferred_language="zh")
    module_page = trainee.get(BASE).text
    assert "讲义" in module_page and f"/learn/materials/{material.id}/download" in module_page
    download, body = _download(trainee, material.id)
    assert download.status_code == 200 and body == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "filename*=UTF-8''%E5%9F%B9" in download.headers["Content-Disposition"]
    assert db.session.scalar(sa.select(AuditEntry.action)) == "material.uploaded"


def test_replacing_keeps_earlier_versions(client_as, module, db):
    trainer = make_author(module, client_as(Role.TRAINER))
    _upload(trainer, PDF, "slides.pdf")
    material = db.session.scalar(sa.select(Material))
    response = trainer.post(
        f"/learn/materials/{material.id}/replace",
        data={"file": (io.BytesIO(PDF_V2), "slides-v2.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MaterialVersion)) == 2
    trainee = client_as(Role.TRAINEE)
    assert _download(trainee, material.id)[1] == PDF_V2
    assert _download(trainee, material.id, version=1)[0].status_code == 404
    assert _download(trainer, material.id, version=1)[1] == PDF
    page = trainer.get(f"{BASE}/materials").text
    assert "Version 1" in page and "Version 2" in page


def test_delete_hides_and_staff_restore(client_as, module, db):
    trainer = make_author(module, client_as(Role.TRAINER))
    _upload(trainer, PDF, "slides.pdf", title_en="Day one slides")
    material_id = db.session.scalar(sa.select(Material.id))
    trainee = client_as(Role.TRAINEE)
    # the files page links to a question first; asking deletes nothing
    assert f'href="/learn/materials/{material_id}/delete"' in trainer.get(f"{BASE}/materials").text
    question = trainer.get(f"/learn/materials/{material_id}/delete")
    assert question.status_code == 200 and "Delete Day one slides?" in question.text
    assert f'action="/learn/materials/{material_id}/delete"' in question.text
    assert "Day one slides" in trainee.get(BASE).text
    trainer.post(f"/learn/materials/{material_id}/delete")
    assert "Day one slides" not in trainee.get(BASE).text
    assert _download(trainee, material_id)[0].status_code == 404
    page = trainer.get(f"{BASE}/materials").text
    assert "Day one slides" in page and "Deleted" in page and "Restore" in page
    assert trainee.post(f"/learn/materials/{material_id}/restore").status_code == 403
    trainer.post(f"/learn/materials/{material_id}/restore")
    assert "Day one slides" in trainee.get(BASE).text
    assert _download(trainee, material_id)[1] == PDF


def test_materials_of_unpublished_modules_are_not_downloadable_by_trainees(client_as, module, db):
    trainer = make_author(module, client_as(Role.TRAINER))
    _upload(trainer, PDF, "slides.pdf")
    material_id = db.session.scalar(sa.select(Material.id))
    module.status = ModuleStatus.DRAFT.value
    db.session.commit()
    assert _download(client_as(Role.TRAINEE), material_id)[0].status_code == 404
    assert _download(trainer, material_id)[0].status_code == 200


def test_trainees_cannot_upload(client_as, module, db):
    response = _upload(client_as(Role.TRAINEE), PDF, "slides.pdf")
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Material)) == 0


@pytest.mark.parametrize(
    ("data", "name", "english"),
    [
        (b"#!/bin/sh\nrm -rf /\n", "slides.pdf", "does not match its extension"),
        (b"<html><script>alert(1)</script></html>", "page.html", "not accepted"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "logo.svg", "not accepted"),
        (PDF, "../../etc/passwd.pdf", "must not contain a folder path"),
        (PDF, "slides\x07.pdf", "control characters"),
        (b"", "empty.pdf", "The file is empty."),
        (PDF + b"0" * 300_000, "big.pdf", "larger than 0.25 MB"),
    ],
    ids=["script-as-pdf", "html", "svg", "path-traversal", "control-char", "empty", "too-large"],
)
def test_upload_abuse_is_refused_with_a_clear_message(
    client_as, module, db, app, data, name, english
):
    app.config["MATERIAL_MAX_MB"] = 0.25
    trainer = make_author(module, client_as(Role.TRAINER))
    response = _upload(trainer, data, name, title_en="Kept title")
    assert response.status_code == 400
    assert english in response.text
    assert 'value="Kept title"' in response.text  # what was typed is not lost
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Material)) == 0


def test_upload_refusal_is_in_chinese_for_chinese_users(client_as, module, app):
    trainer = make_author(module, client_as(Role.TRAINER, preferred_language="zh"))
    response = _upload(trainer, b"#!/bin/sh\n", "slides.pdf")
    assert response.status_code == 400
    assert "does not match" not in response.text
    with app.test_request_context():
        from flask_babel import force_locale, gettext

        with force_locale("zh"):
            expected = gettext("The file's content does not match its extension.")
    assert expected in response.text


def test_a_request_over_the_global_limit_gets_a_bilingual_413(client_as, module, app):
    app.config["MAX_CONTENT_LENGTH"] = 2000
    response = _upload(
        make_author(module, client_as(Role.TRAINER, preferred_language="zh")), PDF * 100, "big.pdf"
    )
    assert response.status_code == 413
    assert "文件" in response.text


def test_materials_page_lists_queries_bounded(client_as, module, db):
    from tests.conftest import count_queries

    trainer = make_author(module, client_as(Role.TRAINER))
    _upload(trainer, PDF, "a.pdf")
    with count_queries() as few:
        trainer.get(f"{BASE}/materials")
        trainer.get(BASE)
    for index in range(4):
        _upload(trainer, PDF, f"more-{index}.pdf")
    with count_queries() as many:
        trainer.get(f"{BASE}/materials")
        trainer.get(BASE)
    assert len(many) == len(few)


def _office(extra: dict[str, bytes]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
        for name, data in extra.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("extra", "english", "chinese"),
    [
        ({"ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0vba"}, "contains macros", "包含宏"),
        ({"ppt/media/bomb.bin": b"\x00" * (70 * 1024 * 1024)}, "unpack to far more", "解压"),
    ],
)
def test_macro_enabled_and_zip_bomb_materials_are_refused(
    client_as, module, db, extra, english, chinese
):
    trainer = make_author(module, client_as(Role.TRAINER))
    response = _upload(trainer, _office(extra), "slides.pptx", title_en="Slides", title_zh="幻灯片")
    assert response.status_code == 400 and english in response.text
    zh = make_author(module, client_as(Role.TRAINER, preferred_language="zh"))
    response = _upload(zh, _office(extra), "slides.pptx", title_en="Slides", title_zh="幻灯片")
    assert response.status_code == 400 and chinese in response.text
    assert db.session.scalar(sa.select(sa.func.count(Material.id))) == 0
