"""Lesson Markdown: split into sections, render to HTML with call-outs and glossary links, sanitise.

Pure: no Flask. The caller passes the glossary terms, the call-out labels in the reader's
language and functions that build URLs, so the same code serves the import's checks and the pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

#: Call-out kinds a lesson may use, in the order the README lists them.
CALLOUT_KINDS = ("legal", "redflag", "note", "example")

TITLE_RE = re.compile(r"^#\s+(?P<text>\S.*?)\s*$")
SECTION_RE = re.compile(r"^##\s+(?P<text>.*?)\s*\{#(?P<anchor>[a-z0-9][a-z0-9-]*)\}\s*$")
ANY_H2_RE = re.compile(r"^##\s")
CALLOUT_OPEN_RE = re.compile(r"^:::(?P<kind>[A-Za-z]+)\s*$")
CALLOUT_CLOSE_RE = re.compile(r"^:::\s*$")
GLOSSARY_RE = re.compile(r"\[\[(?P<id>[^\]|]*)(?:\|(?P<text>[^\]]*))?\]\]")
TERM_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Section:
    """One `## Heading {#anchor}` section of a lesson and the Markdown under it."""

    anchor: str
    heading: str
    body: str
    line: int


@dataclass(frozen=True)
class ParsedLesson:
    """A lesson file split into its title and sections."""

    title: str
    sections: tuple[Section, ...]


def split_lesson(text: str) -> ParsedLesson:
    """Split lesson Markdown (with or without its `#` title line) into title and sections.

    Text before the first section heading becomes a section with the anchor "intro".
    """
    title = ""
    sections: list[Section] = []
    anchor, heading, start, buffer = "intro", "", 1, []
    for number, line in enumerate(text.splitlines(), start=1):
        title_match = TITLE_RE.match(line)
        if title_match and not title and not sections and not "".join(buffer).strip():
            title = title_match["text"]
            start = number + 1
            continue
        section_match = SECTION_RE.match(line)
        if section_match:
            if "".join(buffer).strip() or anchor != "intro":
                sections.append(Section(anchor, heading, "\n".join(buffer).strip("\n"), start))
            anchor, heading, start, buffer = (
                section_match["anchor"],
                section_match["text"],
                number,
                [],
            )
            continue
        buffer.append(line)
    if "".join(buffer).strip() or anchor != "intro":
        sections.append(Section(anchor, heading, "\n".join(buffer).strip("\n"), start))
    return ParsedLesson(title, tuple(sections))


def body_without_title(text: str) -> str:
    """The lesson's Markdown from its first line after the `#` title."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.strip():
            if TITLE_RE.match(line):
                return "\n".join(lines[index + 1 :]).strip("\n") + "\n"
            break
    return text


def glossary_ids(text: str) -> set[str]:
    """The glossary term ids a piece of Markdown links to."""
    return {match["id"].strip() for match in GLOSSARY_RE.finditer(text)}


@dataclass(frozen=True)
class RenderContext:
    """What rendering needs from outside: terms, labels and URL builders."""

    language: str
    #: term id -> {"en": ..., "zh": ...}
    terms: Mapping[str, Mapping[str, str]]
    #: call-out kind -> label in the reader's language
    callout_labels: Mapping[str, str]
    term_url: Callable[[str], str]
    asset_url: Callable[[str], str]
    #: put before every heading id, where several lessons share one page (the print view)
    id_prefix: str = ""


def _glossary_plugin(md: MarkdownIt, context: RenderContext) -> None:
    def rule(state, silent):
        if not state.src.startswith("[[", state.pos):
            return False
        match = GLOSSARY_RE.match(state.src, state.pos)
        if not match:
            return False
        if not silent:
            token = state.push("glossary_link", "", 0)
            token.meta = {"id": match["id"].strip(), "text": (match["text"] or "").strip()}
        state.pos = match.end()
        return True

    def render(self, tokens, index, options, env):
        meta = tokens[index].meta
        term = context.terms.get(meta["id"], {})
        text = meta["text"] or term.get(context.language) or meta["id"]
        href = context.term_url(meta["id"])
        return (
            f'<a class="glossary-link" href="{_escape(href)}">{_escape(text)}</a>'
            if term
            else f'<span class="glossary-missing">{_escape(text)}</span>'
        )

    md.inline.ruler.before("link", "glossary", rule)
    md.add_render_rule("glossary_link", render)


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _image_plugin(md: MarkdownIt, context: RenderContext) -> None:
    default = md.renderer.rules.get("image")

    def render(self, tokens, index, options, env):
        token = tokens[index]
        src = token.attrGet("src") or ""
        if src.startswith("assets/"):
            token.attrSet("src", context.asset_url(src.removeprefix("assets/")))
        return default(tokens, index, options, env)

    md.add_render_rule("image", render)


_UNESCAPED_PIPE_RE = re.compile(r"(?<!\\)\|")


def _protect_links(line: str) -> str:
    """Escape the `|` of every [[id|words]] on a table row, so the link stays in its cell."""
    return GLOSSARY_RE.sub(lambda match: _UNESCAPED_PIPE_RE.sub(r"\\|", match[0]), line)


def _table_row_lines(text: str) -> list[tuple[int, int]]:
    """(line index, header cell count) of every body row of every Markdown table in `text`."""
    rows = []
    header_cells = 0
    in_header = False
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        if token.type == "thead_open":
            in_header, header_cells = True, 0
        elif token.type == "thead_close":
            in_header = False
        elif token.type == "th_open" and in_header:
            header_cells += 1
        elif token.type == "tr_open" and token.map and not in_header:
            rows.append((token.map[0], header_cells))
    return rows


def _protect_table_links(text: str) -> str:
    """`text` with the glossary links on table rows escaped (other lines stay as they are)."""
    if "[[" not in text or "|" not in text:
        return text
    lines = text.split("\n")
    for index, _cells in _table_row_lines(text):
        lines[index] = _protect_links(lines[index])
    return "\n".join(lines)


def row_cells(line: str) -> int:
    """How many cells a table row has: `|` splits cells unless escaped or in a glossary link."""
    cells = _UNESCAPED_PIPE_RE.split(_protect_links(line.strip()))
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return len(cells)


def broken_table_rows(text: str) -> list[tuple[int, int, int]]:
    """(line number from 1, cells, header cells) of every table row whose cell count differs
    from its header's (Markdown would drop or invent cells). Call-out fences end a table, as
    they do when the lesson is rendered."""
    lines = text.split("\n")
    fenced = [
        "" if CALLOUT_OPEN_RE.match(line) or CALLOUT_CLOSE_RE.match(line) else line
        for line in lines
    ]
    broken = []
    for index, header in _table_row_lines("\n".join(fenced)):
        cells = row_cells(lines[index])
        if cells != header:
            broken.append((index + 1, cells, header))
    return broken


def _table_box_plugin(md: MarkdownIt) -> None:
    """Wrap each table in a box that scrolls sideways on its own (keyboard-focusable), so a
    wide table never makes the whole page scroll on a phone."""

    def table_open(self, tokens, index, options, env):
        return '<div class="table-scroll" tabindex="0">' + self.renderToken(
            tokens, index, options, env
        )

    def table_close(self, tokens, index, options, env):
        return self.renderToken(tokens, index, options, env) + "</div>\n"

    md.add_render_rule("table_open", table_open)
    md.add_render_rule("table_close", table_close)


def _markdown(context: RenderContext) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    _glossary_plugin(md, context)
    _image_plugin(md, context)
    _table_box_plugin(md)
    return md


ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "del",
    "code", "pre", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "a", "img",
    "aside", "div", "span", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title"},
    "aside": {"class"},
    "div": {"class", "tabindex"},
    "span": {"class", "lang"},
    "p": {"class"},
    "h2": {"id"},
    "h3": {"id"},
    "ol": {"start"},
    "th": {"scope"},
}


def sanitise(html: str) -> str:
    """Keep only an allow-list of tags, attributes and URL schemes (no script, events, iframes)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _render_blocks(text: str, md: MarkdownIt, context: RenderContext) -> str:
    """Render Markdown where `:::kind` ... `:::` lines fence call-out boxes."""
    parts: list[str] = []
    plain: list[str] = []
    callout: list[str] | None = None
    kind = ""
    for line in text.splitlines():
        if callout is None:
            opened = CALLOUT_OPEN_RE.match(line)
            if opened and opened["kind"] in CALLOUT_KINDS:
                parts.append(md.render(_protect_table_links("\n".join(plain))))
                plain, callout, kind = [], [], opened["kind"]
            else:
                plain.append(line)
        elif CALLOUT_CLOSE_RE.match(line):
            label = _escape(context.callout_labels.get(kind, kind))
            parts.append(
                f'<aside class="callout callout-{kind}"><p class="callout-label">{label}</p>'
                f"{md.render(_protect_table_links(chr(10).join(callout)))}</aside>"
            )
            callout = None
        else:
            callout.append(line)
    if callout is not None:  # unclosed: the import refuses it; show it as plain text here
        plain.extend([f":::{kind}", *callout])
    parts.append(md.render(_protect_table_links("\n".join(plain))))
    return "".join(parts)


def render_markdown(text: str, context: RenderContext) -> str:
    """Sanitised HTML for a piece of lesson Markdown."""
    return sanitise(_render_blocks(text, _markdown(context), context))


def render_section(section: Section, context: RenderContext) -> str:
    """Sanitised HTML for one section, its heading carrying the shared anchor."""
    heading = ""
    if section.heading:
        anchor = _escape(context.id_prefix + section.anchor)
        heading = f'<h2 id="{anchor}-{context.language}">{_escape(section.heading)}</h2>'
    return sanitise(heading) + render_markdown(section.body, context)
