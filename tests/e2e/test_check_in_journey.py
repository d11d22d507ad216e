"""Self check-in in a real browser: the room screen's QR code, decoded from a screenshot, takes a
participant's phone to the check-in form, which marks them present."""

from __future__ import annotations

import io
from datetime import timedelta

import sqlalchemy as sa
import zxingcpp
from PIL import Image

from app.core.access import Role
from app.core.db import utcnow
from app.extensions import db
from app.workshops.models import AttendanceRecord, Registration
from tests.conftest import make_user
from tests.e2e.conftest import sign_in_browser
from tests.workshops.factories import make_workshop


def test_scanning_the_room_screen_checks_a_participant_in(live, page_for):
    make_user(email="coord2@example.org", roles=(Role.COORDINATOR,))
    trainee = make_user(email="scan@example.org", preferred_language="zh")
    start = utcnow().replace(microsecond=0) - timedelta(minutes=2)
    workshop = make_workshop(sessions=1, starts_at=start, ends_at=start + timedelta(hours=6))
    db.session.add(Registration(workshop_id=workshop.id, user_id=trainee.id, status="confirmed"))
    db.session.commit()
    session_id = workshop.sessions[0].id

    screen = page_for("en")
    sign_in_browser(screen, live, "coord2@example.org")
    screen.goto(f"{live.url}/workshops/{workshop.id}/sessions/{session_id}/check-in-screen")
    shown_code = screen.locator(".check-in-code").inner_text()
    picture = screen.locator("img.check-in-qr").screenshot()
    [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(picture)))
    assert decoded.text == f"{live.url}/workshops/check-in?code={shown_code}"

    phone = page_for("zh")
    sign_in_browser(phone, live, "scan@example.org", "zh")
    phone.goto(decoded.text)
    assert phone.get_by_label("签到码").input_value() == shown_code
    phone.get_by_role("button", name="签到").click()
    assert phone.get_by_text("签到成功，记为：出席。").is_visible()
    db.session.expire_all()
    assert db.session.scalars(sa.select(AttendanceRecord.mark)).one() == "present"
