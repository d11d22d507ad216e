"""Rules that concurrency could break, held by the database: proven with real threads.

The parent row is locked with a write before a number is chosen: PostgreSQL locks the row, SQLite
the file. The PostgreSQL run (TEST_DATABASE_URL) is the proof that matters for production.
"""

from __future__ import annotations

import io
from functools import partial

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from app.core.access import Role
from app.core.storage import validate_upload
from app.learning import authoring, services
from app.learning.models import Lesson, LessonProgress, ModuleRevision
from app.materials import services as materials
from app.materials.models import Material, MaterialVersion
from tests.conftest import make_user, run_at_once
from tests.learning.factories import import_folder, write_module

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
THREADS = 6


@pytest.fixture
def lesson(db, tmp_path):
    write_module(tmp_path)
    import_folder(db, tmp_path)
    return db.session.scalar(sa.select(Lesson).where(Lesson.slug == "01-basics"))


def test_marking_a_lesson_done_in_many_tabs_records_it_once(app, db, lesson):
    user = make_user()
    lesson_id, user_id = lesson.id, user.id

    def work(_index):
        from app.extensions import db as thread_db

        services.mark_done(user_id, thread_db.session.get(Lesson, lesson_id))
        services.record_visit(user_id, thread_db.session.get(Lesson, lesson_id))

    _results, errors = run_at_once(app, [partial(work, n) for n in range(THREADS)])
    assert errors == []
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonProgress)) == 1


def test_replacing_a_file_at_once_numbers_versions_without_gaps_or_clashes(app, db, lesson):
    trainer = make_user(roles=(Role.TRAINER,))
    module_id = lesson.module_id
    with app.test_request_context():
        upload = validate_upload(FileStorage(io.BytesIO(PDF), "a.pdf"), {"pdf"}, 10_000)
        material = materials.add_material(
            db.session.get(type(lesson.module), module_id), upload, trainer
        )
        db.session.commit()
    material_id, trainer_id = material.id, trainer.id

    def work(_index):
        from app.auth.models import User
        from app.extensions import db as thread_db

        materials.replace_material(
            thread_db.session.get(Material, material_id),
            upload,
            thread_db.session.get(User, trainer_id),
        )

    _results, errors = run_at_once(app, [partial(work, n) for n in range(THREADS)])
    assert errors == []
    db.session.expire_all()
    numbers = sorted(
        db.session.scalars(
            sa.select(MaterialVersion.number).where(MaterialVersion.material_id == material_id)
        )
    )
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) == THREADS + 1


def test_saving_versions_at_once_numbers_them_without_clashes(app, db, lesson):
    trainer = make_user(roles=(Role.TRAINER,))
    module_id, trainer_id = lesson.module_id, trainer.id

    def work(_index):
        from app.auth.models import User
        from app.extensions import db as thread_db
        from app.learning.models import Module

        authoring.save_revision(
            thread_db.session.get(Module, module_id),
            thread_db.session.get(User, trainer_id),
            "test",
        )

    _results, errors = run_at_once(app, [partial(work, n) for n in range(THREADS)])
    assert errors == []
    db.session.expire_all()
    numbers = sorted(db.session.scalars(sa.select(ModuleRevision.number)))
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) == THREADS
