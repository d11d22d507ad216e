"""Demo accounts: clearly marked, one per role, listed in the README."""

from __future__ import annotations

from app.core.access import Role

from . import services as accounts
from .models import User

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


def seed_demo() -> list[str]:
    """Create the demo accounts that do not exist yet; returns the lines listing them all."""
    lines = [f"Demo data loaded. Demo accounts (password for all: {DEMO_PASSWORD}):"]
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
        role_names = ", ".join(sorted(r.value for r in user.role_set))
        lines.append(f"  {email:<28} {role_names}")
    return lines
