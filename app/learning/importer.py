"""Reading and validating the module files under materials/ (format: materials/README.md).

Pure: no Flask, no database. `load_catalogue` checks every file before anything is imported and
raises ImportProblems listing each problem with its file and line, so an author can fix them all
in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from app.core.hooks import module_files_checked

from .lesson_rules import Problem, check_lesson_text
from .rendering import (
    TERM_ID_RE,
    body_without_title,
    split_lesson,
)
from .source_files import _line_of, _read_text, _read_toml, _rel, _text_field

AUDIENCES = (
    "licensing-officers",
    "labour-inspectors",
    "policy-officers",
    "agency-staff",
    "public-employment-services",
    "trainers",
)
LANGUAGES = ("en", "zh")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class ImportProblems(Exception):
    """The files (or the database's state) refuse the import; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class LessonSource:
    """One lesson as read from its two files ('' where a language's file is missing)."""

    slug: str
    title_en: str
    title_zh: str
    body_en: str
    body_zh: str


@dataclass(frozen=True)
class TermSource:
    """One glossary term."""

    slug: str
    term_en: str
    term_zh: str
    definition_en: str
    definition_zh: str
    source: str


@dataclass(frozen=True)
class ModuleSource:
    """One module folder, validated."""

    slug: str
    version: str
    estimated_minutes: int
    audiences: tuple[str, ...]
    title_en: str
    title_zh: str
    summary_en: str
    summary_zh: str
    objectives: tuple[dict, ...]
    lessons: tuple[LessonSource, ...]
    terms: tuple[TermSource, ...]
    #: The question bank (questions.toml) and quizzes (quizzes.toml), checked through the
    #: module_files_checked hook by app/quizzes/bank_files.
    questions: tuple = ()
    quizzes: tuple = ()


@dataclass
class Catalogue:
    """Every module of a materials folder."""

    modules: list[ModuleSource] = field(default_factory=list)


def _check_module_toml(folder: Path, root: Path, problems: list[Problem]) -> dict | None:  # noqa: C901 (a file checker: one branch per rule)
    path = folder / "module.toml"
    where = _rel(path, root)
    if not path.is_file():
        problems.append(Problem(where, None, "module.toml is missing"))
        return None
    read = _read_toml(path, root, problems)
    if read is None:
        return None
    data, text = read
    meta: dict = {}
    slug = data.get("slug")
    if slug != folder.name:
        problems.append(
            Problem(
                where, _line_of(text, "slug"), f"'slug' must be the folder name '{folder.name}'"
            )
        )
    if not SLUG_RE.match(folder.name):
        problems.append(
            Problem(where, None, "the folder name must use lowercase letters, digits and hyphens")
        )
    meta["slug"] = folder.name
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        problems.append(
            Problem(where, _line_of(text, "version"), "'version' must be text like \"1.0\"")
        )
    meta["version"] = str(version or "")
    minutes = data.get("estimated_minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        problems.append(
            Problem(
                where,
                _line_of(text, "estimated_minutes"),
                "'estimated_minutes' must be a whole number above 0",
            )
        )
    meta["estimated_minutes"] = minutes if isinstance(minutes, int) else 0
    audiences = data.get("audiences")
    if not isinstance(audiences, list) or not audiences:
        problems.append(
            Problem(where, _line_of(text, "audiences"), "'audiences' must be a non-empty list")
        )
        audiences = []
    for audience in audiences:
        if audience not in AUDIENCES:
            problems.append(
                Problem(
                    where,
                    _line_of(text, "audiences"),
                    f"unknown audience '{audience}' (allowed: {', '.join(AUDIENCES)})",
                )
            )
    meta["audiences"] = tuple(a for a in audiences if a in AUDIENCES)
    for key in ("title_en", "title_zh", "summary_en", "summary_zh"):
        meta[key] = _text_field(data, key, where, text, problems)
    objectives = data.get("objective")
    if not isinstance(objectives, list) or not 3 <= len(objectives) <= 6:
        problems.append(
            Problem(
                where,
                _line_of(text, "[[objective]]"),
                "a module needs 3 to 6 [[objective]] entries",
            )
        )
        objectives = objectives if isinstance(objectives, list) else []
    seen: set[str] = set()
    clean_objectives = []
    offset = 0
    for objective in objectives:
        index = text.find("[[objective]]", offset)
        line = text.count("\n", 0, index) + 1 if index >= 0 else None
        offset = index + 1 if index >= 0 else offset
        if not isinstance(objective, dict):
            continue
        identifier = objective.get("id")
        if not isinstance(identifier, str) or not SLUG_RE.match(identifier):
            problems.append(Problem(where, line, "an objective needs an 'id' (lowercase, hyphens)"))
        elif identifier in seen:
            problems.append(Problem(where, line, f"objective id '{identifier}' is used twice"))
        seen.add(str(identifier))
        for language in LANGUAGES:
            if not isinstance(objective.get(language), str) or not objective[language].strip():
                problems.append(
                    Problem(where, line, f"objective '{identifier}' has no '{language}' text")
                )
        clean_objectives.append(
            {"id": str(identifier), "en": objective.get("en", ""), "zh": objective.get("zh", "")}
        )
    meta["objectives"] = tuple(clean_objectives)
    lessons = data.get("lessons")
    if not isinstance(lessons, list) or not lessons or not all(isinstance(s, str) for s in lessons):
        problems.append(
            Problem(
                where,
                _line_of(text, "lessons"),
                "'lessons' must be a non-empty list of lesson slugs",
            )
        )
        lessons = []
    duplicates = sorted({s for s in lessons if lessons.count(s) > 1})
    for duplicate in duplicates:
        problems.append(
            Problem(where, _line_of(text, "lessons"), f"lesson '{duplicate}' is listed twice")
        )
    for lesson_slug in lessons:
        if not SLUG_RE.match(lesson_slug):
            problems.append(
                Problem(
                    where,
                    _line_of(text, "lessons"),
                    f"lesson slug '{lesson_slug}' must use lowercase letters, digits and hyphens",
                )
            )
    meta["lessons"] = [s for s in dict.fromkeys(lessons) if SLUG_RE.match(s)]
    return meta  # returned even with problems, so that its lessons are checked in the same pass


def _check_glossary(
    folder: Path, root: Path, problems: list[Problem]
) -> list[tuple[TermSource, str, int | None]]:
    path = folder / "glossary.toml"
    if not path.exists():
        return []
    read = _read_toml(path, root, problems)
    if read is None:
        return []
    data, text = read
    where = _rel(path, root)
    terms = data.get("term", [])
    if not isinstance(terms, list):
        problems.append(Problem(where, None, "terms must be written as [[term]] tables"))
        return []
    found = []
    offset = 0
    for term in terms:
        index = text.find("[[term]]", offset)
        line = text.count("\n", 0, index) + 1 if index >= 0 else None
        offset = index + 1 if index >= 0 else offset
        identifier = term.get("id") if isinstance(term, dict) else None
        if not isinstance(identifier, str) or not TERM_ID_RE.match(identifier):
            problems.append(
                Problem(where, line, "a term needs an 'id' (lowercase letters, digits, hyphens)")
            )
            continue
        missing = [
            key
            for key in ("en", "zh", "definition_en", "definition_zh")
            if not isinstance(term.get(key), str) or not term[key].strip()
        ]
        if missing:
            problems.append(Problem(where, line, f"term '{identifier}' lacks {', '.join(missing)}"))
            continue
        found.append(
            (
                TermSource(
                    identifier,
                    term["en"].strip(),
                    term["zh"].strip(),
                    term["definition_en"].strip(),
                    term["definition_zh"].strip(),
                    str(term.get("source", "")).strip(),
                ),
                where,
                line,
            )
        )
    return found


def _check_lessons(
    folder: Path, root: Path, slugs: list[str], known_terms: set[str], problems: list[Problem]
) -> list[LessonSource]:
    lesson_dir = folder / "lessons"
    assets_dir = folder / "assets"
    assets = {p.name for p in assets_dir.iterdir() if p.is_file()} if assets_dir.is_dir() else set()
    listed = set(slugs)
    if lesson_dir.is_dir():
        for path in sorted(lesson_dir.iterdir()):
            match = re.fullmatch(r"(?P<slug>.+)\.(?P<lang>en|zh)\.md", path.name)
            if not match:
                problems.append(
                    Problem(
                        _rel(path, root),
                        None,
                        "lesson files are named <lesson-slug>.en.md or <lesson-slug>.zh.md",
                    )
                )
            elif match["slug"] not in listed:
                problems.append(
                    Problem(
                        _rel(path, root), None, "this lesson is not listed in module.toml 'lessons'"
                    )
                )
    found = []
    for slug in slugs:
        texts: dict[str, str] = {}
        for language in LANGUAGES:
            path = lesson_dir / f"{slug}.{language}.md"
            if path.is_file():
                text = _read_text(path, root, problems)
                if text is not None:
                    problems.extend(check_lesson_text(text, _rel(path, root), known_terms, assets))
                    texts[language] = text
        if not any((lesson_dir / f"{slug}.{lang}.md").is_file() for lang in LANGUAGES):
            problems.append(
                Problem(
                    _rel(folder / "module.toml", root),
                    None,
                    f"lesson '{slug}' has neither lessons/{slug}.en.md nor lessons/{slug}.zh.md",
                )
            )
            continue
        parsed = {lang: split_lesson(text) for lang, text in texts.items()}
        if len(parsed) == 2:
            en = [s.anchor for s in parsed["en"].sections]
            zh = [s.anchor for s in parsed["zh"].sections]
            if en != zh:
                problems.append(
                    Problem(
                        _rel(lesson_dir / f"{slug}.zh.md", root),
                        _first_difference_line(parsed["zh"].sections, en),
                        f"section anchors differ from the English file: en {' '.join(en)} / zh {' '.join(zh)}",
                    )
                )
        found.append(
            LessonSource(
                slug,
                parsed["en"].title if "en" in parsed else "",
                parsed["zh"].title if "zh" in parsed else "",
                body_without_title(texts["en"]) if "en" in texts else "",
                body_without_title(texts["zh"]) if "zh" in texts else "",
            )
        )
    return found


def _first_difference_line(sections, expected: list[str]) -> int | None:
    for index, section in enumerate(sections):
        if index >= len(expected) or section.anchor != expected[index]:
            return section.line
    return sections[-1].line if sections else None


def load_catalogue(root: Path) -> Catalogue:
    """Read and validate every module folder under `root`; raise ImportProblems if anything is wrong."""
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        raise ImportProblems([Problem(str(root), None, "the materials folder does not exist")])
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    metas = {folder: _check_module_toml(folder, root, problems) for folder in folders}
    term_entries = {folder: _check_glossary(folder, root, problems) for folder in folders}
    first_seen: dict[str, str] = {}
    for entries in term_entries.values():
        for term, where, line in entries:
            if term.slug in first_seen:
                problems.append(
                    Problem(
                        where,
                        line,
                        f"term id '{term.slug}' is already defined in {first_seen[term.slug]}",
                    )
                )
            else:
                first_seen[term.slug] = where
    known_terms = set(first_seen)
    catalogue = Catalogue()
    for folder in folders:
        meta = metas[folder]
        if meta is None:
            continue
        lessons = _check_lessons(folder, root, meta["lessons"], known_terms, problems)
        objective_ids = [o["id"] for o in meta["objectives"]]  # in teaching order
        # the other parts of a module folder (the quizzes' question bank) are checked by their
        # feature, through a hook
        parts = {}
        for checked in module_files_checked.fire(folder, root, objective_ids, problems):
            parts.update(checked)
        catalogue.modules.append(
            ModuleSource(
                slug=meta["slug"],
                version=meta["version"],
                estimated_minutes=meta["estimated_minutes"],
                audiences=meta["audiences"],
                title_en=meta["title_en"],
                title_zh=meta["title_zh"],
                summary_en=meta["summary_en"],
                summary_zh=meta["summary_zh"],
                objectives=meta["objectives"],
                lessons=tuple(lessons),
                terms=tuple(term for term, _where, _line in term_entries[folder]),
                **parts,
            )
        )
    if not folders:
        problems.append(Problem(str(root), None, "no module folders found"))
    if problems:
        raise ImportProblems(problems)
    return catalogue
