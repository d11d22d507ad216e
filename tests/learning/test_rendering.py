"""Lesson Markdown: sections, call-outs, glossary links, images, and the sanitiser's allow-list."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from app.learning.rendering import (
    RenderContext,
    body_without_title,
    broken_table_rows,
    glossary_ids,
    render_markdown,
    sanitise,
    split_lesson,
)


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict]]:
    """The real elements of a piece of HTML (escaped text is not an element)."""
    collector = _TagCollector()
    collector.feed(html)
    return collector.tags


def _elements(html: str, name: str) -> list[dict]:
    return [attrs for tag, attrs in _tags(html) if tag == name]


CONTEXT = RenderContext(
    language="zh",
    terms={"licence": {"en": "licence", "zh": "许可证"}},
    callout_labels={"legal": "法律依据", "redflag": "风险信号"},
    term_url=lambda slug: f"/learn/glossary/{slug}",
    asset_url=lambda name: f"/learn/modules/m/assets/{name}",
)


def test_split_lesson_finds_title_and_sections_with_lines():
    parsed = split_lesson("# Title\n\n## One {#one}\n\nText\n\n## Sources {#sources}\n\n- A\n")
    assert parsed.title == "Title"
    assert [(s.anchor, s.heading, s.line) for s in parsed.sections] == [
        ("one", "One", 3),
        ("sources", "Sources", 7),
    ]
    assert parsed.sections[0].body.strip() == "Text"


def test_text_before_first_section_is_an_intro_section():
    parsed = split_lesson("# T\n\nIntro text.\n\n## A {#a}\n\nBody\n")
    assert [s.anchor for s in parsed.sections] == ["intro", "a"]


def test_body_without_title_drops_only_the_title_line():
    assert body_without_title("# T\n\n## A {#a}\nx\n").startswith("\n## A {#a}") or (
        body_without_title("# T\n\n## A {#a}\nx\n").lstrip().startswith("## A {#a}")
    )
    assert "# T" not in body_without_title("# T\n\n## A {#a}\nx\n")


def test_glossary_link_shows_the_term_in_the_lesson_language():
    html = render_markdown("需要[[licence]]和[[licence|经营许可]]。", CONTEXT)
    links = _elements(html, "a")
    assert [(a["class"], a["href"]) for a in links] == [
        ("glossary-link", "/learn/glossary/licence")
    ] * 2
    assert ">许可证</a>" in html and ">经营许可</a>" in html
    assert glossary_ids("a [[licence]] b [[x|y]]") == {"licence", "x"}


def test_callouts_are_boxes_with_a_label():
    html = render_markdown(
        ":::legal\n**第7条** 不得收费。\n:::\n\n:::redflag\n扣押证件\n:::", CONTEXT
    )
    assert '<aside class="callout callout-legal"><p class="callout-label">法律依据</p>' in html
    assert "<strong>第7条</strong>" in html
    assert 'class="callout callout-redflag"' in html


def test_tables_and_images_from_assets():
    html = render_markdown("| A | B |\n|---|---|\n| 1 | 2 |\n\n![地图](assets/map.png)", CONTEXT)
    assert "<table>" in html and "<td>1</td>" in html
    assert '<img src="/learn/modules/m/assets/map.png" alt="地图">' in html


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        '<iframe src="https://example.org"></iframe>',
        "<a href=\"javascript:alert(1)\" onclick='x()'>x</a>",
        ":::note\n<script>alert(1)</script>\n:::",
    ],
)
def test_markdown_never_yields_script_events_javascript_links_or_iframes(markdown):
    html = render_markdown(markdown, CONTEXT)
    tags = _tags(html)
    assert not {"script", "iframe", "img"} & {name for name, _attrs in tags}
    for _name, attrs in tags:
        assert not [a for a in attrs if a.startswith("on")]
        assert not str(attrs.get("href", "")).lower().startswith("javascript")


@pytest.mark.parametrize(
    ("html", "forbidden"),
    [
        ("<p>ok<script>alert(1)</script></p>", "<script"),
        ('<p onclick="steal()">ok</p>', "onclick"),
        ('<img src="x.png" onerror="steal()">', "onerror"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<p style="position:fixed">x</p>', "style="),
        ("<svg><script>alert(1)</script></svg>", "<svg"),
    ],
)
def test_sanitiser_allow_list_drops_raw_html_attacks(html, forbidden):
    cleaned = sanitise(html)
    assert forbidden not in cleaned


def test_sanitiser_keeps_safe_links_and_adds_rel():
    out = sanitise('<a href="https://www.ilo.org/x">ILO</a>')
    assert 'href="https://www.ilo.org/x"' in out and 'rel="noopener noreferrer"' in out


TABLE = """| Term | Source |
|---|---|
| [[licence|The permit]] | C181 Art. 3 |
| [[licence]] and [[licence|a licence]] | x |
"""


def test_glossary_links_with_words_stay_in_their_table_cell():
    html = render_markdown(TABLE, CONTEXT)
    rows = html.split("<tr>")[2:]
    assert [row.count("<td>") for row in rows] == [2, 2]
    assert '<td><a class="glossary-link" href="/learn/glossary/licence"' in rows[0]
    assert ">The permit</a></td>" in rows[0] and "<td>C181 Art. 3</td>" in rows[0]
    assert ">许可证</a> and <a" in rows[1] and ">a licence</a></td>" in rows[1]
    assert "[[" not in html


def test_table_protection_leaves_other_lines_alone():
    text = "Outside a table: [[licence|words]] | and a pipe.\n"
    html = render_markdown(text, CONTEXT)
    assert ">words</a> | and a pipe." in html


def test_broken_table_rows_are_found_with_their_lines():
    text = (
        "Intro\n\n| A | B |\n|---|---|\n| [[licence|x]] | y |\n| 1 | 2 | 3 |\n| lone |\n"
        ":::note\nNot a row\n:::\n"
    )
    assert broken_table_rows(text) == [(6, 3, 2), (7, 1, 2)]
    escaped = "| A | B |\n|---|---|\n| a \\| b | c |\n"
    assert broken_table_rows(escaped) == []


def test_every_lesson_renders_every_glossary_link():
    """No lesson under materials/ shows a raw [[...]] link (a split table cell shows one)."""
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "materials"
    terms = {}
    for glossary in root.glob("*/glossary.toml"):
        for term in tomllib.loads(glossary.read_text(encoding="utf-8"))["term"]:
            terms[term["id"]] = {"en": term["en"], "zh": term["zh"]}
    lessons = sorted(root.glob("*/lessons/*.md"))
    assert lessons
    for path in lessons:
        context = RenderContext(
            "zh" if path.name.endswith(".zh.md") else "en",
            terms,
            {},
            lambda slug: f"/g/{slug}",
            lambda name: f"/a/{name}",
        )
        text = path.read_text(encoding="utf-8")
        html = "".join(
            render_markdown(section.body, context) for section in split_lesson(text).sections
        )
        assert "[[" not in html, path
