"""Dashboard pages: the indicators with their charts, and every table as CSV or XLSX."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, render_template, request

from app.core.access import Role, roles
from app.core.i18n import current_language, viewer_timezone
from app.core.spreadsheets import csv_response, xlsx_response

from . import bp
from .forms import FilterForm, default_period
from .indicators import Period
from .report import Report
from .tables import TABLES

STAFF = (Role.COORDINATOR, Role.ADMIN)


def _period() -> tuple[FilterForm, Period | None]:
    """The filter form from the address, and its Period (None when the filters are invalid)."""
    form = FilterForm(request.args)
    zone = viewer_timezone()
    today = datetime.now(ZoneInfo(zone)).date()
    if request.args and not form.validate():
        return form, None
    if not request.args:
        form.start.data, form.end.data = default_period(today)
    return form, form.period(today, zone)


@bp.route("/")
@roles(*STAFF)
def index():
    """The programme's indicators for a period and a place, with charts and exports."""
    form, period = _period()
    if period is None:
        return render_template("dashboard/index.html", form=form, tables=[]), 400
    report = Report(period)
    language = current_language()
    tables = [build(report, language) for build in TABLES.values()]
    return render_template(
        "dashboard/index.html", form=form, tables=tables, period=period, args=request.args.to_dict()
    )


def _table_for_export(table: str):
    build = TABLES.get(table)
    if build is None:
        abort(404)
    form, period = _period()
    if period is None:
        abort(400)
    return build(Report(period), current_language()), period


def _filename(slug: str, period: Period, extension: str) -> str:
    return f"dashboard-{slug}-{period.start.isoformat()}-{period.end.isoformat()}.{extension}"


@bp.route("/<table>.csv")
@roles(*STAFF)
def export_csv(table: str):
    """One table as CSV (UTF-8 with BOM, bilingual headers)."""
    built, period = _table_for_export(table)
    return csv_response(_filename(table, period, "csv"), built.bilingual_header(), built.rows)


@bp.route("/<table>.xlsx")
@roles(*STAFF)
def export_xlsx(table: str):
    """One table as an Excel workbook (bilingual headers, numbers as numbers)."""
    built, period = _table_for_export(table)
    return xlsx_response(
        _filename(table, period, "xlsx"), table, built.bilingual_header(), built.rows
    )
