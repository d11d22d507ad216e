"""File storage and the one upload validator every upload goes through.

Files are stored under random names outside static/, in UPLOAD_DIR; a StoredFile row keeps the
original name, size, type and SHA-256. They are served only by views that first check access,
always as attachments (RFC 5987 names, so Chinese file names survive).
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import filetype
import sqlalchemy as sa
from flask import Response, current_app, send_file
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.datastructures import FileStorage

from app.core.containers import ZIP_BASED, ContainerProblem, container_problem
from app.core.db import UTCDateTime, utcnow
from app.core.errors import DomainError
from app.extensions import db


class StoredFile(db.Model):
    """An uploaded file's record; the bytes live in the storage backend under `key`."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Random storage name; never derived from the uploaded name.
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: The name the file had on the uploader's machine (cleaned), used when downloading.
    original_name: Mapped[str] = mapped_column(sa.String(255))
    #: Lower-case extension without the dot.
    extension: Mapped[str] = mapped_column(sa.String(10))
    #: MIME type established by content sniffing.
    content_type: Mapped[str] = mapped_column(sa.String(120))
    #: Size in bytes.
    size: Mapped[int]
    #: SHA-256 of the bytes, hex.
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    #: Who uploaded it.
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: When it was uploaded.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LocalStorage:
    """Files in a local directory, named by random keys."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not key or not all(ch.isalnum() or ch in "-_" for ch in key):
            raise ValueError(f"invalid storage key {key!r}")
        return self.root / key[:2] / key

    def save(self, data: bytes) -> str:
        """Store bytes under a new random key and return the key."""
        key = secrets.token_urlsafe(24)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(path)
        return key

    def open(self, key: str) -> BinaryIO:
        """Open a stored file for reading."""
        return self._path(key).open("rb")

    def delete(self, key: str) -> None:
        """Remove a stored file; removing a missing one is not an error."""
        self._path(key).unlink(missing_ok=True)


def get_storage() -> LocalStorage:
    """The app's storage backend."""
    return LocalStorage(current_app.config["UPLOAD_DIR"])


class UploadRejected(DomainError):
    """An upload failed validation; the message says why in the user's language."""


#: For each allowed extension, the types content sniffing must find (None: a text file).
SNIFFED_TYPES: dict[str, frozenset[str] | None] = {
    "pdf": frozenset({"application/pdf"}),
    "png": frozenset({"image/png"}),
    "jpg": frozenset({"image/jpeg"}),
    "jpeg": frozenset({"image/jpeg"}),
    "zip": frozenset({"application/zip"}),
    "docx": frozenset({"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}),
    "xlsx": frozenset({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    "pptx": frozenset(
        {"application/vnd.openxmlformats-officedocument.presentationml.presentation"}
    ),
    "odt": frozenset({"application/vnd.oasis.opendocument.text"}),
    "odp": frozenset({"application/vnd.oasis.opendocument.presentation"}),
    "ods": frozenset({"application/vnd.oasis.opendocument.spreadsheet"}),
    "csv": None,
    "txt": None,
}
_TEXT_TYPES = {"csv": "text/csv", "txt": "text/plain"}


#: Why a zip-based file (Office, OpenDocument, zip) was refused, in the user's words.
CONTAINER_MESSAGES = {
    ContainerProblem.DAMAGED: _l(
        "The file is damaged or password-protected, so it cannot be opened. Save it again and "
        "upload the new copy."
    ),
    ContainerProblem.TOO_LARGE_UNPACKED: _l(
        "The file would unpack to far more than it weighs, so it is not accepted."
    ),
    ContainerProblem.WRONG_TYPE: _l("The file's content does not match its extension."),
    ContainerProblem.MACROS: _l(
        "The file contains macros, which are not accepted. Save it as an ordinary document "
        "(for example .docx, .xlsx or .pptx without macros) and upload it again."
    ),
}


@dataclass(frozen=True)
class ValidatedUpload:
    """An upload that passed every check, with what was learned about it."""

    data: bytes
    original_name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def clean_filename(raw: str | None) -> str:
    """The uploaded name, NFC-normalised; refuses paths, control characters and empty names."""
    name = unicodedata.normalize("NFC", (raw or "").strip())
    if not name or name in {".", ".."}:
        raise UploadRejected(_l("The file has no name."))
    if any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in name):
        raise UploadRejected(
            _l("The file name contains control characters. Rename the file and try again.")
        )
    if "/" in name or "\\" in name or ".." in name.split("."):
        raise UploadRejected(
            _l("The file name must not contain a folder path. Rename the file and try again.")
        )
    if len(name) > 200:
        raise UploadRejected(_l("The file name is too long (at most 200 characters)."))
    return name


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    head = data[:2048].lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if head.startswith((b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script")):
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def validate_upload(
    upload: FileStorage | None, allowed: set[str] | frozenset[str], max_bytes: int
) -> ValidatedUpload:
    """Check an uploaded file: name, extension allow-list, size, and that its content matches."""
    if upload is None or not upload.filename:
        raise UploadRejected(_l("Choose a file to upload."))
    name = clean_filename(upload.filename)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed or extension not in SNIFFED_TYPES:
        raise UploadRejected(
            _l(
                "Files of this type are not accepted. Accepted types: %(types)s.",
                types=", ".join(sorted(allowed)),
            )
        )
    data = upload.stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        megabytes = f"{max_bytes / 1024 / 1024:g}"
        raise UploadRejected(
            _l(
                "The file is larger than %(size)s MB, the most the platform accepts.",
                size=megabytes,
            )
        )
    if not data:
        raise UploadRejected(_l("The file is empty."))
    expected = SNIFFED_TYPES[extension]
    if expected is None:
        if not _looks_like_text(data):
            raise UploadRejected(_l("The file's content does not match its extension."))
        content_type = _TEXT_TYPES[extension]
    else:
        kind = filetype.guess(data)
        if kind is None or kind.mime not in expected:
            raise UploadRejected(_l("The file's content does not match its extension."))
        content_type = kind.mime
        if extension in ZIP_BASED:
            problem = container_problem(data, extension)
            if problem is not None:
                raise UploadRejected(CONTAINER_MESSAGES[problem])
    return ValidatedUpload(
        data=data,
        original_name=name,
        extension=extension,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def store_upload(upload: ValidatedUpload, uploaded_by=None) -> StoredFile:
    """Save a validated upload and add its record to the session (the caller commits)."""
    key = get_storage().save(upload.data)
    stored = StoredFile(
        key=key,
        original_name=upload.original_name,
        extension=upload.extension,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
        uploaded_by_id=getattr(uploaded_by, "id", None),
    )
    db.session.add(stored)
    db.session.flush()
    return stored


def send_stored_file(stored: StoredFile, download_name: str | None = None) -> Response:
    """Serve a stored file as an attachment; call only after checking the requester's access."""
    response = send_file(
        get_storage().open(stored.key),
        mimetype=stored.content_type,
        as_attachment=True,
        download_name=download_name or stored.original_name,
        max_age=0,
        etag=stored.sha256,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
