"""Exchange pages as each role: recording, workflow, delegation, itinerary, documents, export."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import sqlalchemy as sa

from app.core.access import Role
from app.core.audit import AuditEntry
from app.exchanges.models import (
    DelegationMember,
    DocumentVersion,
    Exchange,
    ItineraryItem,
    StatusChange,
)
from tests.conftest import make_user
from tests.exchanges.factories import make_exchange, make_institution

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _new_exchange_form(sending, host, **changes):
    data = {
        "title_en": "Study visit to Belgium",
        "title_zh": "赴比利时考察",
        "direction": "china_to_eu",
        "purpose_en": "Learn how inspectors monitor agencies.",
        "purpose_zh": "了解监察员如何监管中介机构。",
        "topics_en": "Licensing",
        "topics_zh": "许可",
        "sending_institution_id": str(sending.id),
        "host_institution_id": str(host.id),
        "cities": "Brussels, Antwerp",
        "start_date": "2027-05-10",
        "end_date": "2027-05-14",
        "funding_source": "EU programme",
    }
    data.update(changes)
    return data


def test_coordinator_records_an_exchange(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    sending = make_institution()
    host = make_institution(
        "Federal Public Service Employment", "比利时联邦就业部", "BE", "labour_inspection"
    )
    response = coordinator.post("/exchanges/new", data=_new_exchange_form(sending, host))
    assert response.status_code == 302
    exchange = db.session.scalar(sa.select(Exchange))
    assert exchange.status == "proposed" and exchange.created_by_id == coordinator.user.id
    page = coordinator.get(response.headers["Location"]).get_data(as_text=True)
    assert "Study visit to Belgium" in page and "Federal Public Service Employment" in page
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "exchange.created"))


def test_bad_exchange_input_is_refused_clearly(client_as, db):
    coordinator = client_as(Role.COORDINATOR, preferred_language="zh")
    sending = make_institution()
    host = make_institution("FPS Employment", "", "BE", "labour_inspection")
    page = coordinator.post(
        "/exchanges/new", data=_new_exchange_form(sending, host, end_date="2027-05-01")
    ).get_data(as_text=True)
    assert "结束" in page  # "cannot end before it starts", in Chinese
    response = coordinator.post(
        "/exchanges/new", data=_new_exchange_form(sending, sending, title_en="", title_zh="")
    )
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Exchange.id))) == 0


def test_workflow_through_the_pages_records_who_and_why(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    exchange = make_exchange()
    url = f"/exchanges/{exchange.id}/status"
    assert coordinator.post(url, data={"status": "completed"}).status_code == 302
    db.session.refresh(exchange)
    assert exchange.status == "proposed"  # not allowed from proposed
    coordinator.post(url, data={"status": "approved"})
    coordinator.post(url, data={"status": "cancelled"})  # no reason: refused
    db.session.refresh(exchange)
    assert exchange.status == "approved"
    coordinator.post(url, data={"status": "cancelled", "reason": "Visa delays"})
    db.session.refresh(exchange)
    assert exchange.status == "cancelled"
    changes = db.session.scalars(sa.select(StatusChange).order_by(StatusChange.id)).all()
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("proposed", "approved"),
        ("approved", "cancelled"),
    ]
    assert changes[1].reason == "Visa delays" and changes[1].changed_by_id == coordinator.user.id
    audit = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "exchange.status_changed")
    ).all()
    assert len(audit) == 2 and audit[1].note == "Visa delays"


def test_members_see_their_exchange_others_do_not(client_as, db):
    member = client_as(Role.TRAINEE)
    outsider = client_as(Role.TRAINEE)
    trainer = client_as(Role.TRAINER)
    exchange = make_exchange(members=[member.user])
    other = make_exchange()
    assert member.get(f"/exchanges/{exchange.id}").status_code == 200
    assert member.get(f"/exchanges/{other.id}").status_code == 404
    assert outsider.get(f"/exchanges/{exchange.id}").status_code == 404
    assert trainer.get(f"/exchanges/{exchange.id}").status_code == 404
    listing = member.get("/exchanges/").get_data(as_text=True)
    assert f"/exchanges/{exchange.id}" in listing and f'/exchanges/{other.id}"' not in listing
    assert "Study visit on labour inspection" in member.get("/my").get_data(as_text=True)


def test_passport_data_only_for_staff(client_as, db):
    member = client_as(Role.TRAINEE)
    coordinator = client_as(Role.COORDINATOR)
    admin = client_as(Role.ADMIN)
    exchange = make_exchange(members=[member.user])
    response = coordinator.post(
        f"/exchanges/{exchange.id}/members/new",
        data={
            "family_name_latin": "Kowalska",
            "given_name_latin": "Małgorzata",
            "organisation": "PIP",
            "role": "head",
            "passport_number": "EA1234567",
            "date_of_birth": "1975-03-02",
        },
    )
    assert response.status_code == 302
    for client in (coordinator, admin):
        page = client.get(f"/exchanges/{exchange.id}").get_data(as_text=True)
        assert "EA1234567" in page and "Małgorzata Kowalska" in page
    member_page = member.get(f"/exchanges/{exchange.id}").get_data(as_text=True)
    assert "Małgorzata Kowalska" in member_page
    assert "EA1234567" not in member_page and "1975" not in member_page


def test_removing_a_member_erases_their_personal_data(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    exchange = make_exchange()
    coordinator.post(
        f"/exchanges/{exchange.id}/members/new",
        data={
            "family_name_zh": "王",
            "given_name_zh": "芳",
            "role": "interpreter",
            "passport_number": "E99",
        },
    )
    member = db.session.scalar(sa.select(DelegationMember))
    coordinator.post(f"/exchanges/{exchange.id}/members/{member.id}/remove")
    assert db.session.scalar(sa.select(DelegationMember)) is None
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).where(DelegationMember.passport_number == "E99")
        )
        == 0
    )


def test_platform_user_member_by_email_and_only_once(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    person = make_user(email="li.na@example.org")
    exchange = make_exchange()
    url = f"/exchanges/{exchange.id}/members/new"
    assert (
        coordinator.post(url, data={"email": "li.na@example.org", "role": "member"}).status_code
        == 302
    )
    again = coordinator.post(url, data={"email": "li.na@example.org", "role": "observer"})
    assert again.status_code == 400
    assert "already in the delegation" in again.get_data(as_text=True)
    unknown = coordinator.post(url, data={"email": "nobody@example.org", "role": "member"})
    assert unknown.status_code == 400
    member = db.session.scalar(sa.select(DelegationMember))
    assert member.user_id == person.id


def test_itinerary_in_local_time_within_the_exchange(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    exchange = make_exchange()
    url = f"/exchanges/{exchange.id}/itinerary/new"
    good = {
        "day": "2027-05-11",
        "start_time": "09:30",
        "end_time": "12:00",
        "timezone": "Europe/Brussels",
        "place": "Rue Ernest Blerot 1",
        "topic_en": "Licensing of agencies",
        "topic_zh": "中介机构许可",
    }
    assert coordinator.post(url, data=good).status_code == 302
    item = db.session.scalar(sa.select(ItineraryItem))
    assert item.starts_at == datetime(2027, 5, 11, 7, 30, tzinfo=UTC)  # CEST is UTC+2
    page = coordinator.get(f"/exchanges/{exchange.id}").get_data(as_text=True)
    assert "09:30" in page and "Europe/Brussels" in page
    outside = coordinator.post(url, data={**good, "day": "2027-05-20"})
    assert outside.status_code == 400
    assert "between the exchange" in outside.get_data(as_text=True)
    backwards = coordinator.post(url, data={**good, "end_time": "08:00"})
    assert backwards.status_code == 400


def test_moving_the_exchange_away_from_its_itinerary_is_refused(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    exchange = make_exchange()
    coordinator.post(
        f"/exchanges/{exchange.id}/itinerary/new",
        data={
            "day": "2027-05-11",
            "start_time": "09:30",
            "end_time": "12:00",
            "timezone": "Europe/Brussels",
            "place": "Brussels",
            "topic_en": "Visit",
        },
    )
    response = coordinator.post(
        f"/exchanges/{exchange.id}/edit",
        data=_new_exchange_form(
            exchange.sending_institution,
            exchange.host_institution,
            start_date="2027-06-01",
            end_date="2027-06-05",
        ),
    )
    assert response.status_code == 400
    assert "outside these dates" in response.get_data(as_text=True)


def test_documents_are_versioned_and_served_to_members_only(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    member = client_as(Role.TRAINEE)
    outsider = client_as(Role.TRAINEE)
    exchange = make_exchange(members=[member.user])
    coordinator.post(
        f"/exchanges/{exchange.id}/documents",
        data={"kind": "programme", "title": "Programme", "file": (io.BytesIO(PDF), "访问日程.pdf")},
        content_type="multipart/form-data",
    )
    version = db.session.scalar(sa.select(DocumentVersion))
    coordinator.post(
        f"/exchanges/{exchange.id}/documents/{version.document_id}",
        data={"file": (io.BytesIO(PDF + b"v2"), "访问日程-v2.pdf")},
        content_type="multipart/form-data",
    )
    versions = db.session.scalars(sa.select(DocumentVersion).order_by(DocumentVersion.number)).all()
    assert [v.number for v in versions] == [1, 2]
    url = f"/exchanges/{exchange.id}/documents/versions/{versions[0].id}"
    response = member.get(url)
    assert response.status_code == 200 and response.data == PDF
    assert "attachment" in response.headers["Content-Disposition"]
    response.close()
    assert outsider.get(url).status_code == 404


def test_upload_abuse_is_refused(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    exchange = make_exchange()
    response = coordinator.post(
        f"/exchanges/{exchange.id}/documents",
        data={
            "kind": "programme",
            "title": "Programme",
            "file": (io.BytesIO(b"<script>x</script>"), "x.pdf"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "does not match its extension" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(DocumentVersion)) is None


def test_outcomes_only_after_completion(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    exchange = make_exchange(status="under_way")
    assert coordinator.get(f"/exchanges/{exchange.id}/outcomes").status_code == 302
    exchange.status = "completed"
    db.session.commit()
    response = coordinator.post(
        f"/exchanges/{exchange.id}/outcomes",
        data={
            "findings_en": "Risk-based inspection works.",
            "findings_zh": "基于风险的检查行之有效。",
            "follow_up_en": "Pilot in Fujian.",
            "follow_up_zh": "在福建试点。",
        },
    )
    assert response.status_code == 302
    page = coordinator.get(f"/exchanges/{exchange.id}", headers={"Accept-Language": "zh"}).get_data(
        as_text=True
    )
    assert "Risk-based inspection works." in page  # coordinator prefers English


def test_filters_and_csv_export(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    make_exchange(title_en="To China", direction="eu_to_china", status="approved")
    make_exchange(title_en='=HYPERLINK("x")', direction="china_to_eu")
    page = coordinator.get("/exchanges/?direction=eu_to_china").get_data(as_text=True)
    assert "To China" in page and "HYPERLINK" not in page
    response = coordinator.get("/exchanges/export.csv")
    body = response.data
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "派出单位 / Sending institution" in text


def test_list_uses_a_bounded_number_of_queries(client_as, db, app):
    from sqlalchemy import event

    from app.extensions import db as _db

    coordinator = client_as(Role.COORDINATOR)
    counts = []
    for total in (2, 12):
        while db.session.scalar(sa.select(sa.func.count(Exchange.id))) < total:
            make_exchange()
        statements: list[str] = []

        def count(_conn, _cursor, statement, *args, statements=statements):
            statements.append(statement)

        with app.app_context():
            engine = _db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert coordinator.get("/exchanges/").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_institutions_are_managed_by_staff(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    response = coordinator.post(
        "/exchanges/institutions/new",
        data={
            "name_en": "National Labour Inspectorate",
            "name_zh": "国家劳动监察局",
            "country": "PL",
            "city": "Warszawa",
            "kind": "labour_inspection",
        },
    )
    assert response.status_code == 302
    assert "National Labour Inspectorate" in coordinator.get("/exchanges/institutions").get_data(
        as_text=True
    )
    assert (
        coordinator.post(
            "/exchanges/institutions/new", data={"country": "PL", "kind": "ministry"}
        ).status_code
        == 400
    )


def test_demo_data_has_exchanges_in_every_direction_and_status(runner, db):
    runner.invoke(args=["seed-demo"])
    runner.invoke(args=["seed-demo"])
    exchanges = db.session.scalars(sa.select(Exchange)).all()
    assert {e.status for e in exchanges} == {
        "proposed",
        "approved",
        "in_preparation",
        "under_way",
        "completed",
        "withdrawn",
        "cancelled",
    }
    assert {e.direction for e in exchanges} == {"eu_to_china", "china_to_eu", "multilateral"}
    assert len(exchanges) == 8  # idempotent


def test_a_direction_contradicting_the_countries_is_refused(client_as, db):
    coordinator = client_as(Role.COORDINATOR, preferred_language="zh")
    sending = make_institution()
    host = make_institution("FPS Employment", "", "BE", "labour_inspection")
    response = coordinator.post(
        "/exchanges/new", data=_new_exchange_form(sending, host, direction="eu_to_china")
    )
    assert response.status_code == 400
    assert "欧盟成员国" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Exchange.id))) == 0
    response = coordinator.post(
        "/exchanges/new", data=_new_exchange_form(sending, host, direction="multilateral")
    )
    assert response.status_code == 302


def test_under_way_or_completed_before_the_first_day_is_refused(client_as, db):
    from datetime import date, timedelta

    coordinator = client_as(Role.COORDINATOR)
    tomorrow = date.today() + timedelta(days=2)
    exchange = make_exchange(status="in_preparation", start=tomorrow, end=tomorrow)
    url = f"/exchanges/{exchange.id}/status"
    page = coordinator.post(url, data={"status": "under_way"}, follow_redirects=True)
    assert "cannot be under way or completed before then" in page.get_data(as_text=True)
    db.session.refresh(exchange)
    assert exchange.status == "in_preparation"
    started = make_exchange(status="in_preparation", start=date.today() - timedelta(days=1))
    coordinator.post(f"/exchanges/{started.id}/status", data={"status": "under_way"})
    db.session.refresh(started)
    assert started.status == "under_way"
