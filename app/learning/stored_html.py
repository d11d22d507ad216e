"""Markdown rendered once: sanitised HTML stored under the hashes of its source and settings.

Content is rendered when it is imported or edited (prerender.py; `flask materials render --stale`
after a renderer change) and stored under two hashes: the source's (the Markdown with its heading and
anchor, and the names of the glossary terms it links to) and the renderer settings' (RENDERER_VERSION,
language, call-out labels and the shapes of glossary and asset URLs). A page looks every piece it
shows up in one query; a piece not stored yet (or stale) is rendered on the spot, so a page is
never wrong, only slower.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db

from .models import RenderedMarkdown
from .rendering import (
    RenderContext,
    Section,
    glossary_ids,
    render_markdown,
    render_section,
)

#: Bump when the renderer's output changes (rendering.py, its plugins or the sanitiser's lists):
#: every stored piece then becomes stale and is rendered again.
RENDERER_VERSION = "2026-12-04.1"

#: A piece to show: ("section", Section) for a lesson section, ("markdown", text) for plain Markdown.
Piece = tuple[str, Section | str]


def _sha(value) -> str:
    return hashlib.sha256(
        json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
    ).hexdigest()


def settings_hash(context: RenderContext) -> str:
    """Hash of everything outside the text that shapes the HTML: version, language, labels, URLs
    (glossary links name the lesson they are opened from) and the heading ids' prefix."""
    settings = [
        RENDERER_VERSION,
        context.language,
        dict(context.callout_labels),
        context.term_url("TERM"),
        context.asset_url("ASSET"),
    ]
    if context.id_prefix:  # the print view: several lessons on one page
        settings.append(context.id_prefix)
    return _sha(settings)


def source_hash(piece: Piece, context: RenderContext) -> str:
    """Hash of the piece's text and of the glossary names its links show."""
    kind, value = piece
    text = value.body if isinstance(value, Section) else value
    linked = {
        slug: dict(context.terms[slug])
        for slug in sorted(glossary_ids(text))
        if slug in context.terms
    }
    if isinstance(value, Section):
        return _sha([kind, value.anchor, value.heading, value.body, linked])
    return _sha([kind, value, linked])


def render_piece(piece: Piece, context: RenderContext) -> str:
    """The renderer's HTML for one piece (what is stored, and what a miss shows)."""
    kind, value = piece
    if kind == "section":
        return render_section(value, context)
    return render_markdown(value, context)


def html_of(pieces: Sequence[tuple[Piece, RenderContext]]) -> list[str]:
    """The HTML of each piece: stored when current, rendered on the spot otherwise."""
    settings: dict[int, str] = {}  # a page's pieces share a context or two: hash each once
    for _piece, context in pieces:
        if id(context) not in settings:
            settings[id(context)] = settings_hash(context)
    keys = [(source_hash(piece, context), settings[id(context)]) for piece, context in pieces]
    stored = _stored(keys)
    return [
        stored[key] if key in stored else render_piece(piece, context)
        for (piece, context), key in zip(pieces, keys, strict=True)
    ]


def _stored(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    wanted = set(keys)
    if not wanted:
        return {}
    rows = db.session.execute(
        sa.select(
            RenderedMarkdown.source_hash, RenderedMarkdown.settings_hash, RenderedMarkdown.html
        ).where(RenderedMarkdown.source_hash.in_({source for source, _ in wanted}))
    )
    return {(s, t): html for s, t, html in rows if (s, t) in wanted}


def store(pieces: Sequence[tuple[Piece, RenderContext]]) -> int:
    """Render and store every piece not stored yet; returns how many were rendered."""
    keys = {
        (source_hash(piece, context), settings_hash(context)): (piece, context)
        for piece, context in pieces
    }
    missing = [key for key in keys if key not in _stored(keys)]
    if not missing:
        return 0
    rows = [
        {
            "source_hash": source,
            "settings_hash": settings,
            "html": render_piece(*keys[(source, settings)]),
        }
        for source, settings in missing
    ]
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # Two editors saving the same text at once store the same row: the second one is a no-op.
    db.session.execute(insert(RenderedMarkdown).values(rows).on_conflict_do_nothing())
    return len(rows)
