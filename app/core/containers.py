"""Checks on zip-based uploads (Office and OpenDocument files, zip archives) before anyone opens them.

Pure: no Flask. Refused: damaged or encrypted containers, archives that would unpack to far more than
they weigh (zip bombs), files whose main part is missing (a renamed zip), and documents carrying
macros (a VBA project, a macro-enabled content type, OpenDocument Basic scripts).
"""

from __future__ import annotations

import io
import zipfile
from enum import StrEnum

#: Most bytes the parts of a container may unpack to, and most parts it may hold.
MAX_UNPACKED = 60 * 1024 * 1024
MAX_PARTS = 2000
#: Most a part may unpack to relative to its packed size (text compresses ~10x; bombs ~1000x).
MAX_RATIO = 200

#: The part each kind of document must hold.
MAIN_PART = {
    "xlsx": "xl/workbook.xml",
    "docx": "word/document.xml",
    "pptx": "ppt/presentation.xml",
    "odt": "content.xml",
    "ods": "content.xml",
    "odp": "content.xml",
}
ZIP_BASED = frozenset({*MAIN_PART, "zip"})


class ContainerProblem(StrEnum):
    """Why a zip-based file was refused."""

    DAMAGED = "damaged"
    TOO_LARGE_UNPACKED = "too_large_unpacked"
    WRONG_TYPE = "wrong_type"
    MACROS = "macros"


def container_problem(data: bytes, extension: str) -> ContainerProblem | None:
    """What is wrong with a zip-based file of this extension, or None when it is safe to keep."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return ContainerProblem.DAMAGED
    with archive:
        parts = archive.infolist()
        if any(info.flag_bits & 0x1 for info in parts):  # encrypted entries
            return ContainerProblem.DAMAGED
        unpacked = sum(info.file_size for info in parts)
        if (
            len(parts) > MAX_PARTS
            or unpacked > MAX_UNPACKED
            or any(info.file_size > MAX_RATIO * max(info.compress_size, 1024) for info in parts)
        ):
            return ContainerProblem.TOO_LARGE_UNPACKED
        if extension == "zip":
            return None
        names = {info.filename.lower() for info in parts}
        if MAIN_PART[extension] not in names:
            return ContainerProblem.WRONG_TYPE
        if any(name.endswith("vbaproject.bin") or name.startswith("basic/") for name in names):
            return ContainerProblem.MACROS
        if "[content_types].xml" in names:
            content_types = archive.read("[Content_Types].xml").lower()
            if b"macroenabled" in content_types or b"vbaproject" in content_types:
                return ContainerProblem.MACROS
    return None
