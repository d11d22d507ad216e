"""Valid HTML where pages broke it (issue 18): one id per page even with several forms, required
lists that start empty, unique heading ids in the module print view; and the check itself."""

from __future__ import annotations

import re

from app.certificates import services, subjects
from app.core.access import Role
from app.workshops.models import Registration
from tests.certificates.factories import held_workshop, people
from tests.conftest import make_user
from tests.html_check import html_problems
from tests.learning.factories import REAL_MATERIALS, import_folder
from tests.workshops.factories import make_workshop


def test_the_check_finds_duplicate_ids_and_required_lists_without_an_empty_option():
    page = (
        '<p id="a"></p><p id="a"></p><input id="b">'
        '<select required name="country"><option value="CN">China</option></select>'
        '<select required name="ok"><option value="">Choose…</option><option value="x">x</option></select>'
        '<select name="free"><option value="1">1</option></select>'
    )
    assert html_problems(page) == [
        "duplicate id 'a'",
        "required select 'country' does not start with an empty option",
    ]
    assert (
        html_problems('<select required multiple name="m"><option value="1">1</option></select>')
        == []
    )


def test_a_page_with_several_forms_has_no_duplicate_csrf_id(client_as, db, csrf_enabled):
    person = make_user()
    admin = client_as(Role.ADMIN)
    # a user's page: access, reset link and anonymising are three forms, each with a token
    page = admin.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert page.count('name="csrf_token"') >= 5  # + sign out and the language switch
    assert 'id="csrf_token"' not in page
    assert html_problems(page) == []
    # certificates: one issuing form per person on the eligibility page
    [zhang, li] = people(("张", "伟", "Zhang", "Wei"), ("李", "娜", "Li", "Na"))
    workshop = held_workshop({zhang: ["present"] * 5, li: ["absent"] * 5})
    coordinator = client_as(Role.COORDINATOR)
    page = coordinator.get(f"/certificates/workshop/{workshop.id}").get_data(as_text=True)
    assert 'id="csrf_token"' not in page and html_problems(page) == []
    # once one is issued, issuing to all, printing and the ZIP are three forms of their own
    services.issue_to_all(coordinator.user, subjects.workshop_subject(workshop))
    db.session.commit()
    page = coordinator.get(f"/certificates/workshop/{workshop.id}").get_data(as_text=True)
    forms = re.findall(r"<form\b.*?</form>", page, re.S)
    assert len(forms) == 6  # language, sign-out, issue to all, print, ZIP, Li's issuing form
    assert all(form.count('name="csrf_token"') == 1 for form in forms)
    assert page.count('name="csrf_token"') == len(forms)
    assert 'id="csrf_token"' not in page and html_problems(page) == []


def test_required_lists_start_with_an_empty_choice(client, client_as, db):
    signup = client.get("/account/signup").get_data(as_text=True)
    assert html_problems(signup) == []
    assert '<option value="">' in signup
    # a list with a natural choice keeps it preselected after the empty option
    assert '<option selected value="Asia/Shanghai">' in signup
    coordinator = client_as(Role.COORDINATOR)
    form = coordinator.get("/workshops/new").get_data(as_text=True)
    assert html_problems(form) == []


def test_the_print_view_has_unique_ids_and_lesson_pages_stay_valid(client_as, db):
    import_folder(db, REAL_MATERIALS)
    trainee = client_as(Role.TRAINEE)
    for choice in ("mine", "both"):
        page = trainee.get(f"/learn/modules/fair-recruitment/print?languages={choice}")
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and html_problems(html) == []
        assert 'id="01-fair-recruitment-framework-' in html
    workshop = make_workshop()
    db.session.add(
        Registration(workshop_id=workshop.id, user_id=trainee.user.id, status="confirmed")
    )
    db.session.commit()
    assert html_problems(trainee.get(f"/workshops/{workshop.id}").get_data(as_text=True)) == []
    lesson = trainee.get("/learn/modules/fair-recruitment/lessons/01-fair-recruitment-framework")
    assert html_problems(lesson.get_data(as_text=True)) == []
