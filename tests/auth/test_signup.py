"""Signing up as a trainee."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth.models import User
from app.auth.services import PRIVACY_NOTICE_VERSION
from app.core.mail import OutboxMessage
from tests.conftest import make_user

VALID = {
    "email": "Li.Na@Example.org ",
    "password": "a-good-password",
    "password_confirm": "a-good-password",
    "family_name_zh": "李",
    "given_name_zh": "娜",
    "family_name_latin": "Li",
    "given_name_latin": "Na",
    "organisation": "辽宁省人力资源和社会保障厅",
    "organisation_type": "provincial_bureau",
    "position": "科长",
    "country": "CN",
    "province": "21",
    "gender": "female",
    "preferred_language": "zh",
    "timezone": "Asia/Shanghai",
    "consent": "y",
}


def _signup(client, **changes):
    data = {**VALID, **changes}
    return client.post("/account/signup", data={k: v for k, v in data.items() if v is not None})


def test_signup_creates_a_signed_in_trainee_with_recorded_consent(client, db):
    response = _signup(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/my"
    user = db.session.scalar(sa.select(User))
    assert user.email == "li.na@example.org"
    assert [r.value for r in user.role_set] == ["trainee"]
    assert user.privacy_consent_version == PRIVACY_NOTICE_VERSION
    assert user.privacy_consented_at is not None
    assert user.password_hash != VALID["password"]
    assert (user.province, user.country, user.gender) == ("21", "CN", "female")
    page = client.get("/my").get_data(as_text=True)
    assert "李娜 (Li Na)" in page  # Chinese page: Chinese form first
    welcome = db.session.scalar(sa.select(OutboxMessage))
    assert welcome.to_address == "li.na@example.org" and welcome.language == "zh"
    assert "中欧移民管理培训平台" in welcome.subject
    assert welcome.sent_at is not None


def test_european_name_in_latin_letters_only(client, db):
    response = _signup(
        client,
        family_name_zh="",
        given_name_zh="",
        family_name_latin="Kowalski",
        given_name_latin="Łukasz",
        country="PL",
        province="",
        preferred_language="en",
        timezone="Europe/Warsaw",
    )
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User))
    assert user.name.display("en") == "Łukasz Kowalski"


def test_a_name_is_required_in_some_script(client):
    response = _signup(
        client, family_name_zh="", given_name_zh="", family_name_latin="", given_name_latin=""
    )
    assert response.status_code == 400
    assert "Enter your name in Chinese characters, Latin letters or both." in response.get_data(
        as_text=True
    )


def test_names_must_be_in_the_right_script(client):
    page = _signup(client, family_name_zh="Li", given_name_latin="娜").get_data(as_text=True)
    assert "Write this name in Chinese characters only." in page
    assert "Write this name in Latin letters only." in page


def test_province_required_for_china_and_refused_elsewhere(client):
    assert "Choose your province." in _signup(client, province="").get_data(as_text=True)
    page = _signup(client, country="DE", province="37").get_data(as_text=True)
    assert "A province can only be chosen for China." in page


def test_consent_is_required(client, db):
    response = _signup(client, consent=None)
    assert response.status_code == 400
    assert "You need to agree to the privacy notice" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def _password_error(client, password: str) -> str:
    response = _signup(client, password=password, password_confirm=password)
    assert response.status_code == 400
    return response.get_data(as_text=True)


def test_password_rules(client, db):
    assert "Use at least 12 characters" in _password_error(client, "aaaaaaaaaa")
    assert "too common or too easy to guess" in _password_error(client, "password1234")
    assert "your e-mail address or your name" in _password_error(client, "hello-li.na-2026")
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0
    page = _signup(client, password_confirm="another-password").get_data(as_text=True)
    assert "The two passwords are not the same." in page


def test_password_rules_in_chinese(client):
    client.post("/language", data={"lang": "zh", "next": "/"})
    page = _password_error(client, "password1234")
    assert "密码过于常见或容易被猜到" in page and "too common" not in page


def test_errors_in_chinese_for_a_chinese_user(client):
    client.post("/language", data={"lang": "zh", "next": "/"})
    page = _signup(client, consent=None, family_name_zh="Li").get_data(as_text=True)
    assert "只能用汉字填写" in page or "汉字" in page
    assert "You need to agree" not in page


def test_email_taken_is_said_plainly(client, db):
    make_user(email="li.na@example.org")
    response = _signup(client)
    assert response.status_code == 400
    assert "An account with this e-mail address already exists." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1


def test_unknown_choices_are_refused(client):
    assert _signup(client, province="99").status_code == 400
    assert _signup(client, country="XX").status_code == 400
    assert _signup(client, timezone="Mars/Olympus").status_code == 400
    assert _signup(client, organisation_type="spy").status_code == 400


def test_country_list_puts_eu_member_states_first(client):
    page = client.get("/account/signup").get_data(as_text=True)
    eu = page.index('<optgroup label="EU member states">')
    other = page.index('<optgroup label="Other countries">')
    assert eu < page.index(">Austria<") < page.index(">Sweden<") < other < page.index(">China<")
