"""Roster import through the pages: upload, mapping, preview, all-or-nothing import."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.auth.services import user_for_reset_token
from app.core.access import Role
from app.core.audit import AuditEntry
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.mail import OutboxMessage
from app.core.storage import StoredFile
from app.roster.models import RosterImport
from app.workshops import registration as workshop_registration
from app.workshops import services as workshop_services
from app.workshops.models import Registration
from tests.conftest import make_user
from tests.i18n_check import english_ui_strings_in, visible_text
from tests.roster.files import ROWS, csv_bytes, with_macros, xlsx_bytes
from tests.workshops.factories import make_workshop


def _upload(client, workshop, data: bytes, name: str = "名单.csv"):
    return client.post(
        f"/roster/workshops/{workshop.id}",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _import_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/roster/(\d+)/columns", response.headers["Location"]).group(1))


def _mapping(response_html: str) -> dict[str, str]:
    """The selected option of each column menu on the mapping page."""
    chosen = {}
    for name, body in re.findall(
        r'<select[^>]*name="(column_\d+)"[^>]*>(.*?)</select>', response_html, re.S
    ):
        selected = re.search(
            r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', body
        )
        chosen[name] = next(g for g in selected.groups() if g is not None) if selected else ""
    return chosen


def _users() -> dict[str, User]:
    from app.extensions import db

    return {u.email: u for u in db.session.scalars(sa.select(User))}


def _registrations(db, workshop) -> dict[str, str]:
    rows = db.session.execute(
        sa.select(User.email, Registration.status)
        .join(Registration, Registration.user_id == User.id)
        .where(Registration.workshop_id == workshop.id)
    )
    return dict(rows.all())


def _full_import(client, workshop, data, name="名单.csv", decisions=None):
    import_id = _import_id(_upload(client, workshop, data, name))
    page = client.get(f"/roster/{import_id}/columns")
    assert page.status_code == 200
    response = client.post(
        f"/roster/{import_id}/columns", data=_mapping(page.get_data(as_text=True))
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    preview = client.get(f"/roster/{import_id}/preview")
    done = client.post(f"/roster/{import_id}/preview", data=decisions or {})
    return import_id, preview, done


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (csv_bytes(ROWS), "名单.csv"),
        (csv_bytes(ROWS, bom=True), "名单.csv"),
        (csv_bytes(ROWS, encoding="gb18030"), "名单.csv"),
        (xlsx_bytes(ROWS, title_row="福建省推荐参训人员名单"), "名单.xlsx"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "xlsx"],
)
def test_a_good_list_is_imported_with_new_trainees_invited(client_as, db, data, name):
    coordinator = client_as(Role.COORDINATOR)
    workshop = make_workshop(capacity=2)
    import_id, preview, done = _full_import(coordinator, workshop, data, name)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "张伟 (Zhang Wei)" in html or "Zhang Wei (张伟)" in html
    assert "New trainee account (invited by e-mail)" in html
    assert done.status_code == 302
    assert f"/workshops/{workshop.id}/participants" in done.headers["Location"]

    users = _users()
    zhang = users["zhang.wei@fj.gov.cn"]
    assert (zhang.family_name_zh, zhang.given_name_zh) == ("张", "伟")
    assert (zhang.family_name_latin, zhang.given_name_latin) == ("Zhang", "Wei")
    assert (zhang.organisation, zhang.position, zhang.province, zhang.country) == (
        "福建省人力资源和社会保障厅", "科长", "35", "CN",
    )  # fmt: skip
    assert zhang.gender == "male" and zhang.role_set == {Role.TRAINEE}
    assert users["ouyang@fj.gov.cn"].family_name_zh == "欧阳"
    assert users["li.qiang@gd.gov.cn"].province == "44"
    # Seats in file order, then the waiting list.
    assert _registrations(db, workshop) == {
        "zhang.wei@fj.gov.cn": "confirmed",
        "ouyang@fj.gov.cn": "confirmed",
        "li.qiang@gd.gov.cn": "waiting",
    }
    invitation = db.session.scalar(
        sa.select(OutboxMessage).where(
            OutboxMessage.template == "roster_invitation", OutboxMessage.to_user_id == zhang.id
        )
    )
    assert "/roster/invitation/" in invitation.body
    assert (
        "职业中介机构监管" in invitation.body
        and "Monitoring recruitment agencies" in invitation.body
    )
    assert "您的座位已确认" in invitation.body and "Your seat is confirmed." in invitation.body
    assert " / " in invitation.subject
    # The uploaded file is gone once imported; the import is audited.
    assert db.session.get(RosterImport, import_id) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 0
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "workshop.roster_imported")
    )
    assert entry.after["created"] == 3 and entry.after["placed"] == {"confirmed": 2, "waiting": 1}


def test_the_invitation_link_sets_the_first_password_and_lasts_two_weeks(
    client_as, client, db, app
):
    coordinator = client_as(Role.COORDINATOR)
    workshop = make_workshop()
    _full_import(coordinator, workshop, csv_bytes(ROWS[:1]))
    message = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.template == "roster_invitation")
    )
    link = re.search(r"http://training\.test(/roster/invitation/\S+)", message.body).group(1)
    token = link.rsplit("/", 1)[1]
    assert (
        user_for_reset_token(token, now=utcnow() + timedelta(days=13)).email
        == "zhang.wei@fj.gov.cn"
    )
    with pytest.raises(DomainError):
        user_for_reset_token(token, now=utcnow() + timedelta(days=15))
    page = client.get(link)
    assert page.status_code == 200 and "Welcome: choose your password" in page.get_data(
        as_text=True
    )
    refused = client.post(
        link, data={"new_password": "long-enough-pw", "new_password_confirm": "long-enough-pw"}
    )
    assert refused.status_code == 400  # the privacy notice must be agreed to
    done = client.post(
        link,
        data={
            "new_password": "long-enough-pw",
            "new_password_confirm": "long-enough-pw",
            "consent": "y",
        },
    )
    assert done.status_code == 302 and "/account/login" in done.headers["Location"]
    user = _users()["zhang.wei@fj.gov.cn"]
    assert user.privacy_consent_version
    assert client.get(link).status_code == 400  # used once


def test_an_existing_account_is_matched_by_email_whatever_the_case(client_as, db):
    existing = make_user(
        email="zhang.wei@fj.gov.cn", organisation="", position="Director", gender=None,
        roles=(Role.TRAINEE, Role.TRAINER),
    )  # fmt: skip
    coordinator = client_as(Role.COORDINATOR)
    workshop = make_workshop()
    rows = [["张伟", "ZHANG Wei", "Zhang.Wei@FJ.gov.cn", "福建省人社厅", "科长", "福建", "男"]]
    _import_id_, preview, done = _full_import(coordinator, workshop, csv_bytes(rows))
    assert "Existing account" in preview.get_data(as_text=True)
    assert done.status_code == 302
    users = _users()
    assert len(users) == 2  # the coordinator and the existing account; nobody new
    user = users["zhang.wei@fj.gov.cn"]
    assert user.id == existing.id
    assert user.position == "Director"  # kept
    assert user.organisation == "福建省人社厅" and user.gender == "male"  # blanks filled
    assert _registrations(db, workshop) == {"zhang.wei@fj.gov.cn": "confirmed"}
    templates = set(db.session.scalars(sa.select(OutboxMessage.template)))
    assert templates == {"roster_registered"}


def test_people_already_registered_are_left_as_they_are(client_as, db):
    person = make_user(email="zhang.wei@fj.gov.cn")
    workshop = make_workshop(requires_approval=True)
    workshop_registration.register(person, workshop, workshop_registration.Answers())
    db.session.commit()
    coordinator = client_as(Role.COORDINATOR)
    _id, preview, done = _full_import(coordinator, workshop, csv_bytes(ROWS[:2]))
    assert "already registered" in preview.get_data(as_text=True)
    assert done.status_code == 302
    # Approval-required: the newcomer becomes a request; the registered person is untouched.
    assert _registrations(db, workshop) == {
        "zhang.wei@fj.gov.cn": "requested",
        "ouyang@fj.gov.cn": "requested",
    }


def _duplicate_setup(client_as):
    namesake = make_user(
        email="zhangwei@163.com", family_name_zh="张", given_name_zh="伟",
        organisation="福建省人力资源和社会保障厅",
    )  # fmt: skip
    coordinator = client_as(Role.COORDINATOR)
    workshop = make_workshop()
    import_id = _import_id(_upload(coordinator, workshop, csv_bytes(ROWS[:1])))
    return namesake, coordinator, workshop, import_id


def test_a_possible_duplicate_needs_a_decision(client_as, db):
    namesake, coordinator, workshop, import_id = _duplicate_setup(client_as)
    preview = coordinator.get(f"/roster/{import_id}/preview")
    html = preview.get_data(as_text=True)
    assert "Possible duplicate" in html and "zhangwei@163.com" in html
    refused = coordinator.post(f"/roster/{import_id}/preview", data={})
    assert refused.status_code == 400
    assert "Choose what to do with this row." in refused.get_data(as_text=True)
    assert _registrations(db, workshop) == {}
    done = coordinator.post(f"/roster/{import_id}/preview", data={"row_2": f"user:{namesake.id}"})
    assert done.status_code == 302
    assert _registrations(db, workshop) == {"zhangwei@163.com": "confirmed"}
    assert "zhang.wei@fj.gov.cn" not in _users()


@pytest.mark.parametrize(
    ("decision", "expected"), [("new", {"zhang.wei@fj.gov.cn": "confirmed"}), ("skip", {})]
)
def test_a_possible_duplicate_can_become_a_new_account_or_be_skipped(
    client_as, db, decision, expected
):
    _namesake, coordinator, workshop, import_id = _duplicate_setup(client_as)
    done = coordinator.post(f"/roster/{import_id}/preview", data={"row_2": decision})
    assert done.status_code == 302
    assert _registrations(db, workshop) == expected


BAD_ROWS = [
    ["张伟", "ZHANG Wei", "zhang.wei@fj.gov.cn", "单位", "科长", "福建", "男"],  # row 2: good
    ["", "", "nameless@fj.gov.cn", "单位", "", "福建", ""],  # row 3: no name
    ["李强", "Li Qiang", "li.qiang-at-gd", "单位", "", "广东", ""],  # row 4: bad e-mail
    ["王芳", "Wang Fang", "ZHANG.WEI@fj.gov.cn", "单位", "", "福建", ""],  # row 5: duplicate
    ["陈静", "Chen Jing", "chen@fj.gov.cn", "单位", "", "火星", ""],  # row 6: province
    ["刘洋", "Liu Yang", "liu@fj.gov.cn", "单位", "", "福建", "未知"],  # row 7: gender
]
#: (row, column, English message part, Chinese message part)
EXPECTED = [
    ("3", "A · 姓名", "The name is missing.", "缺少姓名。"),
    ("4", "C · 邮箱", "is not a valid e-mail address", "不是有效的电子邮箱地址"),
    ("5", "C · 邮箱", "is already in row 2 of the file", "已出现在文件第 2 行"),
    ("6", "F · 省份", "is not a province of China", "不是中国的省份"),
    ("7", "G · 性别", "is not a gender the platform records", "不是平台记录的性别"),
]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_list_with_problems_is_refused_row_by_row_in_the_coordinators_language(
    client_as, db, language
):
    coordinator = client_as(Role.COORDINATOR, preferred_language=language)
    workshop = make_workshop()
    import_id = _import_id(_upload(coordinator, workshop, csv_bytes(BAD_ROWS)))
    for response in (
        coordinator.get(f"/roster/{import_id}/preview"),
        coordinator.post(f"/roster/{import_id}/preview", data={}),
    ):
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        table = html[html.index('id="problems"') :]
        rows = re.findall(r"<tr><td>(\d+)</td><td>(.*?)</td><td>(.*?)</td></tr>", table)
        assert [(r, c) for r, c, _m in rows] == [(r, c) for r, c, _en, _zh in EXPECTED]
        for (_r, _c, message), (_row, _col, english, chinese) in zip(rows, EXPECTED, strict=True):
            assert (english if language == "en" else chinese) in message
        if language == "zh":
            assert english_ui_strings_in(visible_text(html)) == []
        else:
            assert "Import into the workshop" not in html
    # All or nothing: not even the good row was imported.
    assert set(_users()) == {coordinator.user.email}
    assert _registrations(db, workshop) == {}


def test_one_failure_during_the_import_writes_nothing(client_as, db, monkeypatch):
    coordinator = client_as(Role.COORDINATOR)
    workshop = make_workshop()
    import_id = _import_id(_upload(coordinator, workshop, csv_bytes(ROWS)))
    real_register = workshop_registration.register
    calls = []

    def failing_register(user, workshop, answers, **kwargs):
        calls.append(user.email)
        if len(calls) == 3:
            raise workshop_services.WorkshopError("the workshop was changed meanwhile")
        return real_register(user, workshop, answers, **kwargs)

    monkeypatch.setattr(workshop_registration, "register", failing_register)
    response = coordinator.post(f"/roster/{import_id}/preview", data={})
    assert (
        response.status_code == 302
        and f"/roster/{import_id}/preview" in response.headers["Location"]
    )
    assert len(calls) == 3
    assert set(_users()) == {coordinator.user.email}
    assert _registrations(db, workshop) == {}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    assert db.session.get(RosterImport, import_id) is not None  # the coordinator can try again


def test_the_coordinator_changes_the_mapping_of_unrecognised_headers(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    workshop = make_workshop()
    header = ["参训人", "联系方式", "Work unit"]
    rows = [["张伟", "zhang@fj.gov.cn", "福建省人社厅"]]
    import_id = _import_id(_upload(coordinator, workshop, csv_bytes(rows, header=header)))
    page = coordinator.get(f"/roster/{import_id}/columns")
    assert _mapping(page.get_data(as_text=True)) == {"column_0": "", "column_1": "", "column_2": ""}
    refused = coordinator.post(f"/roster/{import_id}/columns", data={"column_0": "name_zh"})
    assert refused.status_code == 400
    assert "Choose the column that holds the e-mail addresses." in refused.get_data(as_text=True)
    twice = coordinator.post(
        f"/roster/{import_id}/columns",
        data={"column_0": "name_zh", "column_1": "email", "column_2": "email"},
    )
    assert "is chosen for more than one column" in twice.get_data(as_text=True)
    ok = coordinator.post(
        f"/roster/{import_id}/columns",
        data={"column_0": "name_zh", "column_1": "email", "column_2": "organisation"},
    )
    assert ok.status_code == 302
    assert coordinator.post(f"/roster/{import_id}/preview").status_code == 302
    assert _users()["zhang@fj.gov.cn"].organisation == "福建省人社厅"


def test_the_mapping_survives_a_language_switch(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    workshop = make_workshop()
    import_id = _import_id(_upload(coordinator, workshop, csv_bytes(ROWS)))
    path = f"/roster/{import_id}/columns"
    coordinator.get(path)  # the form being filled in
    switched = coordinator.post(
        f"/language?lang=zh&next={path}",
        data={
            "column_0": "",
            "column_1": "name_zh",
            "column_2": "email",
            "lang": "zh",
            "next": path,
        },
    )
    assert switched.status_code == 303
    page = coordinator.get(path).get_data(as_text=True)
    assert "每列的内容" in page
    assert _mapping(page)["column_0"] == "" and _mapping(page)["column_1"] == "name_zh"


@pytest.mark.parametrize(
    ("data", "name", "english"),
    [
        (b"", "list.csv", "The file is empty."),
        (b"name,email\n", "list.csv", "no people below it"),
        (b"a,b\n1,2\n", "list.xls", "Files of this type are not accepted"),
        (xlsx_bytes(ROWS), "list.xlsm", "Files of this type are not accepted"),
        (csv_bytes(ROWS), "list.xlsx", "content does not match its extension"),
    ],
)
def test_unreadable_files_are_refused_at_upload(client_as, db, data, name, english):
    coordinator = client_as(Role.COORDINATOR)
    workshop = make_workshop()
    response = _upload(coordinator, workshop, data, name)
    assert response.status_code == 400
    assert english in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RosterImport)) == 0


def test_refusals_are_in_chinese_for_a_chinese_coordinator(client_as, db):
    coordinator = client_as(Role.COORDINATOR, preferred_language="zh")
    workshop = make_workshop()
    html = _upload(coordinator, workshop, b"", "list.csv").get_data(as_text=True)
    assert "文件为空" in html
    assert english_ui_strings_in(visible_text(html)) == []


def test_lists_cannot_be_imported_into_a_workshop_that_has_started_or_is_a_draft(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    for workshop in (make_workshop(days_ahead=-1), make_workshop(status="draft")):
        page = coordinator.get(f"/roster/workshops/{workshop.id}")
        assert "only while it is published and has not started" in page.get_data(as_text=True)
        assert _upload(coordinator, workshop, csv_bytes(ROWS)).status_code == 400


def test_an_upload_is_seen_only_by_the_coordinator_who_made_it(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    other = client_as(Role.COORDINATOR)
    workshop = make_workshop()
    import_id = _import_id(_upload(coordinator, workshop, csv_bytes(ROWS)))
    for path in (f"/roster/{import_id}/columns", f"/roster/{import_id}/preview"):
        assert other.get(path).status_code == 404
    assert other.post(f"/roster/{import_id}/discard").status_code == 404
    assert coordinator.post(f"/roster/{import_id}/discard").status_code == 302
    assert db.session.get(RosterImport, import_id) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 0


def test_old_uploads_are_pruned(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    workshop = make_workshop()
    old_id = _import_id(_upload(coordinator, workshop, csv_bytes(ROWS)))
    db.session.get(RosterImport, old_id).created_at = utcnow() - timedelta(days=2)
    db.session.commit()
    _import_id(_upload(coordinator, workshop, csv_bytes(ROWS)))
    (left,) = db.session.scalars(sa.select(RosterImport)).all()  # ids may be reused on SQLite
    assert left.created_at > utcnow() - timedelta(hours=1)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 1


def test_chinese_pages_show_no_english(client_as, db):
    coordinator = client_as(Role.COORDINATOR, preferred_language="zh")
    workshop = make_workshop()
    import_id = _import_id(_upload(coordinator, workshop, csv_bytes(ROWS)))
    for path in (
        f"/roster/workshops/{workshop.id}",
        f"/roster/{import_id}/columns",
        f"/roster/{import_id}/preview",
    ):
        html = coordinator.get(path).get_data(as_text=True)
        # The list's own cells (Latin names, e-mail addresses) are data, not UI text.
        assert english_ui_strings_in(visible_text(html), {"ZHANG Wei", "Zhang Wei"}) == [], path


@pytest.mark.parametrize(
    ("data", "name", "english", "chinese"),
    [
        (b"", "list.csv", "The file is empty.", "文件为空"),
        (
            csv_bytes([[f"人{i}", "", f"p{i}@x.cn", "", "", "", ""] for i in range(1001)]),
            "list.csv",
            "The list has more than 1000 people.",
            "名单超过 1000 人",
        ),
        (with_macros(xlsx_bytes(ROWS)), "list.xlsx", "contains macros", "包含宏"),
        # A byte-order mark says UTF-8, but the rest was written in GB18030.
        (
            b"\xef\xbb\xbfname,email\n" + "张伟,a@b.cn\n".encode("gb18030"),
            "list.csv",
            "The text of the CSV file could not be read.",
            "无法读取 CSV 文件的文字",
        ),
    ],
    ids=["empty", "too-many-rows", "macros", "encoding"],
)
def test_whole_file_refusals_in_both_languages(client_as, db, data, name, english, chinese):
    workshop = make_workshop()
    for language, expected in (("en", english), ("zh", chinese)):
        coordinator = client_as(Role.COORDINATOR, preferred_language=language)
        response = _upload(coordinator, workshop, data, name)
        assert response.status_code == 400
        assert expected in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RosterImport)) == 0
