"""Input no person types: control characters, ids beyond the database's integers, invalid filters."""

from __future__ import annotations

from app.auth.models import User
from app.core.access import Role
from tests.conftest import PASSWORD, make_user


def test_a_nul_byte_in_the_sign_in_form_is_not_a_server_error(app, client, db):
    make_user(email="wang@example.org")
    response = client.post(
        "/account/login", data={"email": "wang@example.org\x00", "password": PASSWORD}
    )
    assert response.status_code == 302  # the NUL is dropped: the address is the account's
    response = app.test_client().post("/account/login", data={"email": "\x00", "password": "\x00"})
    assert response.status_code == 400


def test_control_characters_are_removed_from_form_fields(client_as, db):
    client = client_as(Role.TRAINEE)
    response = client.post(
        "/account/profile",
        data={
            "family_name_zh": "王",
            "given_name_zh": "芳",
            "family_name_latin": "Wang",
            "given_name_latin": "Fang",
            "organisation": "福建省\x00人社厅\x07",
            "organisation_type": "provincial_bureau",
            "position": "科长\r\n",
            "country": "CN",
            "province": "35",
            "gender": "female",
            "preferred_language": "zh",
            "timezone": "Asia/Shanghai",
        },
    )
    assert response.status_code == 302
    user = db.session.get(User, client.user.id)
    assert user.organisation == "福建省人社厅"


def test_a_control_character_in_a_query_argument_is_refused_in_words(client_as):
    client = client_as(Role.COORDINATOR)
    response = client.get("/exchanges/?country=C%00N")
    assert response.status_code == 400
    assert "invisible control characters" in response.get_data(as_text=True)
    response = client.get("/exchanges/?country=C%00N", headers={"Accept-Language": "zh"})
    assert response.status_code == 400


def test_a_control_character_in_a_url_part_is_refused(client):
    response = client.get("/verify/ABCD%00EFGH")
    assert response.status_code == 400


def test_ids_beyond_the_database_integers_are_not_found(client_as):
    client = client_as(Role.ADMIN)
    for url in [
        "/admin/users/9223372036854775808",
        "/admin/users/2147483648",
        "/workshops/99999999999999999999",
    ]:
        assert client.get(url).status_code == 404, url


def test_an_invalid_exchange_filter_is_a_4xx(client_as):
    client = client_as(Role.COORDINATOR)
    for query in ["institution=abc", "institution=99999999999", "year=abc", "status=zz"]:
        assert client.get(f"/exchanges/?{query}").status_code == 400, query
        assert client.get(f"/exchanges/export.csv?{query}").status_code == 400, query
    assert client.get("/exchanges/").status_code == 200
