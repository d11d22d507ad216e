"""Roster import: coordinators upload a nomination list (CSV or XLSX) into a workshop."""

from flask import Blueprint

bp = Blueprint("roster", __name__)

from . import account_merge, routes  # noqa: E402,F401
