"""Demo workshops past and upcoming, with registrations, attendance and modules to take."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from app.auth import services as accounts
from app.auth.models import User
from app.core.db import utcnow
from app.extensions import db
from app.learning.models import Module

from . import scheduling
from .models import AttendanceRecord, Registration, Workshop, WorkshopModule, WorkshopSession


def seed_demo() -> list[str]:
    """Add the demo workshops (once) and link them to modules; returns the line to print."""
    added = seed_demo_workshops()
    link_demo_modules()
    return [f"{added} demo workshop(s) added."]


def _demo_user(email: str) -> User:
    user = accounts.find_user_by_email(email)
    assert user is not None, f"demo account {email} is created first"
    return user


#: The demo workshops' agenda: English, Chinese, day, start and end (hour, minute), counts.
_AGENDA = (
    ("Opening and programme", "开幕与日程介绍", 0, 9, 0, 9, 30, True),
    ("Licensing recruitment agencies", "职业中介机构许可", 0, 9, 30, 11, 0, True),
    ("Tea break", "茶歇", 0, 11, 0, 11, 20, False),
    ("Inspection case study", "检查案例研究", 0, 11, 20, 12, 30, True),
    ("Fair recruitment and self-regulation", "公平招聘与行业自律", 1, 9, 0, 12, 0, True),
)


def _local(today, day_offset: int, hour: int, minute: int, zone: str):
    day = today + timedelta(days=day_offset)
    return scheduling.to_utc(datetime(day.year, day.month, day.day, hour, minute), zone)


def _workshop(today, coordinator, trainer, offset, zone, status, **fields) -> Workshop:
    """One demo workshop over two days, with the trainer and the demo agenda."""
    item = Workshop(
        starts_at=_local(today, offset, 9, 0, zone),
        ends_at=_local(today, offset + 1, 17, 0, zone),
        timezone=zone,
        status=status,
        created_by_id=coordinator.id,
        organisers="ILO, IOM, MOHRSS",
        **fields,
    )
    item.trainers = [trainer]
    for en, zh, day, h1, m1, h2, m2, counts in _AGENDA:
        item.sessions.append(
            WorkshopSession(
                title_en=en,
                title_zh=zh,
                starts_at=_local(today, offset + day, h1, m1, zone),
                ends_at=_local(today, offset + day, h2, m2, zone),
                room="Room 1",
                speakers="Małgorzata Kowalska",
                counts_for_attendance=counts,
            )
        )
    db.session.add(item)
    return item


def _register_trainee(trainee, trainer, past: Workshop, upcoming: Workshop) -> None:
    """The demo trainee registered for the past and the upcoming workshop, with attendance
    marked for the past one."""
    for item in (past, upcoming):
        db.session.add(
            Registration(
                workshop_id=item.id,
                user_id=trainee.id,
                status="confirmed",
                dietary_needs="",
                needs_interpretation=True,
            )
        )
    marks = ["present", "late", "absent", "present"]
    counting = [s for s in past.sessions if s.counts_for_attendance]
    for session, mark in zip(counting, marks, strict=True):
        db.session.add(
            AttendanceRecord(
                session_id=session.id, user_id=trainee.id, mark=mark, marked_by_id=trainer.id
            )
        )
    db.session.flush()


def seed_demo_workshops() -> int:
    """Demo workshops past and upcoming, with registrations and attendance; returns how many
    were added (none when they exist already)."""
    if db.session.scalar(sa.select(Workshop.id).where(Workshop.title_en.like("%(demo)"))):
        return 0
    trainee = _demo_user("trainee@example.org")
    trainer = _demo_user("trainer@example.org")
    coordinator = _demo_user("coordinator@example.org")
    today = utcnow().date()

    past = _workshop(
        today,
        coordinator,
        trainer,
        -40,
        "Asia/Shanghai",
        "completed",
        title_en="Monitoring recruitment agencies, Fuzhou (demo)",
        title_zh="职业中介机构监管培训班（福州）（演示）",
        description_en="Two days on licensing, inspection and complaints handling.",
        description_zh="为期两天，内容涵盖许可、检查和投诉处理。",
        kind="capacity_building",
        country="CN",
        province="35",
        city="Fuzhou",
        venue="Fujian Provincial HRSS training centre (demo)",
        capacity=30,
        seats_taken=1,
    )
    upcoming = _workshop(
        today,
        coordinator,
        trainer,
        21,
        "Asia/Shanghai",
        "published",
        title_en="Law and policy review, Jinan (demo)",
        title_zh="法律与政策审议研讨班（济南）（演示）",
        description_en="Reviewing the rules on recruitment agencies against ILO standards.",
        description_zh="对照国际劳工组织标准审议职业中介机构相关规定。",
        kind="law_policy_review",
        country="CN",
        province="37",
        city="Jinan",
        venue="Shandong hotel conference hall (demo)",
        capacity=25,
        seats_taken=1,
    )
    _workshop(
        today,
        coordinator,
        trainer,
        45,
        "Europe/Brussels",
        "published",
        title_en="Employers' dialogue, Brussels (demo)",
        title_zh="雇主对话会（布鲁塞尔）（演示）",
        description_en="EU and Chinese employers on fair recruitment.",
        description_zh="欧盟与中国雇主探讨公平招聘。",
        kind="employers_dialogue",
        country="BE",
        province="",
        city="Brussels",
        venue="Demo conference centre",
        capacity=20,
        requires_approval=True,
    )
    db.session.flush()
    _register_trainee(trainee, trainer, past, upcoming)
    return 3


def link_demo_modules() -> None:
    """Give the demo workshops modules to take before and after, once both exist."""
    modules = {m.slug: m for m in db.session.scalars(sa.select(Module))}
    before, after = modules.get("c181-private-employment-agencies"), modules.get("fair-recruitment")
    if before is None or after is None:
        return
    for workshop in db.session.scalars(
        sa.select(Workshop).where(Workshop.title_en.like("%(demo)"))
    ):
        if not workshop.module_links:
            workshop.module_links.append(WorkshopModule(module_id=before.id, timing="before"))
            workshop.module_links.append(WorkshopModule(module_id=after.id, timing="after"))
    db.session.flush()
