"""The upload validator, storage, and serving files as attachments."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from werkzeug.datastructures import FileStorage

from app.core.access import public
from app.core.storage import (
    LocalStorage,
    StoredFile,
    UploadRejected,
    send_stored_file,
    store_upload,
    validate_upload,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 20
ALLOWED = frozenset({"pdf", "png", "docx", "csv", "jpg"})


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def test_a_good_pdf_passes_with_its_facts(app):
    upload = validate_upload(_upload(PDF, "培训手册.pdf"), ALLOWED, 1000)
    assert upload.original_name == "培训手册.pdf"
    assert upload.extension == "pdf" and upload.content_type == "application/pdf"
    assert upload.size == len(PDF) and upload.sha256 == hashlib.sha256(PDF).hexdigest()


def test_office_files_and_csv_pass(app):
    assert validate_upload(_upload(_docx(), "agenda.DOCX"), ALLOWED, 10_000).extension == "docx"
    csv = "姓名,单位\n张伟,山东\n".encode("gb18030")
    assert validate_upload(_upload(csv, "roster.csv"), ALLOWED, 1000).content_type == "text/csv"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"#!/bin/sh\nrm -rf /\n", "slides.pdf", "does not match its extension"),
        (b"MZ\x90\x00" + b"\x00" * 60, "report.pdf", "does not match its extension"),
        (b"<html><script>alert(1)</script></html>", "page.html", "not accepted"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "logo.svg", "not accepted"),
        (b"<html><body>hi</body></html>", "roster.csv", "does not match its extension"),
        (PDF, "../../etc/passwd.pdf", "folder path"),
        (PDF, "..\\evil.pdf", "folder path"),
        (PDF, "bad\x00name.pdf", "control characters"),
        (PDF, "bad\nname.pdf", "control characters"),
        (PDF, "bad\u202ename.pdf", "control characters"),
        (b"", "empty.pdf", "The file is empty."),
        (PDF, "no-extension", "not accepted"),
        (PNG, "photo.pdf", "does not match its extension"),
        (PDF * 100, "big.pdf", "larger than"),
    ],
)
def test_abuse_is_refused_with_a_clear_message(app, data, name, message):
    with app.test_request_context():
        with pytest.raises(UploadRejected) as refused:
            validate_upload(_upload(data, name), ALLOWED | {"html", "svg"}, 1000)
        assert message in str(refused.value)


def test_missing_file_is_refused(app):
    with app.test_request_context(), pytest.raises(UploadRejected, match="Choose a file"):
        validate_upload(None, ALLOWED, 1000)


def test_messages_in_chinese(app):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("zh"):
        with pytest.raises(UploadRejected) as refused:
            validate_upload(_upload(b"", "empty.pdf"), ALLOWED, 1000)
        assert "空" in str(refused.value)


def test_local_storage_round_trip(tmp_path):
    storage = LocalStorage(tmp_path)
    key = storage.save(b"bytes")
    with storage.open(key) as f:
        assert f.read() == b"bytes"
    storage.delete(key)
    storage.delete(key)
    with pytest.raises(ValueError):
        storage.open("../outside")


def test_stored_files_are_served_as_attachments_with_utf8_names(other_app, db):
    other = other_app()

    @public
    def download(file_id: int):
        return send_stored_file(db.get_or_404(StoredFile, file_id))

    other.add_url_rule("/file/<int:file_id>", "download", download)
    with other.app_context():
        stored = store_upload(validate_upload(_upload(PDF, "监测指南 2026.pdf"), ALLOWED, 1000))
        db.session.commit()
        file_id = stored.id
    response = other.test_client().get(f"/file/{file_id}")
    assert response.status_code == 200
    assert response.data == PDF
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%E7%9B%91%E6%B5%8B%E6%8C%87%E5%8D%97%202026.pdf" in disposition
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


def _docx_with(extra: dict[str, bytes], content_types: str = "<Types/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in extra.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_docx_with({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0vba"}), "contains macros"),
        (
            _docx_with(
                {},
                '<Types><Default ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
            ),
            "contains macros",
        ),
        (_docx_with({"word/media/bomb.bin": b"\x00" * (70 * 1024 * 1024)}), "unpack to far more"),
        (_docx_with({"word/media/dense.bin": b"\x00" * (5 * 1024 * 1024)}), "unpack to far more"),
    ],
)
def test_macro_enabled_and_zip_bomb_office_files_are_refused(app, data, message):
    with app.test_request_context(), pytest.raises(UploadRejected, match=message):
        validate_upload(_upload(data, "slides.docx"), ALLOWED, 10 * 1024 * 1024)
