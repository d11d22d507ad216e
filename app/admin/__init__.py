"""Account administration: find users, change roles, deactivate, give reset links."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import routes, routes_merge  # noqa: E402,F401
