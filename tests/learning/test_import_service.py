"""Importing into the database: idempotent, in place, progress kept, browser-owned modules protected."""

from __future__ import annotations

import sqlalchemy as sa

from app.learning.models import GlossaryTerm, Lesson, LessonProgress, Module, ModuleOwner
from tests.conftest import make_user
from tests.learning.factories import REAL_MATERIALS, copy_real_materials, import_folder


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_real_materials_import_and_a_second_run_changes_nothing(db):
    report = import_folder(db, REAL_MATERIALS)
    assert len(report.created) >= 5
    modules, lessons, terms = _count(db, Module), _count(db, Lesson), _count(db, GlossaryTerm)
    assert modules >= 5 and lessons >= 25 and terms >= 50
    again = import_folder(db, REAL_MATERIALS)
    assert again.created == [] and again.updated == [] and len(again.unchanged) == modules
    assert (_count(db, Module), _count(db, Lesson), _count(db, GlossaryTerm)) == (
        modules,
        lessons,
        terms,
    )
    module = db.session.scalar(
        sa.select(Module).where(Module.slug == "c181-private-employment-agencies")
    )
    assert module.is_published and module.owner == ModuleOwner.FILES
    assert module.title_zh.startswith("私营就业机构")


def test_reimport_updates_in_place_and_keeps_progress(db, tmp_path):
    root = copy_real_materials(tmp_path / "materials")
    import_folder(db, root)
    trainee = make_user()
    lesson = db.session.scalar(
        sa.select(Lesson).where(Lesson.slug == "01-fair-recruitment-framework")
    )
    lesson_id = lesson.id
    db.session.add(LessonProgress(user_id=trainee.id, lesson_id=lesson_id))
    db.session.commit()

    path = root / "fair-recruitment/lessons/01-fair-recruitment-framework.en.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("\n## Sources", "\nA new paragraph added in review.\n\n## Sources", 1),
        encoding="utf-8",
    )
    report = import_folder(db, root)

    assert report.updated == ["fair-recruitment"]
    db.session.expire_all()
    updated = db.session.get(Lesson, lesson_id)
    assert "A new paragraph added in review." in updated.body_en
    assert db.session.scalar(
        sa.select(LessonProgress).where(
            LessonProgress.user_id == trainee.id, LessonProgress.lesson_id == lesson_id
        )
    )


def test_a_lesson_dropped_from_the_files_is_retired_with_its_progress_kept(db, tmp_path):
    root = copy_real_materials(tmp_path / "materials")
    import_folder(db, root)
    trainee = make_user()
    lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "05-iris-standard"))
    db.session.add(LessonProgress(user_id=trainee.id, lesson_id=lesson.id))
    db.session.commit()
    module_toml = root / "fair-recruitment/module.toml"
    module_toml.write_text(
        module_toml.read_text(encoding="utf-8").replace('  "05-iris-standard",\n', ""),
        encoding="utf-8",
    )
    (root / "fair-recruitment/lessons/05-iris-standard.en.md").unlink()
    (root / "fair-recruitment/lessons/05-iris-standard.zh.md").unlink()
    import_folder(db, root)
    db.session.expire_all()
    module = db.session.scalar(sa.select(Module).where(Module.slug == "fair-recruitment"))
    assert "05-iris-standard" not in [item.slug for item in module.lessons]
    assert db.session.get(Lesson, lesson.id).retired
    assert _count(db, LessonProgress) == 1


def test_a_browser_owned_module_is_not_overwritten_without_force(db, runner):
    import_folder(db, REAL_MATERIALS)
    module = db.session.scalar(sa.select(Module).where(Module.slug == "fair-recruitment"))
    module.owner = ModuleOwner.BROWSER.value
    module.title_en = "Edited in the browser"
    db.session.commit()

    result = runner.invoke(args=["materials", "import", "--path", str(REAL_MATERIALS)])
    assert result.exit_code != 0
    assert "materials/fair-recruitment: this module is edited in the browser" in result.output
    assert "Nothing was imported" in result.output
    db.session.expire_all()
    assert db.session.get(Module, module.id).title_en == "Edited in the browser"

    forced = runner.invoke(args=["materials", "import", "--force", "--path", str(REAL_MATERIALS)])
    assert forced.exit_code == 0, forced.output
    db.session.expire_all()
    module = db.session.get(Module, module.id)
    assert module.title_en != "Edited in the browser" and module.owner == ModuleOwner.FILES


def test_cli_reports_problems_with_file_and_line_and_writes_nothing(db, runner, tmp_path):
    root = copy_real_materials(tmp_path / "materials")
    lesson = root / "fair-recruitment/lessons/02-general-principles.en.md"
    lines = lesson.read_text(encoding="utf-8").splitlines()
    lines.insert(4, "See [[not-a-term]].")
    lesson.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(args=["materials", "import", "--path", str(root)])
    assert result.exit_code != 0
    assert (
        "materials/fair-recruitment/lessons/02-general-principles.en.md:5: glossary link "
        "[[not-a-term]] names no term" in result.output
    )
    assert _count(db, Module) == 0


def test_cli_imports_and_says_what_it_did(db, runner):
    result = runner.invoke(args=["materials", "import", "--path", str(REAL_MATERIALS)])
    assert result.exit_code == 0, result.output
    assert "Created 6 module(s)" in result.output
