"""Reading a module's source files for the importer: text and TOML with problems recorded by file
and line, and the bilingual text fields.

Pure: no Flask, no database."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .lesson_rules import Problem


def _line_of(text: str, key: str, start: int = 0) -> int | None:
    """The line where `key = ...` first appears (tomllib gives no positions)."""
    match = re.compile(rf"^\s*{re.escape(key)}\s*=", re.M).search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _read_text(path: Path, root: Path, problems: list[Problem]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        problems.append(Problem(_rel(path, root), line, "the file is not valid UTF-8"))
    except OSError as error:
        problems.append(Problem(_rel(path, root), None, f"cannot be read ({error.strerror})"))
    return None


def _read_toml(path: Path, root: Path, problems: list[Problem]) -> tuple[dict, str] | None:
    text = _read_text(path, root, problems)
    if text is None:
        return None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        # Python 3.11's tomllib puts the position only in the message: "(at line 2, column 14)".
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        line = int(found[1]) if found else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        problems.append(Problem(_rel(path, root), line, f"invalid TOML: {message}"))
        return None


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _text_field(data: dict, key: str, where: str, text: str, problems: list[Problem]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(
            Problem(where, _line_of(text, key), f"'{key}' is missing or empty (text expected)")
        )
        return ""
    return value.strip()
