"""Learning: training modules read in the browser, progress, glossary and trainers' materials."""

from flask import Blueprint

bp = Blueprint("learning", __name__)

from . import account_merge, authoring_routes, routes  # noqa: E402,F401
