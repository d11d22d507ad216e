"""Markdown rendered once: stored at import and edit, byte-identical, re-rendered when stale."""

from __future__ import annotations

import sqlalchemy as sa

from app.core.access import Role
from app.learning import prerender, stored_html
from app.learning.models import Lesson, Module, RenderedMarkdown
from app.learning.reading import lesson_term_slugs, render_context
from app.learning.rendering import render_markdown, render_section, split_lesson
from app.learning.services import glossary_terms
from tests.conftest import count_queries, make_user, sign_in, without_form_tokens
from tests.learning.factories import REAL_MATERIALS, import_folder, write_module


def _stored_count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(RenderedMarkdown))


def test_every_lesson_of_the_materials_is_stored_byte_identical(app, db):
    """The import stores every section of every lesson, exactly what the renderer gives."""
    import_folder(db, REAL_MATERIALS)
    lessons = db.session.scalars(sa.select(Lesson).order_by(Lesson.id)).all()
    assert len(lessons) > 20
    checked = 0
    with app.test_request_context("/"):
        for lesson in lessons:
            module = db.session.get(Module, lesson.module_id)
            terms = glossary_terms(lesson_term_slugs([lesson]))
            for language in ("en", "zh"):
                body = getattr(lesson, f"body_{language}")
                if not body.strip():
                    continue
                sections = split_lesson(body).sections
                for prefix in ("", f"{lesson.slug}-"):  # the lesson page and the print view
                    context = render_context(module, language, terms, lesson, id_prefix=prefix)
                    pieces = [(("section", section), context) for section in sections]
                    keys = [
                        (stored_html.source_hash(p, c), stored_html.settings_hash(c))
                        for p, c in pieces
                    ]
                    stored = stored_html._stored(keys)
                    assert set(keys) <= set(stored), (
                        f"{module.slug}/{lesson.slug} {language} {prefix!r} not stored"
                    )
                    for section, key in zip(sections, keys, strict=True):
                        assert stored[key] == render_section(section, context)
                        checked += 1
        for module in db.session.scalars(sa.select(Module)):
            context = render_context(module, "en", {})
            assert prerender.summary_html(module) == render_markdown(module.summary_en, context)
    assert checked > 100


def test_the_lesson_page_reads_stored_html_and_shows_the_same_page(app, db, client):
    """With the stored rows gone the page renders live; both pages are the same bytes."""
    import_folder(db, REAL_MATERIALS)
    module = db.session.scalar(sa.select(Module).order_by(Module.id))
    lesson = db.session.scalar(
        sa.select(Lesson).where(Lesson.module_id == module.id).order_by(Lesson.position)
    )
    sign_in(client, make_user(email="reader@example.org", roles=(Role.TRAINEE,)))
    url = f"/learn/modules/{module.slug}/lessons/{lesson.slug}"
    stored_page = client.get(url).get_data(as_text=True)
    db.session.execute(sa.delete(RenderedMarkdown))
    db.session.commit()
    live_page = client.get(url).get_data(as_text=True)
    assert without_form_tokens(stored_page) == without_form_tokens(live_page)
    assert 'class="glossary-link"' in stored_page or "<h2" in stored_page


def test_a_lesson_edit_stores_its_new_html(app, db, tmp_path):
    """Saving a lesson in the browser renders and stores the changed section."""
    write_module(tmp_path)
    import_folder(db, tmp_path)
    lesson = db.session.scalar(sa.select(Lesson).order_by(Lesson.position))
    module = db.session.get(Module, lesson.module_id)
    from app.learning import authoring

    editor = make_user(email="editor@example.org", roles=(Role.COORDINATOR,))
    new_body = lesson.body_en.replace("\n\n", "\n\nA sentence added in the browser.\n\n", 1)
    authoring.update_lesson(lesson, {"body_en": new_body}, editor)
    db.session.commit()
    with app.test_request_context("/"):
        terms = glossary_terms(lesson_term_slugs([lesson]))
        context = render_context(module, "en", terms, lesson)
        sections = split_lesson(new_body).sections
        pieces = [(("section", s), context) for s in sections]
        keys = [(stored_html.source_hash(p, c), stored_html.settings_hash(c)) for p, c in pieces]
        stored = stored_html._stored(keys)
    assert set(keys) <= set(stored)
    assert any("A sentence added in the browser." in html for html in stored.values())


def test_a_renderer_change_makes_pieces_stale_until_the_command_renders_them(
    app, db, runner, tmp_path, monkeypatch
):
    """A new RENDERER_VERSION misses every stored piece; `materials render` stores them again."""
    write_module(tmp_path)
    import_folder(db, tmp_path)
    before = _stored_count(db)
    assert before > 0
    module = db.session.scalar(sa.select(Module))
    with app.test_request_context("/"):
        pieces = prerender.module_pieces(module)
    monkeypatch.setattr(stored_html, "RENDERER_VERSION", "a-later-renderer")
    with app.test_request_context("/"):
        keys = [(stored_html.source_hash(p, c), stored_html.settings_hash(c)) for p, c in pieces]
        assert stored_html._stored(keys) == {}
        # A miss is rendered on the spot: the page is still right.
        assert stored_html.html_of(pieces) == [stored_html.render_piece(p, c) for p, c in pieces]
    result = runner.invoke(args=["materials", "render", "--stale", "--prune"])
    assert result.exit_code == 0, result.output
    assert f"Rendered and stored {before} piece(s); removed {before} unused" in result.output
    with app.test_request_context("/"):
        assert set(stored_html._stored(keys)) == set(keys)
    assert _stored_count(db) == before


def test_a_lesson_page_looks_its_sections_up_in_one_query(app, db, client):
    """However many sections the lesson has, the stored HTML comes in one statement."""
    import_folder(db, REAL_MATERIALS)
    lesson = db.session.scalar(sa.select(Lesson).order_by(Lesson.id))
    module = db.session.get(Module, lesson.module_id)
    sign_in(client, make_user(email="reader@example.org", roles=(Role.TRAINEE,)))
    client.get(f"/learn/modules/{module.slug}/lessons/{lesson.slug}")
    with count_queries() as statements:
        client.get(f"/learn/modules/{module.slug}/lessons/{lesson.slug}")
    assert sum("rendered_markdown" in s for s in statements) == 1


def test_the_lesson_page_and_the_print_view_render_nothing_after_the_import(
    app, db, client, monkeypatch
):
    """Every section they show was stored by the import: the renderer is never called."""
    import_folder(db, REAL_MATERIALS)
    module = db.session.scalar(sa.select(Module).order_by(Module.id))
    lessons = db.session.scalars(
        sa.select(Lesson).where(Lesson.module_id == module.id).order_by(Lesson.position)
    ).all()
    reader = make_user(email="reader@example.org", roles=(Role.TRAINEE,))
    sign_in(client, reader)
    rendered = []
    real_render = stored_html.render_piece
    monkeypatch.setattr(
        stored_html, "render_piece", lambda *args: rendered.append(args) or real_render(*args)
    )
    for mode in ("mine", "other", "both"):
        client.post("/learn/reading-mode", data={"mode": mode})
        for lesson in lessons:
            page = client.get(f"/learn/modules/{module.slug}/lessons/{lesson.slug}")
            assert page.status_code == 200
        assert client.get(f"/learn/modules/{module.slug}/print?languages={mode}").status_code == 200
    assert client.get(f"/learn/modules/{module.slug}").status_code == 200
    assert rendered == []


def test_the_print_view_never_shows_the_lesson_pages_heading_ids(app, db, client):
    """The two contexts differ only in the heading ids' prefix: each page gets its own HTML."""
    import_folder(db, REAL_MATERIALS)
    module = db.session.scalar(sa.select(Module).order_by(Module.id))
    lesson = db.session.scalar(
        sa.select(Lesson).where(Lesson.module_id == module.id).order_by(Lesson.position)
    )
    sign_in(client, make_user(email="reader@example.org", roles=(Role.TRAINEE,)))
    anchor = split_lesson(lesson.body_en).sections[0].anchor
    lesson_page = client.get(f"/learn/modules/{module.slug}/lessons/{lesson.slug}")
    print_page = client.get(f"/learn/modules/{module.slug}/print")
    assert f'id="{anchor}"' in lesson_page.get_data(as_text=True)
    assert f'id="{lesson.slug}-{anchor}"' in print_page.get_data(as_text=True)
    assert f'id="{anchor}"' not in print_page.get_data(as_text=True)
