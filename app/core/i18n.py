"""Language selection, bilingual content fields and locale-aware formatting.

English is the source language of the UI; Chinese comes from translations/zh. Content carries both
languages in `<field>_en` / `<field>_zh` pairs and is read through `localized`, which falls back to
the other language with a visible marker rather than showing an empty page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask import current_app, request, session
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup, escape

from app.core.labels import LabelledEnum, labelled_enum

#: The UI languages: code -> the language's own name (shown in the switch as is, in every UI).
LANGUAGES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"
#: Babel locales used for formatting; en_GB writes dates the EU way ("28 November 2026").
FORMAT_LOCALES = {"en": "en_GB", "zh": "zh_Hans_CN"}
#: The value of <html lang> for each UI language.
HTML_LANG = {"en": "en", "zh": "zh-Hans"}


def language_from_tag(tag: str | None) -> str | None:
    """Map a language tag (`zh-CN`, `zh_Hans`, `en-GB` ...) to a UI language code, if supported."""
    if not tag:
        return None
    primary = tag.replace("_", "-").split("-", 1)[0].strip().lower()
    return primary if primary in LANGUAGES else None


def select_language() -> str:
    """Pick the UI language: explicit switch, saved preference, Accept-Language, else English."""
    chosen = language_from_tag(session.get("lang"))
    if chosen:
        return chosen
    if current_user and current_user.is_authenticated:
        saved = language_from_tag(current_user.preferred_language)
        if saved:
            return saved
    for tag, _quality in request.accept_languages:
        found = language_from_tag(tag)
        if found:
            return found
    return DEFAULT_LANGUAGE


def current_language() -> str:
    """The language of the current request, as a UI language code."""
    locale = get_locale()
    if locale is None:
        return DEFAULT_LANGUAGE
    return language_from_tag(str(locale)) or DEFAULT_LANGUAGE


def other_language(language: str) -> str:
    """The other of the two UI languages."""
    return "zh" if language == "en" else "en"


@dataclass(frozen=True)
class LocalizedText:
    """A content field read in one language, remembering whether it fell back to the other."""

    text: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text


def localized(obj: object, field: str, language: str | None = None) -> LocalizedText:
    """Read `<field>_<language>` from obj, falling back to the other language when it is empty."""
    language = language or current_language()
    text = (getattr(obj, f"{field}_{language}", None) or "").strip()
    if text:
        return LocalizedText(text, language, False)
    other = other_language(language)
    text = (getattr(obj, f"{field}_{other}", None) or "").strip()
    return LocalizedText(text, other, bool(text))


def render_localized(obj: object, field: str) -> Markup:
    """HTML for a bilingual field: the text, marked with its language and a note when it fell back."""
    from flask_babel import gettext

    value = localized(obj, field)
    if not value.is_fallback:
        return escape(value.text)
    note = gettext("English only") if value.language == "en" else gettext("Chinese only")
    return Markup(
        '<span lang="{lang}">{text}</span> <span class="fallback-note">({note})</span>'
    ).format(lang=HTML_LANG[value.language], text=value.text, note=note)


def label(value: str | None, enum: str | type[LabelledEnum] | None = None) -> str:
    """Template filter: `{{ workshop.kind|label("workshops.WorkshopKind") }}` shows the label.

    A member needs no enum named; a value unknown to the enum is shown as it is.
    """
    if value is None:
        return ""
    if isinstance(value, LabelledEnum) and enum is None:
        return str(value.label)
    enum_class = labelled_enum(enum) if isinstance(enum, str) else enum
    if enum_class is None:
        return str(value)
    return enum_class.label_of(value)


def babel_locale(language: str | None = None) -> Locale:
    """The Babel locale used to format dates and numbers for a UI language."""
    return Locale.parse(FORMAT_LOCALES[language or current_language()])


def format_date(
    value: date | datetime, tz: str | None = None, fmt: str = "long", language: str | None = None
) -> str:
    """A date in the given language; a datetime is first converted to the time zone `tz`."""
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(tz or "UTC")).date()
    return babel_dates.format_date(value, fmt, locale=babel_locale(language))


def format_datetime(
    value: datetime,
    tz: str,
    fmt: str = "medium",
    language: str | None = None,
    with_zone: bool = False,
) -> str:
    """An aware datetime shown in time zone `tz`, optionally followed by the zone's name."""
    zone = ZoneInfo(tz)
    text = babel_dates.format_datetime(value, fmt, tzinfo=zone, locale=babel_locale(language))
    if with_zone:
        text = f"{text} ({tz})"
    return text


def format_time(value: datetime, tz: str, fmt: str = "short", language: str | None = None) -> str:
    """The clock time of an aware datetime in time zone `tz`."""
    return babel_dates.format_time(value, fmt, tzinfo=ZoneInfo(tz), locale=babel_locale(language))


def format_number(value: float | int, language: str | None = None) -> str:
    """A number with the language's grouping and decimal signs."""
    return babel_numbers.format_decimal(value, locale=babel_locale(language))


def viewer_timezone() -> str:
    """The signed-in user's time zone, else UTC."""
    if current_user and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return "UTC"


def programme_timezone() -> str:
    """The programme's own time zone (PROGRAMME_TIMEZONE, Beijing time by default): documents
    are dated, and "today" is decided, in it rather than on the server's UTC clock."""
    return current_app.config.get("PROGRAMME_TIMEZONE") or "Asia/Shanghai"


def programme_today(now: datetime | None = None) -> date:
    """Today's date where the programme is (the server's clock may still be on yesterday)."""
    zone = ZoneInfo(programme_timezone())
    return (now.astimezone(zone) if now else datetime.now(zone)).date()


#: How each language joins a list and follows a label: Chinese uses full-width punctuation.
LIST_SEPARATORS = {"en": ", ", "zh": "、"}
COLONS = {"en": ": ", "zh": "："}
COMMAS = {"en": ", ", "zh": "，"}


def join_list(items, language: str | None = None) -> str:
    """Items joined as the language joins a list: 'a, b' or 'a、b'."""
    return LIST_SEPARATORS[language or current_language()].join(str(i) for i in items if i)


def _is_wide(character: str) -> bool:
    return "\u3000" <= character <= "\u9fff" or "\uff00" <= character <= "\uffef"


def join_parts(items, language: str | None = None) -> str:
    """Parts of one phrase (a venue and its city) joined with the language's comma: in Chinese
    '，' next to Chinese text, ', ' between two parts in Latin letters (Fujian Hotel, Fuzhou)."""
    parts = [str(i) for i in items if i]
    if (language or current_language()) != "zh":
        return ", ".join(parts)
    text = parts[0] if parts else ""
    for part in parts[1:]:
        wide = _is_wide(text[-1]) or _is_wide(part[0])
        text += (COMMAS["zh"] if wide else COMMAS["en"]) + part
    return text


def colon(language: str | None = None) -> str:
    """The colon after a label: ': ' in English, '：' in Chinese."""
    return COLONS[language or current_language()]
