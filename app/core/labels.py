"""Enums whose members carry the label people read: `PRE = "pre", _l("Pre-test")`.

Free of Flask, so that the pure rule modules can give their enums labels too: there the label is
marked with `N_` (a plain msgid, which the catalogue extraction finds by default) and is
translated only when `.label` is read; elsewhere `_l` (lazy_gettext) works the same.
The value is what the database stores, and never changes with the label.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Self

#: Every LabelledEnum by the name the `label` template filter knows it by.
_LABELLED_ENUMS: dict[str, type[LabelledEnum]] = {}


def N_(msgid: str) -> str:  # the name gettext tools know as "mark for translation"
    """Mark an enum label for the catalogue; `LabelledEnum.label` translates it when read."""
    return msgid


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a lazily translated `.label`.

    Every subclass is known to the `label` template filter as "<feature>.<ClassName>"
    (e.g. "workshops.Mark"): the columns hold plain strings, so a page names the enum.
    """

    def __new__(cls, value: str, label: Any) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        key = cls.registry_key()
        known = _LABELLED_ENUMS.get(key)
        if known is not None and known.__module__ != cls.__module__:
            raise TypeError(f"Two labelled enums are called {key!r}: rename one of them.")
        _LABELLED_ENUMS[key] = cls

    @classmethod
    def registry_key(cls) -> str:
        """The name templates use for this enum: "<feature>.<ClassName>"."""
        parts = cls.__module__.split(".")
        owner = parts[1] if parts[0] == "app" and len(parts) > 2 else cls.__module__
        return f"{owner}.{cls.__name__}"

    @property
    def label(self) -> Any:
        """The member's label in the current language (a lazy string)."""
        if isinstance(self._label, str):
            # Imported here, not at the top: modules defining enums stay free of Flask.
            from flask_babel import lazy_gettext

            return lazy_gettext(self._label)
        return self._label

    @classmethod
    def label_of(cls, value: str) -> str:
        """The label of a stored value, or the value itself when it is not (or no longer) a member."""
        try:
            return str(cls(value).label)
        except ValueError:
            return value

    @classmethod
    def choices(cls, members: Iterable[Self] | None = None) -> list[tuple[str, Any]]:
        """(value, label) pairs for a select field, in the enum's order (or the order given)."""
        return [(member.value, member.label) for member in (cls if members is None else members)]


def labelled_enum(key: str) -> type[LabelledEnum]:
    """The labelled enum a template names, e.g. "workshops.Mark" (KeyError for a wrong name)."""
    return _LABELLED_ENUMS[key]
