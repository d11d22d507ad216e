"""Demo exchanges: every direction and status, with the demo trainee in two delegations."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from app.auth import services as accounts
from app.extensions import db

from .models import DelegationMember, Exchange, Institution, ItineraryItem, StatusChange

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


def seed_demo() -> list[str]:
    """Exchanges in every direction and status, with the demo trainee in two delegations (once)."""
    if db.session.scalar(sa.select(sa.func.count(Exchange.id))):
        return []
    institutions = []
    for name_en, name_zh, country, city, kind in DEMO_INSTITUTIONS:
        institution = Institution(
            name_en=name_en, name_zh=name_zh, country=country, city=city, kind=kind
        )
        db.session.add(institution)
        institutions.append(institution)
    coordinator = accounts.find_user_by_email("coordinator@example.org")
    trainee = accounts.find_user_by_email("trainee@example.org")
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
    return []
