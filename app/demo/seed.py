"""The demo programme: clearly marked demo accounts (and, as features land, their data)."""

from __future__ import annotations

from app.auth import services as accounts
from app.auth.models import User
from app.core.access import Role

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
    """Create the demo accounts that do not exist yet; returns (e-mail, roles) for each."""
    listed = _seed_accounts()
    _seed_learning()
    return listed


def _seed_learning() -> None:
    """Import the training modules and leave the demo trainee part-way through one."""
    from app.learning.demo import seed_learning

    seed_learning("trainee@example.org")


def _seed_accounts() -> list[tuple[str, str]]:
    listed = []
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
        listed.append((email, ", ".join(sorted(r.value for r in user.role_set))))
    return listed
