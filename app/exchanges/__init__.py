"""Personnel exchanges: study visits and delegations between EU member-state and Chinese authorities."""

from flask import Blueprint

bp = Blueprint("exchanges", __name__)

from . import account_merge, routes  # noqa: E402,F401
