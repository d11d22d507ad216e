"""HTML validity checks for the page walks: the Nu HTML checker when it can run here, and a
Python check of the rules pages broke before (duplicate ids; a required single-choice list whose
first option is a real choice), which always runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: where .ci/run installs the Nu checker (npm package vnu-jar); VNU_JAR overrides it
DEFAULT_VNU_JAR = ROOT / "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar"


class _Walker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.problems: list[str] = []
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"] or "")
        if tag == "select":
            wants_placeholder = (
                "required" in attributes
                and "multiple" not in attributes
                and int(attributes.get("size") or 1) <= 1
            )
            self._select = {"name": attributes.get("name"), "check": wants_placeholder}
        elif tag == "option" and self._select is not None and self._select["check"]:
            self._select["check"] = False  # only the first option matters
            if attributes.get("value") != "":
                self.problems.append(
                    f"required select {self._select['name']!r} does not start with an empty option"
                )

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def html_problems(html: str) -> list[str]:
    """What is wrong with a page by the rules checked here (empty when none)."""
    walker = _Walker()
    walker.feed(html)
    walker.close()
    duplicates = sorted(i for i, n in Counter(walker.ids).items() if n > 1)
    return [f"duplicate id {i!r}" for i in duplicates] + walker.problems


def vnu_command() -> list[str] | None:
    """The command that runs the Nu HTML checker, or None when Java or the jar is missing."""
    jar = Path(os.environ.get("VNU_JAR") or DEFAULT_VNU_JAR)
    java = shutil.which("java")
    if java is None or not jar.is_file():
        return None
    return [java, "-jar", str(jar), "--format", "json", "--errors-only"]


def vnu_errors(files: list[Path]) -> list[str]:
    """The Nu checker's errors for these HTML files, as 'file:line: message'."""
    command = vnu_command()
    assert command is not None
    result = subprocess.run(  # noqa: S603 -- our own command line, no shell
        [*command, *map(str, files)], capture_output=True, text=True, timeout=300, check=False
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
