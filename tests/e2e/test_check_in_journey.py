"""Self check-in in a real browser: the room screen's QR code, decoded from a screenshot, takes a
participant's phone to the check-in form, which marks them present."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import sqlalchemy as sa
import zxingcpp
from PIL import Image

from app.core.access import Role
from app.core.db import utcnow
from app.extensions import db
from app.workshops.models import AttendanceRecord, Registration
from tests.conftest import PASSWORD, make_user
from tests.workshops.factories import make_workshop


def sign_in(page, live, email, language="en"):
    page.goto(live.url + "/account/login")
    page.get_by_label("电子邮箱" if language == "zh" else "E-mail address").fill(email)
    page.get_by_label("密码" if language == "zh" else "Password").fill(PASSWORD)
    page.get_by_role("button", name="登录" if language == "zh" else "Sign in").click()
    page.wait_for_url(re.compile(r"/my$"))


def test_scanning_the_room_screen_checks_a_participant_in(live, page_for):
    make_user(email="coord2@example.org", roles=(Role.COORDINATOR,))
    trainee = make_user(email="scan@example.org", preferred_language="zh")
    start = utcnow().replace(microsecond=0) - timedelta(minutes=2)
    workshop = make_workshop(sessions=1, starts_at=start, ends_at=start + timedelta(hours=6))
    db.session.add(Registration(workshop_id=workshop.id, user_id=trainee.id, status="confirmed"))
    db.session.commit()
    session_id = workshop.sessions[0].id

    screen = page_for("en")
    sign_in(screen, live, "coord2@example.org")
    screen.goto(f"{live.url}/workshops/{workshop.id}/sessions/{session_id}/check-in-screen")
    shown_code = screen.locator(".check-in-code").inner_text()
    picture = screen.locator("img.check-in-qr").screenshot()
    [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(picture)))
    assert decoded.text == f"{live.url}/workshops/check-in?code={shown_code}"

    phone = page_for("zh")
    sign_in(phone, live, "scan@example.org", "zh")
    phone.goto(decoded.text)
    assert phone.get_by_label("签到码").input_value() == shown_code
    phone.get_by_role("button", name="签到").click()
    assert phone.get_by_text("签到成功，记为：出席。").is_visible()
    db.session.expire_all()
    assert db.session.scalars(sa.select(AttendanceRecord.mark)).one() == "present"
