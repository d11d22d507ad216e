"""Dashboard pages: the indicators with their charts, and every table as CSV or XLSX."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core import jobs
from app.core.access import Role, roles
from app.core.i18n import current_language, viewer_timezone
from app.core.spreadsheets import csv_response, xlsx_response
from app.extensions import db

from . import bp, snapshot
from .forms import FilterForm, RefreshForm, default_period
from .indicators import Period
from .jobs import REFRESH
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
    report = Report(period, snapshot.current())
    language = current_language()
    tables = [build(report, language) for build in TABLES.values()]
    return render_template(
        "dashboard/index.html",
        form=form,
        tables=tables,
        period=period,
        args=request.args.to_dict(),
        report=report,
        refresh_form=RefreshForm(),
    )


@bp.route("/refresh", methods=["POST"])
@roles(*STAFF)
def refresh():
    """Rebuild the figures now, as a background job; answers at once with the job's page."""
    args = {key: value for key, value in request.args.items() if key in FilterForm.KEYS}
    if not RefreshForm().validate_on_submit():
        return redirect(url_for(".index", **args), code=303)
    job = jobs.start(REFRESH, current_user, args=args)
    db.session.commit()
    jobs.launch(job)
    flash(_("The work has started. This page shows how far it has got."), "info")
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


def _table_for_export(table: str):
    build = TABLES.get(table)
    if build is None:
        abort(404)
    form, period = _period()
    if period is None:
        abort(400)
    return build(Report(period, snapshot.current()), current_language()), period


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
