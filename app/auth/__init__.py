"""Accounts: sign-up, sign-in, profile, passwords."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import account_merge, routes  # noqa: E402,F401
