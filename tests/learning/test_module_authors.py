"""Only a module's authors, coordinators and admins change it (issue 16, item 9): before, any
trainer could edit, unpublish or delete any module and its materials, the reviewed ones included."""

from __future__ import annotations

import io

import sqlalchemy as sa

from app.core.access import Role
from app.learning.models import Module, ModuleStatus, module_authors
from app.materials.models import Material
from tests.learning.factories import import_folder, make_author, write_module

MODULE_FORM = {
    "slug": "safe-migration",
    "title_en": "Safe migration",
    "title_zh": "安全移民",
    "summary_en": "Why it matters.",
    "summary_zh": "为什么重要。",
    "objectives_en": "Explain the risks.",
    "objectives_zh": "说明风险。",
    "estimated_minutes": "30",
    "version": "1.0",
    "audiences": ["labour-inspectors"],
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _module(db, slug):
    return db.session.scalar(sa.select(Module).where(Module.slug == slug))


def test_the_creator_is_the_author_and_other_trainers_are_refused(client_as, db):
    creator = client_as(Role.TRAINER)
    assert creator.post("/learn/author/new", data=MODULE_FORM).status_code == 302
    module = _module(db, "safe-migration")
    assert [a.id for a in module.authors] == [creator.user.id]
    assert creator.get("/learn/modules/safe-migration/edit").status_code == 200

    other = client_as(Role.TRAINER, preferred_language="zh")
    response = other.get("/learn/modules/safe-migration/edit")
    assert response.status_code == 403
    assert "只有模块的作者、协调员和管理员才能修改此模块。" in response.text
    edit = {**MODULE_FORM, "title_en": "Hijacked"}
    assert other.post("/learn/modules/safe-migration/edit", data=edit).status_code == 403
    status = other.post("/learn/modules/safe-migration/status", data={"status": "archived"})
    assert status.status_code == 403
    assert other.get("/learn/modules/safe-migration/author/lessons/new").status_code == 403
    assert other.get("/learn/modules/safe-migration/author/questions/new").status_code == 403
    db.session.expire_all()
    module = _module(db, "safe-migration")
    assert module.title_en == "Safe migration" and module.status == ModuleStatus.DRAFT

    coordinator = client_as(Role.COORDINATOR)
    assert coordinator.post("/learn/modules/safe-migration/edit", data=edit).status_code == 302


def test_only_coordinators_change_the_status_of_a_reviewed_module(client_as, db, tmp_path):
    write_module(tmp_path)
    import_folder(db, tmp_path)
    author = make_author(_module(db, "test-module"), client_as(Role.TRAINER))
    response = author.post("/learn/modules/test-module/status", data={"status": "draft"})
    assert response.status_code == 403
    assert "Only coordinators and administrators can change the status" in response.text
    assert _module(db, "test-module").status == ModuleStatus.PUBLISHED
    coordinator = client_as(Role.COORDINATOR)
    coordinator.post("/learn/modules/test-module/status", data={"status": "draft"})
    db.session.expire_all()
    assert _module(db, "test-module").status == ModuleStatus.DRAFT


def test_a_trainer_cannot_touch_the_materials_of_a_module_they_do_not_author(
    client_as, db, tmp_path
):
    write_module(tmp_path)
    import_folder(db, tmp_path)
    module = _module(db, "test-module")
    author = make_author(module, client_as(Role.TRAINER))
    author.post(
        "/learn/modules/test-module/materials",
        data={"file": (io.BytesIO(PDF), "handout.pdf")},
        content_type="multipart/form-data",
    )
    material = db.session.scalar(sa.select(Material))
    assert material is not None
    stranger = client_as(Role.TRAINER)
    upload = stranger.post(
        "/learn/modules/test-module/materials",
        data={"file": (io.BytesIO(PDF), "other.pdf")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 403
    assert stranger.post(f"/learn/materials/{material.id}/delete").status_code == 404
    db.session.expire_all()
    assert db.session.get(Material, material.id).deleted_at is None
    assert db.session.scalar(sa.select(sa.func.count(Material.id))) == 1


def test_a_coordinator_adds_an_author(client_as, db, tmp_path):
    write_module(tmp_path)
    import_folder(db, tmp_path)
    trainer = client_as(Role.TRAINER)
    assert trainer.get("/learn/modules/test-module/edit").status_code == 403
    coordinator = client_as(Role.COORDINATOR)
    page = coordinator.get("/learn/modules/test-module/edit").text
    assert "Add the author" in page
    response = coordinator.post(
        "/learn/modules/test-module/authors", data={"email": trainer.user.email}
    )
    assert response.status_code == 302
    assert trainer.get("/learn/modules/test-module/edit").status_code == 200
    trainee = client_as(Role.TRAINEE)
    refused = coordinator.post(
        "/learn/modules/test-module/authors", data={"email": trainee.user.email}
    )
    assert refused.status_code == 400
    rows = db.session.execute(sa.select(module_authors.c.user_id)).scalars().all()
    assert rows == [trainer.user.id]
    assert (
        trainer.post(
            "/learn/modules/test-module/authors", data={"email": trainer.user.email}
        ).status_code
        == 403
    )
