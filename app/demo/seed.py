"""The demo programme: clearly marked demo accounts (and, as features land, their data)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from app.auth import services as accounts
from app.auth.models import User
from app.core.access import Role
from app.exchanges.models import (
    DelegationMember,
    Exchange,
    Institution,
    ItineraryItem,
    StatusChange,
)
from app.extensions import db
from app.learning.demo import seed_learning

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 -- published in the README, demo only

#: (e-mail, roles, profile) of the demo accounts listed in the README.
DEMO_ACCOUNTS = (
    (
        "trainee@example.org",
        {Role.TRAINEE},
        {
            "family_name_zh": "林",
            "given_name_zh": "晓燕",
            "family_name_latin": "Lin",
            "given_name_latin": "Xiaoyan",
            "organisation": "福建省人力资源和社会保障厅（演示）",
            "organisation_type": "provincial_bureau",
            "position": "Licensing officer (demo)",
            "country": "CN",
            "province": "35",
            "gender": "female",
            "preferred_language": "zh",
            "timezone": "Asia/Shanghai",
        },
    ),
    (
        "trainer@example.org",
        {Role.TRAINER},
        {
            "family_name_latin": "Kowalska",
            "given_name_latin": "Małgorzata",
            "organisation": "Demo Labour Inspectorate",
            "organisation_type": "eu_authority",
            "position": "Senior inspector and trainer (demo)",
            "country": "PL",
            "gender": "female",
            "preferred_language": "en",
            "timezone": "Europe/Warsaw",
        },
    ),
    (
        "coordinator@example.org",
        {Role.COORDINATOR},
        {
            "family_name_zh": "王",
            "given_name_zh": "磊",
            "family_name_latin": "Wang",
            "given_name_latin": "Lei",
            "organisation": "Demo programme office",
            "organisation_type": "international_organisation",
            "position": "Programme coordinator (demo)",
            "country": "CN",
            "province": "11",
            "gender": "male",
            "preferred_language": "en",
            "timezone": "Asia/Shanghai",
        },
    ),
    (
        "admin@example.org",
        {Role.ADMIN},
        {
            "family_name_latin": "Admin",
            "given_name_latin": "Demo",
            "organisation": "Demo programme office",
            "organisation_type": "international_organisation",
            "position": "Platform administrator (demo)",
            "country": "BE",
            "preferred_language": "en",
            "timezone": "Europe/Brussels",
        },
    ),
)


def seed_demo() -> list[tuple[str, str]]:
    """Create the demo accounts and data that do not exist yet; returns (e-mail, roles) for each."""
    listed = []
    users = {}
    for email, roles, profile in DEMO_ACCOUNTS:
        user: User | None = accounts.find_user_by_email(email)
        if user is None:
            user = accounts.create_user(
                email,
                DEMO_PASSWORD,
                profile,
                roles=roles,
                consent_version=accounts.PRIVACY_NOTICE_VERSION,
                is_demo=True,
            )
        users[email] = user
        listed.append((email, ", ".join(sorted(r.value for r in user.role_set))))
    seed_learning("trainee@example.org")
    _seed_exchanges(users)
    return listed


#: Demo institutions: (English name, Chinese name, country, city, kind).
DEMO_INSTITUTIONS = (
    ("Ministry of Human Resources and Social Security (demo)", "人力资源和社会保障部（演示）", "CN", "北京", "ministry"),
    ("Fujian Department of Human Resources and Social Security (demo)", "福建省人力资源和社会保障厅（演示）", "CN", "福州", "provincial_department"),
    ("National Labour Inspectorate of Poland (demo)", "波兰国家劳动监察局（演示）", "PL", "Warszawa", "labour_inspection"),
    ("Italian Ministry of Labour (demo)", "意大利劳动部（演示）", "IT", "Roma", "ministry"),
    ("Belgian Federal Public Service Employment (demo)", "比利时联邦就业部（演示）", "BE", "Brussels", "labour_inspection"),
)  # fmt: skip

#: Demo exchanges: (English title, Chinese title, direction, sender, host, start, end, status).
DEMO_EXCHANGES = (
    ("Study visit: inspecting recruitment agencies in Poland", "赴波兰考察职业中介机构监督检查", "china_to_eu", 1, 2, date(2026, 4, 13), date(2026, 4, 17), "completed"),
    ("EU experts on risk-based inspection in Fujian", "欧盟专家赴福建交流基于风险的检查", "eu_to_china", 2, 1, date(2026, 9, 7), date(2026, 9, 11), "completed"),
    ("Study visit: licensing of agencies in Italy", "赴意大利考察中介机构许可制度", "china_to_eu", 0, 3, date(2027, 3, 15), date(2027, 3, 19), "in_preparation"),
    ("Regional round table on fair recruitment", "公平招聘区域圆桌会议", "multilateral", 4, 0, date(2027, 6, 7), date(2027, 6, 9), "approved"),
    ("Exchange of labour inspectors with Belgium", "与比利时劳动监察员互访", "china_to_eu", 1, 4, date(2027, 9, 20), date(2027, 9, 24), "proposed"),
    ("Joint review of overseas labour service contracts", "对外劳务合作合同联合审查", "eu_to_china", 2, 0, date(2026, 11, 23), date(2026, 12, 4), "under_way"),
    ("Study visit postponed by the host", "接待方推迟的考察访问", "china_to_eu", 0, 4, date(2026, 6, 1), date(2026, 6, 5), "withdrawn"),
    ("Seminar cancelled for lack of funding", "因经费不足取消的研讨会", "eu_to_china", 3, 1, date(2026, 5, 18), date(2026, 5, 20), "cancelled"),
)  # fmt: skip

_PATH = ("proposed", "approved", "in_preparation", "under_way", "completed")


def _seed_exchanges(users: dict[str, User]) -> None:
    """Exchanges in every direction and status, with the demo trainee in two delegations."""
    if db.session.scalar(sa.select(sa.func.count(Exchange.id))):
        return
    institutions = []
    for name_en, name_zh, country, city, kind in DEMO_INSTITUTIONS:
        institution = Institution(
            name_en=name_en, name_zh=name_zh, country=country, city=city, kind=kind
        )
        db.session.add(institution)
        institutions.append(institution)
    coordinator = users["coordinator@example.org"]
    trainee = users["trainee@example.org"]
    for index, (en, zh, direction, sender, host, start, end, status) in enumerate(DEMO_EXCHANGES):
        exchange = Exchange(
            title_en=en,
            title_zh=zh,
            direction=direction,
            sending_institution=institutions[sender],
            host_institution=institutions[host],
            start_date=start,
            end_date=end,
            status=status,
            purpose_en="Compare how licensing and inspection of recruitment agencies work on each side (demo data).",
            purpose_zh="比较双方职业中介机构许可和监督检查的做法（演示数据）。",
            funding_source="EU programme (demo)",
            created_by_id=coordinator.id,
        )
        db.session.add(exchange)
        steps = _PATH[: _PATH.index(status) + 1] if status in _PATH else ("proposed", status)
        for before, after in zip(steps, steps[1:], strict=False):
            reason = (
                "Demo: the reason is recorded with the change"
                if after in {"withdrawn", "cancelled"}
                else ""
            )
            db.session.add(
                StatusChange(
                    exchange=exchange,
                    from_status=before,
                    to_status=after,
                    changed_by_id=coordinator.id,
                    reason=reason,
                )
            )
        if index in (0, 2):
            db.session.add(DelegationMember(exchange=exchange, user_id=trainee.id, role="member"))
            db.session.add(
                DelegationMember(
                    exchange=exchange,
                    family_name_zh="周",
                    given_name_zh="建国",
                    family_name_latin="Zhou",
                    given_name_latin="Jianguo",
                    organisation="人力资源和社会保障部（演示）",
                    role="head",
                )
            )
        if index == 0:
            exchange.findings_en = "Choosing agencies for inspection at random, and publishing the results, raised compliance (demo)."
            exchange.findings_zh = (
                "随机抽取检查对象并公开检查结果，提高了中介机构的守法水平（演示）。"
            )
            exchange.follow_up_en = "Pilot random inspections in Fujian (demo)."
            exchange.follow_up_zh = "在福建试点随机抽查（演示）。"
            db.session.add(
                ItineraryItem(
                    exchange=exchange,
                    starts_at=datetime(2026, 4, 14, 7, 0, tzinfo=UTC),
                    ends_at=datetime(2026, 4, 14, 10, 0, tzinfo=UTC),
                    timezone="Europe/Warsaw",
                    host_institution=institutions[2],
                    place="ul. Barska 28/30, Warszawa",
                    topic_en="How inspectors choose which agencies to visit",
                    topic_zh="监察员如何确定检查对象",
                )
            )
    db.session.flush()


def _demo_user(email: str) -> User:
    user = accounts.find_user_by_email(email)
    assert user is not None, f"demo account {email} is created first"
    return user


def seed_demo_workshops() -> int:
    """Demo workshops past and upcoming, with registrations and attendance; returns how many
    were added (none when they exist already)."""
    from datetime import datetime, timedelta

    import sqlalchemy as sa

    from app.core.db import utcnow
    from app.extensions import db
    from app.workshops import scheduling
    from app.workshops.models import (
        AttendanceRecord,
        Registration,
        Workshop,
        WorkshopSession,
    )

    if db.session.scalar(sa.select(Workshop.id).where(Workshop.title_en.like("%(demo)"))):
        return 0
    trainee = _demo_user("trainee@example.org")
    trainer = _demo_user("trainer@example.org")
    coordinator = _demo_user("coordinator@example.org")
    today = utcnow().date()

    def local(day_offset: int, hour: int, minute: int, zone: str):
        day = today + timedelta(days=day_offset)
        return scheduling.to_utc(datetime(day.year, day.month, day.day, hour, minute), zone)

    def workshop(offset, zone, status, **fields):
        item = Workshop(
            starts_at=local(offset, 9, 0, zone),
            ends_at=local(offset + 1, 17, 0, zone),
            timezone=zone,
            status=status,
            created_by_id=coordinator.id,
            organisers="ILO, IOM, MOHRSS",
            **fields,
        )
        item.trainers = [trainer]
        agenda = [
            ("Opening and programme", "开幕与日程介绍", 0, 9, 0, 9, 30, True),
            ("Licensing recruitment agencies", "职业中介机构许可", 0, 9, 30, 11, 0, True),
            ("Tea break", "茶歇", 0, 11, 0, 11, 20, False),
            ("Inspection case study", "检查案例研究", 0, 11, 20, 12, 30, True),
            ("Fair recruitment and self-regulation", "公平招聘与行业自律", 1, 9, 0, 12, 0, True),
        ]
        for en, zh, day, h1, m1, h2, m2, counts in agenda:
            item.sessions.append(
                WorkshopSession(
                    title_en=en,
                    title_zh=zh,
                    starts_at=local(offset + day, h1, m1, zone),
                    ends_at=local(offset + day, h2, m2, zone),
                    room="Room 1",
                    speakers="Małgorzata Kowalska",
                    counts_for_attendance=counts,
                )
            )
        db.session.add(item)
        return item

    past = workshop(
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
    upcoming = workshop(
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
    workshop(
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
    return 3


def link_demo_modules() -> None:
    """Give the demo workshops modules to take before and after, once both exist."""
    from app.learning.models import Module
    from app.workshops.models import Workshop, WorkshopModule

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
