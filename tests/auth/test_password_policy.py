"""The password policy (auth/passwords.py): length, common passwords, the person's own details."""

from __future__ import annotations

import pytest

from app.auth.passwords import PasswordProblem, password_problem

PERSON = ["wang.fang@example.org", "Wang", "Fang", "王", "芳"]


@pytest.mark.parametrize("password", ["", "short", "aaaaaaaaaa", "password12", "1234567890"])
def test_short_passwords_are_refused(password):
    assert password_problem(password, PERSON) is PasswordProblem.TOO_SHORT


@pytest.mark.parametrize(
    "password",
    ["aaaaaaaaaaaa", "password1234", "123456789012", "qwertyuiop123", "passwordpassword"],
)
def test_common_and_patterned_passwords_are_refused(password):
    assert password_problem(password, PERSON) is PasswordProblem.COMMON


@pytest.mark.parametrize("password", ["wang.fang@example.org", "i-am-wang.fang", "FANG-river-2026"])
def test_the_persons_address_or_name_is_refused(password):
    assert password_problem(password, PERSON) is PasswordProblem.PERSONAL


def test_very_long_passwords_are_refused_without_being_analysed():
    assert password_problem("x" * 201, PERSON) is PasswordProblem.TOO_LONG


@pytest.mark.parametrize(
    "password", ["correct-horse-2026", "demo-pass-2026", "harbour lantern tea", "Fuzhou-training"]
)
def test_good_passwords_pass(password):
    assert password_problem(password, PERSON) is None


def test_short_names_do_not_refuse_every_password():
    assert password_problem("violet-kettle-2026", ["li@example.org", "Li", "Na"]) is None
