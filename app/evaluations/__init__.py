"""Evaluating training: workshop evaluation surveys, and reports on what quizzes show
(knowledge gain, item analysis, gradebooks)."""

from flask import Blueprint

bp = Blueprint("evaluations", __name__)

from . import account_merge, routes, routes_reports  # noqa: E402,F401
