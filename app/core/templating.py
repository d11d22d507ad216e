"""What every template can use: language helpers, formatters, place names, role checks."""

from __future__ import annotations

from flask import Flask, g, request, url_for
from flask_babel import get_translations
from jinja2 import pass_context
from markupsafe import Markup

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


def _translations():
    """flask_babel's `get_translations()`, remembered for the request's current locale.

    Templates call gettext a few dozen times per page, and each call walked Flask-Babel's context
    lookups again. The translations are kept beside the locale object they belong to:
    `force_locale` (a mail in its recipient's language) sets another locale object, and
    `flask_babel.refresh()` removes it, so both find the right catalogue.
    """
    try:
        ctx = g._flask_babel
    except (AttributeError, RuntimeError):  # no locale chosen yet, or no app context
        return get_translations()
    locale = getattr(ctx, "babel_locale", None)
    kept = getattr(ctx, "kept_translations", None)
    domain = getattr(ctx, "babel_domain", None)
    if kept is not None and locale is not None and kept[0] is locale and kept[1] is domain:
        return kept[2]
    translations = get_translations()
    ctx.kept_translations = (
        getattr(ctx, "babel_locale", None),
        getattr(ctx, "babel_domain", None),
        translations,
    )
    return translations


@pass_context
def _gettext(context, string: str, **variables) -> str:
    """Jinja's new-style `_()`/`gettext()` (escaped, always %-formatted), in one call, not three."""
    text = _translations().ugettext(string)
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 -- our catalogue's msgstr, as Jinja's own gettext does
    return text % variables


def page_url(number: int) -> str:
    """The current page's URL with its filters kept and another page number."""
    args = {**(request.view_args or {}), **request.args.to_dict(), "page": number}
    return url_for(request.endpoint, **args)


def init_app(app: Flask) -> None:
    """Register template globals and filters; templates' gettext reads the kept translations."""
    app.context_processor(_template_context)
    app.jinja_env.install_gettext_callables(  # after Flask-Babel's own, which they replace
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals.update(_=_gettext, gettext=_gettext)
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
