"""`flask seed-demo` shows certificates in every state."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.auth.services import find_user_by_email
from app.certificates.models import Certificate
from tests.conftest import sign_in


def test_seed_demo_adds_valid_superseded_and_revoked_certificates_once(runner, client, db, app):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "4 demo certificate(s) added." in first.output
    assert "0 demo certificate(s) added." in runner.invoke(args=["seed-demo"]).output
    statuses = sorted(db.session.scalars(sa.select(Certificate.status)))
    assert statuses == ["live", "live", "revoked", "superseded"]
    trainee = find_user_by_email("trainee@example.org")
    sign_in(client, trainee)
    my_page = client.get("/my").text
    live = db.session.scalars(sa.select(Certificate).where(Certificate.status == "live")).all()
    assert all(c.code_display in my_page for c in live)
    coordinator = sign_in(app.test_client(), find_user_by_email("coordinator@example.org"))
    jobs_page = coordinator.get("/jobs/").text
    job_url = re.search(r'href="(/jobs/\d+)"', jobs_page).group(1)
    assert "Certificates issued" in coordinator.get(job_url).text
    revoked = db.session.scalar(sa.select(Certificate).where(Certificate.status == "revoked"))
    assert (
        "撤销，不再有效" in client.get(f"/verify/{revoked.code_display}").text
    )  # she reads Chinese


def test_certificates_issued_from_the_command_line_are_bilingual(runner, db):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    for certificate in db.session.scalars(sa.select(Certificate)):
        assert certificate.snapshot["issued_zh"].startswith("发证日期：")
        assert certificate.snapshot["issued_en"].startswith("Issued on ")
        assert certificate.snapshot["verify_label_zh"] == "查验本证书真伪："
