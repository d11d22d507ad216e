"""`flask seed-demo` imports a nomination list through the real import and leaves one to try."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth.models import User
from app.roster.columns import guess_mapping, header_score
from app.roster.demo import sample_path
from app.roster.nominations import check_rows
from app.roster.reading import read_table
from app.workshops.models import Registration, Workshop


def test_seed_demo_imports_nominated_officials_once(runner, db):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "3 nominated official(s) imported" in first.output
    assert "0 nominated official(s) imported" in runner.invoke(args=["seed-demo"]).output
    jinan = db.session.scalar(sa.select(Workshop).where(Workshop.title_en.like("%Jinan (demo)")))
    emails = set(
        db.session.scalars(
            sa.select(User.email)
            .join(Registration, Registration.user_id == User.id)
            .where(Registration.workshop_id == jinan.id)
        )
    )
    assert emails == {
        "trainee@example.org",
        "wang.jianguo@sd-hrss.example.org",
        "liu.min@jn-hrss.example.org",
        "sun.li@qd-hrss.example.org",
    }
    wang = db.session.scalar(
        sa.select(User).where(User.email == "wang.jianguo@sd-hrss.example.org")
    )
    assert wang.is_demo and wang.province == "37" and wang.name.chinese == "王建国"
    # The sample list reads without problems.
    table = read_table(sample_path().read_bytes(), "csv", header_score)
    checked = check_rows(table, guess_mapping(table))
    assert checked.problems == [] and len(checked.nominees) == 3
