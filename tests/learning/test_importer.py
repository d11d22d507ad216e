"""The importer's validation: the real modules load; each kind of bad file gets its own message."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.learning.importer import ImportProblems, load_catalogue
from tests.conftest import edit_text
from tests.learning.factories import REAL_MATERIALS, write_module


def test_the_real_materials_load():
    catalogue = load_catalogue(REAL_MATERIALS)
    slugs = [m.slug for m in catalogue.modules]
    assert "c181-private-employment-agencies" in slugs and len(slugs) >= 5
    c181 = next(m for m in catalogue.modules if m.slug == "c181-private-employment-agencies")
    assert c181.lessons[0].slug == "01-instruments-and-ratification"
    assert c181.lessons[0].title_zh and c181.lessons[0].body_zh.lstrip().startswith("## ")
    assert 3 <= len(c181.objectives) <= 6
    assert any(t.slug == "pea-private-employment-agency" for t in c181.terms)


def test_a_small_module_loads(tmp_path):
    write_module(tmp_path)
    [module] = load_catalogue(tmp_path).modules
    assert module.title_zh == "核查机构许可证"
    assert [lesson.title_en for lesson in module.lessons] == ["The basics", "Inspection"]
    assert module.terms[0].term_zh == "许可证"


LESSON_EN = "test-module/lessons/01-basics.en.md"
LESSON_ZH = "test-module/lessons/01-basics.zh.md"
MODULE = "test-module/module.toml"


def _break(kind: str, root: Path) -> None:  # noqa: C901 (one branch per way of breaking a file)
    folder = root / "test-module"
    en = root / LESSON_EN
    zh = root / LESSON_ZH
    module = root / MODULE
    if kind == "toml_syntax":
        edit_text(module, 'version = "1.0"', "version = 1.0.0.0 =")
    elif kind == "slug":
        edit_text(module, 'slug = "test-module"', 'slug = "another-name"')
    elif kind == "audience":
        edit_text(module, '"labour-inspectors"]', '"astronauts"]')
    elif kind == "objectives":
        text = module.read_text(encoding="utf-8")
        module.write_text(text.split('[[objective]]\nid = "two"')[0], encoding="utf-8")
    elif kind == "missing_title_zh":
        edit_text(module, 'title_zh = "核查机构许可证"\n', "")
    elif kind == "missing_lesson":
        en.unlink()
        zh.unlink()
    elif kind == "unlisted_lesson":
        (folder / "lessons" / "99-extra.en.md").write_text("# X\n", encoding="utf-8")
    elif kind == "anchors_differ":
        edit_text(zh, "{#what}", "{#something-else}")
    elif kind == "heading_without_anchor":
        edit_text(en, "## What it is {#what}", "## What it is")
    elif kind == "no_sources":
        edit_text(en, "## Sources {#sources}", "## Reading {#reading}")
    elif kind == "unknown_term":
        edit_text(en, "[[t-licence]] is needed", "[[no-such-term]] is needed")
    elif kind == "unclosed_callout":
        edit_text(en, "**Article 3**: licensing.\n:::", "**Article 3**: licensing.")
    elif kind == "unknown_callout":
        edit_text(en, ":::legal", ":::warning")
    elif kind == "raw_html":
        edit_text(en, "A [[t-licence]]", "<script>alert(1)</script> A [[t-licence]]")
    elif kind == "http_link":
        edit_text(en, "- C181", "- [C181](http://www.ilo.org/c181)")
    elif kind == "missing_image":
        edit_text(en, "- C181", "- ![map](assets/map.png)")
    elif kind == "image_outside_assets":
        edit_text(en, "- C181", "- ![map](../../secret.png)")
    elif kind == "no_title":
        edit_text(en, "# The basics\n", "")
    elif kind == "not_utf8":
        en.write_bytes("# Título\n\n## A {#a}\n".encode("latin-1"))
    elif kind == "duplicate_term":
        write_module(root, slug="second-module", prefix="t-")
    elif kind == "table_row_cells":
        edit_text(en, "| Fee | none |", "| Fee | none | extra |")
    elif kind == "table_row_short":
        edit_text(en, "| Fee | none |", "| Fee | none |\n| Only one cell |")
    elif kind == "term_without_definition":
        edit_text(folder / "glossary.toml", 'definition_zh = "经营许可。"\n', "")
    else:  # pragma: no cover
        raise AssertionError(kind)


CASES = [
    ("toml_syntax", MODULE, 2, "invalid TOML"),
    ("slug", MODULE, 1, "'slug' must be the folder name 'test-module'"),
    ("audience", MODULE, 4, "unknown audience 'astronauts'"),
    ("objectives", MODULE, None, "3 to 6 [[objective]]"),
    ("missing_title_zh", MODULE, None, "'title_zh' is missing or empty"),
    ("missing_lesson", MODULE, None, "lesson '01-basics' has neither"),
    ("unlisted_lesson", "test-module/lessons/99-extra.en.md", None, "not listed in module.toml"),
    ("anchors_differ", LESSON_ZH, 3, "section anchors differ from the English file"),
    ("heading_without_anchor", LESSON_EN, 3, "must end with an anchor"),
    ("no_sources", LESSON_EN, None, "must end with a '## Sources {#sources}' section"),
    ("unknown_term", LESSON_EN, 5, "glossary link [[no-such-term]] names no term"),
    ("unclosed_callout", LESSON_EN, 7, "never closed with ':::'"),
    ("unknown_callout", LESSON_EN, 7, "unknown call-out ':::warning'"),
    ("raw_html", LESSON_EN, 5, "raw HTML is not allowed"),
    ("http_link", LESSON_EN, None, "must start with https://"),
    ("missing_image", LESSON_EN, None, "does not exist in assets/"),
    ("image_outside_assets", LESSON_EN, None, "must be a file in the module's assets/ folder"),
    ("no_title", LESSON_EN, 2, "must start with one '# Title' heading"),
    ("not_utf8", LESSON_EN, 1, "not valid UTF-8"),
    ("duplicate_term", "test-module/glossary.toml", 1, "term id 't-licence' is already defined"),
    ("term_without_definition", "test-module/glossary.toml", 1, "lacks definition_zh"),
    ("table_row_cells", LESSON_EN, 13, "this table row has 3 cell(s) but its header has 2"),
    ("table_row_short", LESSON_EN, 14, "this table row has 1 cell(s) but its header has 2"),
]


@pytest.mark.parametrize(("kind", "path", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_each_bad_file_gets_its_own_clear_error(tmp_path, kind, path, line, message):
    write_module(tmp_path)
    _break(kind, tmp_path)
    with pytest.raises(ImportProblems) as raised:
        load_catalogue(tmp_path)
    matching = [p for p in raised.value.problems if message in p.message]
    assert matching, [str(p) for p in raised.value.problems]
    problem = matching[0]
    assert problem.path == f"{tmp_path.name}/{path}"
    if line is not None:
        assert problem.line == line, str(problem)
        assert str(problem).startswith(f"{tmp_path.name}/{path}:{line}: ")


def test_every_problem_is_reported_at_once(tmp_path):
    write_module(tmp_path)
    _break("unknown_term", tmp_path)
    _break("audience", tmp_path)
    with pytest.raises(ImportProblems) as raised:
        load_catalogue(tmp_path)
    assert len(raised.value.problems) == 2


def test_a_lesson_in_one_language_only_is_accepted(tmp_path):
    write_module(tmp_path)
    (tmp_path / LESSON_ZH).unlink()
    [module] = load_catalogue(tmp_path).modules
    assert module.lessons[0].body_zh == "" and module.lessons[0].body_en


def test_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(ImportProblems, match="does not exist"):
        load_catalogue(tmp_path / "nothing-here")


def test_a_glossary_link_in_a_table_cell_is_one_cell(tmp_path):
    write_module(tmp_path)
    edit_text(tmp_path / LESSON_EN, "| Fee | none |", "| [[t-licence|Licence]] | [[t-licence]] |")
    catalogue = load_catalogue(tmp_path)
    [module] = catalogue.modules
    assert module.slug == "test-module"
