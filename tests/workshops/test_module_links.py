"""Workshops name the modules to take before and after; sessions name the module they teach from;
exchanges name the workshops and modules that came out of them."""

from __future__ import annotations

import sqlalchemy as sa

from app.core.access import Role
from app.exchanges.models import Exchange
from app.extensions import db as _db
from app.learning.models import Module
from app.workshops.models import Workshop, WorkshopSession
from tests.exchanges.factories import make_exchange
from tests.workshops.factories import make_workshop
from tests.workshops.test_coordinator_pages import NEW


def _module(slug: str, en: str, zh: str, status: str = "published") -> Module:
    module = Module(slug=slug, title_en=en, title_zh=zh, status=status)
    _db.session.add(module)
    _db.session.commit()
    return module


def test_coordinator_names_modules_before_and_after(client_as, db):
    c181 = _module("c181", "Convention No. 181", "第181号公约")
    fair = _module("fair", "Fair recruitment", "公平招聘")
    _module("draft-one", "Draft module", "草稿模块", status="draft")
    coordinator = client_as(Role.COORDINATOR)
    form = coordinator.get("/workshops/new").get_data(as_text=True)
    assert "Convention No. 181" in form and "Draft module" not in form
    response = coordinator.post(
        "/workshops/new",
        data={
            **NEW,
            "modules_before": [str(c181.id)],
            "modules_after": [str(fair.id), str(c181.id)],
        },
    )
    assert response.status_code == 302
    workshop = db.session.scalars(sa.select(Workshop)).one()
    assert [m.slug for m in workshop.modules("before")] == ["c181"]
    assert sorted(m.slug for m in workshop.modules("after")) == ["c181", "fair"]
    edit = coordinator.get(f"/workshops/{workshop.id}/edit").get_data(as_text=True)
    assert edit.count("checked") >= 3  # one before, two after
    coordinator.post(
        f"/workshops/{workshop.id}/edit", data={**NEW, "modules_after": [str(fair.id)]}
    )
    db.session.expire_all()
    workshop = db.session.get(Workshop, workshop.id)
    assert workshop.modules("before") == [] and [m.slug for m in workshop.modules("after")] == [
        "fair"
    ]


def test_trainees_see_the_modules_and_the_session_module(client_as, db):
    c181 = _module("c181", "Convention No. 181", "第181号公约")
    workshop = make_workshop()
    from app.workshops.models import WorkshopModule

    workshop.module_links.append(WorkshopModule(module_id=c181.id, timing="before"))
    session = db.session.scalars(sa.select(WorkshopSession)).first()
    session.module_id = c181.id
    db.session.commit()
    trainee = client_as(Role.TRAINEE, preferred_language="zh")
    page = trainee.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "培训班开始前学习" in page and "/learn/modules/c181" in page and "第181号公约" in page


def test_session_form_links_a_module(client_as, db):
    c181 = _module("c181", "Convention No. 181", "第181号公约")
    workshop = make_workshop()
    session = workshop.sessions[0]
    coordinator = client_as(Role.COORDINATOR)
    from app.workshops.scheduling import to_local

    start = to_local(session.starts_at, workshop.timezone).strftime("%Y-%m-%dT%H:%M")
    end = to_local(session.ends_at, workshop.timezone).strftime("%Y-%m-%dT%H:%M")
    response = coordinator.post(
        f"/workshops/{workshop.id}/sessions/{session.id}/edit",
        data={
            "title_en": "Session 1",
            "title_zh": "第1单元",
            "starts_at": start,
            "ends_at": end,
            "counts_for_attendance": "y",
            "module_id": str(c181.id),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.refresh(session)
    assert session.module_id == c181.id
    coordinator.post(
        f"/workshops/{workshop.id}/sessions/{session.id}/edit",
        data={
            "title_en": "Session 1",
            "title_zh": "第1单元",
            "starts_at": start,
            "ends_at": end,
            "module_id": "",
        },
    )
    db.session.refresh(session)
    assert session.module_id is None


def test_clone_keeps_the_module_links(client_as, db):
    c181 = _module("c181", "Convention No. 181", "第181号公约")
    workshop = make_workshop()
    from app.workshops.models import WorkshopModule

    workshop.module_links.append(WorkshopModule(module_id=c181.id, timing="before"))
    workshop.sessions[0].module_id = c181.id
    db.session.commit()
    coordinator = client_as(Role.COORDINATOR)
    coordinator.post(
        f"/workshops/{workshop.id}/clone",
        data={"start_date": "2030-06-01", "country": "CN", "province": "37", "city": "Jinan"},
    )
    copy = db.session.scalars(sa.select(Workshop).where(Workshop.id != workshop.id)).one()
    assert [m.slug for m in copy.modules("before")] == ["c181"]
    assert copy.sessions[0].module_id == c181.id


def test_exchange_outcomes_link_workshops_and_modules(client_as, db):
    c181 = _module("c181", "Convention No. 181", "第181号公约")
    workshop = make_workshop(title_en="Follow-up workshop in Fujian")
    exchange = make_exchange(status="completed")
    coordinator = client_as(Role.COORDINATOR)
    response = coordinator.post(
        f"/exchanges/{exchange.id}/outcomes",
        data={
            "findings_en": "Useful.",
            "workshop_ids": [str(workshop.id)],
            "module_ids": [str(c181.id)],
        },
    )
    assert response.status_code == 302
    page = coordinator.get(f"/exchanges/{exchange.id}").get_data(as_text=True)
    assert f"/workshops/{workshop.id}" in page and "/learn/modules/c181" in page
    exchange = db.session.get(Exchange, exchange.id)
    assert [w.id for w in exchange.outcome_workshops] == [workshop.id]
