"""What every template can use: language helpers, formatters, place names, role checks."""

from __future__ import annotations

from flask import Flask, request, url_for

from app.core import i18n, places


def _template_context() -> dict:
    language = i18n.current_language()
    return {
        "LANGUAGES": i18n.LANGUAGES,
        "lang": language,
        "html_lang": i18n.HTML_LANG[language],
        "other_lang": i18n.other_language(language),
        "current_path": request.full_path.rstrip("?") if request else "/",
    }


def page_url(number: int) -> str:
    """The current page's URL with its filters kept and another page number."""
    args = {**(request.view_args or {}), **request.args.to_dict(), "page": number}
    return url_for(request.endpoint, **args)


def init_app(app: Flask) -> None:
    """Register template globals and filters."""
    app.context_processor(_template_context)
    app.add_template_filter(i18n.label, "label")
    app.add_template_filter(i18n.join_list, "join_list")
    app.jinja_env.globals.update(
        localized=i18n.localized,
        bilingual=i18n.render_localized,
        format_date=i18n.format_date,
        format_datetime=i18n.format_datetime,
        format_time=i18n.format_time,
        format_number=i18n.format_number,
        viewer_timezone=i18n.viewer_timezone,
        colon=i18n.colon,
        country_name=places.country_name,
        province_name=places.province_name,
        place_name=places.place_name,
        page_url=page_url,
    )
