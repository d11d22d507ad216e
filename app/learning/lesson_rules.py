"""The rules a lesson's Markdown must follow (materials/README.md), checked line by line.

Pure: no Flask. Shared by the file import and by the browser editor, which shows each problem in
the editor's language using its `code`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rendering import (
    ANY_H2_RE,
    CALLOUT_CLOSE_RE,
    CALLOUT_KINDS,
    CALLOUT_OPEN_RE,
    GLOSSARY_RE,
    SECTION_RE,
    TITLE_RE,
    broken_table_rows,
)

LINK_RE = re.compile(r"(?<!!)\[[^\]]*\]\((?P<url>[^)\s]*)[^)]*\)")
IMAGE_RE = re.compile(r"!\[[^\]]*\]\((?P<url>[^)\s]*)[^)]*\)")
RAW_HTML_RE = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, at a line when known."""

    path: str
    line: int | None
    message: str
    #: A stable name for the kind of problem, so the browser can say it in the user's language.
    code: str = ""
    #: The offending value (anchor, term id, URL ...), for that message.
    detail: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def check_lesson_text(  # noqa: C901 (a file checker: one branch per rule)
    text: str, where: str, known_terms: set[str], assets: set[str], whole_file: bool = True
) -> list[Problem]:
    """Everything wrong with one lesson's Markdown, line by line.

    `whole_file` adds the rules of a file under materials/ (a title line, a Sources section);
    a lesson body written in the browser is checked without them.
    """
    problems: list[Problem] = []

    def add(line: int | None, message: str, code: str = "", detail: str = "") -> None:
        problems.append(Problem(where, line, message, code, detail))

    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if whole_file and (first is None or not TITLE_RE.match(lines[first])):
        add((first or 0) + 1, "a lesson must start with one '# Title' heading", "title")
    titles = [i + 1 for i, line in enumerate(lines) if TITLE_RE.match(line)]
    for extra in titles[1:] if whole_file else titles:
        add(extra, "only one '# Title' heading is allowed per lesson", "title")
    anchors: dict[str, int] = {}
    open_callout: int | None = None
    in_code = False
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        if ANY_H2_RE.match(line):
            match = SECTION_RE.match(line)
            if not match:
                add(
                    number,
                    "a '##' section heading must end with an anchor like {#who-needs-a-licence}",
                    "anchor",
                )
            elif match["anchor"] in anchors:
                add(
                    number,
                    f"the anchor #{match['anchor']} is used twice",
                    "anchor-twice",
                    match["anchor"],
                )
            else:
                anchors[match["anchor"]] = number
        opened = CALLOUT_OPEN_RE.match(line)
        if opened:
            if open_callout is not None:
                add(
                    number,
                    "call-out boxes cannot be nested; close the one opened first with ':::'",
                    "callout-nested",
                )
            if opened["kind"] not in CALLOUT_KINDS:
                add(
                    number,
                    f"unknown call-out ':::{opened['kind']}' (use {', '.join(CALLOUT_KINDS)})",
                    "callout-kind",
                    opened["kind"],
                )
            open_callout = number
        elif CALLOUT_CLOSE_RE.match(line):
            if open_callout is None:
                add(number, "':::' closes a call-out box that was never opened", "callout-stray")
            open_callout = None
        for match in GLOSSARY_RE.finditer(line):
            identifier = match["id"].strip()
            if identifier not in known_terms:
                add(
                    number,
                    f"glossary link [[{identifier}]] names no term in any glossary.toml",
                    "term",
                    identifier,
                )
        masked = GLOSSARY_RE.sub("", line)
        masked = re.sub(r"`[^`]*`", "", masked)
        if RAW_HTML_RE.search(masked):
            add(number, "raw HTML is not allowed in lessons; use Markdown", "html")
        for match in IMAGE_RE.finditer(masked):
            url = match["url"]
            name = url.removeprefix("assets/")
            if not url.startswith("assets/") or "/" in name or name.startswith("."):
                add(
                    number,
                    f"image '{url}' must be a file in the module's assets/ folder",
                    "image",
                    url,
                )
            elif not name.lower().endswith(IMAGE_EXTENSIONS):
                add(number, f"image '{url}' must be a PNG or JPEG file", "image", url)
            elif name not in assets:
                add(number, f"image '{url}' does not exist in assets/", "image", url)
        for match in LINK_RE.finditer(IMAGE_RE.sub("", masked)):
            if not match["url"].startswith("https://"):
                add(number, f"link '{match['url']}' must start with https://", "link", match["url"])
    if open_callout is not None:
        add(open_callout, "this call-out box is never closed with ':::'", "callout-unclosed")
    for number, cells, header in broken_table_rows(text):
        add(
            number,
            f"this table row has {cells} cell(s) but its header has {header} (write a '|' "
            "inside a cell as '\\|')",
            "table-cells",
            f"{cells}/{header}",
        )
    if not whole_file:
        return problems
    if anchors and list(anchors)[-1] != "sources":
        add(len(lines), "a lesson must end with a '## Sources {#sources}' section", "sources")
    if not anchors:
        add(None, "a lesson needs '## Heading {#anchor}' sections", "sections")
    return problems
