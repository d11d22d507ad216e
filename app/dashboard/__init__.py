"""The coordinators' dashboard: programme indicators for a period and a place, charts, exports."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from . import models, routes  # noqa: E402,F401
