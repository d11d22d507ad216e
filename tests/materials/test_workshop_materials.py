"""Workshop files: uploaded by its trainers and coordinators, downloaded by confirmed participants."""

from __future__ import annotations

import io

import sqlalchemy as sa

from app.core.access import Role
from app.extensions import db as _db
from app.materials.models import Material
from app.workshops.models import Registration
from tests.workshops.factories import make_workshop

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _register(workshop, user, status="confirmed"):
    _db.session.add(Registration(workshop_id=workshop.id, user_id=user.id, status=status))
    _db.session.commit()


def test_trainer_uploads_and_confirmed_participant_downloads_the_same_bytes(client_as, db):
    workshop = make_workshop()
    trainer = client_as(Role.TRAINER)
    workshop.trainers.append(trainer.user)
    db.session.commit()
    response = trainer.post(
        f"/workshops/{workshop.id}/materials",
        data={
            "file": (io.BytesIO(PDF), "福建培训讲义.pdf"),
            "title_en": "Handout",
            "title_zh": "讲义",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    material = db.session.scalar(sa.select(Material))
    assert material.workshop_id == workshop.id and material.module_id is None

    participant = client_as(Role.TRAINEE, preferred_language="zh")
    _register(workshop, participant.user)
    page = participant.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "培训班资料" in page and "讲义" in page
    download = participant.get(f"/learn/materials/{material.id}/download")
    assert download.status_code == 200 and download.data == PDF
    assert "%E7%A6%8F%E5%BB%BA" in download.headers["Content-Disposition"]
    download.close()


def test_others_cannot_download_or_manage(client_as, db):
    workshop = make_workshop()
    coordinator = client_as(Role.COORDINATOR)
    coordinator.post(
        f"/workshops/{workshop.id}/materials",
        data={"file": (io.BytesIO(PDF), "agenda.pdf")},
        content_type="multipart/form-data",
    )
    material = db.session.scalar(sa.select(Material))
    outsider = client_as(Role.TRAINEE)
    waiting = client_as(Role.TRAINEE)
    _register(workshop, waiting.user, status="waiting")
    other_trainer = client_as(Role.TRAINER)
    assert outsider.get(f"/learn/materials/{material.id}/download").status_code == 404
    assert waiting.get(f"/learn/materials/{material.id}/download").status_code == 404
    assert "agenda.pdf" not in outsider.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert other_trainer.get(f"/workshops/{workshop.id}/materials").status_code == 404
    assert other_trainer.post(f"/learn/materials/{material.id}/delete").status_code == 404


def test_upload_abuse_is_refused_on_workshops_too(client_as, db):
    workshop = make_workshop()
    coordinator = client_as(Role.COORDINATOR)
    response = coordinator.post(
        f"/workshops/{workshop.id}/materials",
        data={"file": (io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "logo.svg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert db.session.scalar(sa.select(Material)) is None


def test_delete_and_restore_return_to_the_workshop_page(client_as, db):
    workshop = make_workshop()
    coordinator = client_as(Role.COORDINATOR)
    coordinator.post(
        f"/workshops/{workshop.id}/materials",
        data={"file": (io.BytesIO(PDF), "agenda.pdf")},
        content_type="multipart/form-data",
    )
    material = db.session.scalar(sa.select(Material))
    response = coordinator.post(f"/learn/materials/{material.id}/delete")
    assert response.headers["Location"] == f"/workshops/{workshop.id}/materials"
    participant = client_as(Role.TRAINEE)
    _register(workshop, participant.user)
    assert participant.get(f"/learn/materials/{material.id}/download").status_code == 404
    coordinator.post(f"/learn/materials/{material.id}/restore")
    response = participant.get(f"/learn/materials/{material.id}/download")
    assert response.status_code == 200
    response.close()
