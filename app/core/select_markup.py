"""<select> markup as WTForms' Select widget writes it, built faster for long option lists.

The country and time-zone lists have hundreds of options; WTForms builds each option through
its generic attribute writer (sorting, key cleaning, Markup formatting), which made the filter
forms cost more than the rest of their page. This writes the same bytes with plain string work
for the common option (a value, a label, perhaps selected) and hands anything else to WTForms.
"""

from __future__ import annotations

from markupsafe import Markup, escape
from wtforms.widgets import Select, html_params
from wtforms.widgets.core import clean_key


def _option(choice) -> str:
    if choice.render_kw:
        return Select.render_option(choice)
    value = choice.value
    if isinstance(value, bool):
        value = str(value)
    selected = "selected " if choice.selected else ""
    return (
        f'<option {selected}value="{escape(value)}">{escape(choice.label or choice.value)}</option>'
    )


def render_select(field, **kwargs) -> Markup:
    """What `Select()(field, **kwargs)` returns, for a single-choice select."""
    kwargs.setdefault("id", field.id)
    flags = getattr(field, "flags", {})
    present = dir(flags)  # Flags answer None for any name; only the ones set are listed
    for name in Select.validation_attrs:
        if name not in kwargs and name in present:
            kwargs[name] = getattr(flags, name)
    html = [f"<select {html_params(name=field.name, **kwargs)}>"]
    if field.has_groups():
        for optgroup, group in field._iter_groups_normalized():
            if optgroup is not None:
                html.append(f"<optgroup {html_params(label=optgroup)}>")
            html.extend(_option(choice) for choice in group)
            if optgroup is not None:
                html.append("</optgroup>")
    else:
        html.extend(_option(choice) for choice in field._iter_choices_normalized())
    html.append("</select>")
    return Markup("".join(html))  # noqa: S704 -- every value and label is escaped above


def merged_render_kw(field, render_kw: dict) -> dict:
    """The field's own render_kw overridden by the call's, keys cleaned (as WTForms' Meta does)."""
    merged = {clean_key(k): v for k, v in (getattr(field, "render_kw", None) or {}).items()}
    merged.update({clean_key(k): v for k, v in render_kw.items()})
    return merged


def renders_quickly(field) -> bool:
    """Whether the field uses WTForms' own single-choice Select widget (no subclass, no multiple)."""
    return type(field.widget) is Select and not field.widget.multiple
