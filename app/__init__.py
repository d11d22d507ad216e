"""The application factory: config -> extensions -> features (in layer order) -> error pages ->
headers."""

from __future__ import annotations

import logging
from importlib import import_module
from pathlib import Path

from flask import Flask

from config import Config, get_config


def create_app(config: type[Config] | str | None = None) -> Flask:
    """Build the app for a configuration class or its name (default: APP_CONFIG or development)."""
    config_class = get_config(config) if config is None or isinstance(config, str) else config
    if hasattr(config_class, "check"):
        config_class.check()

    app = Flask(__name__)
    app.config.from_object(config_class)
    if not app.testing:
        app.logger.setLevel(logging.INFO)  # e.g. where each demo e-mail was written

    # Imported here, not at the top: `import app.quizzes.grading` loads no Flask extension.
    from app.core import delivery, errors, requests, security
    from app.features import FEATURES

    _ensure_sqlite_folder(app.config["SQLALCHEMY_DATABASE_URI"])
    requests.init_app(app)  # before the blueprints: URL rules pick their converters when added
    _init_extensions(app)
    for feature in FEATURES:  # each plugs in its blueprint, commands, globals, hooks, demo data
        import_module(f"app.{feature}").init_app(app)

    errors.init_app(app)
    security.init_app(app)
    delivery.init_app(app)
    return app


def _ensure_sqlite_folder(uri: str) -> None:
    """Create the folder of a file-based SQLite database, so a fresh checkout just runs."""
    prefix = "sqlite:///"
    if uri.startswith(prefix) and ":memory:" not in uri:
        Path(uri[len(prefix) :]).parent.mkdir(parents=True, exist_ok=True)


def _init_extensions(app: Flask) -> None:
    from app.core import access, audit, carry, job_pages, jobs, mail, queue, storage, templating  # noqa: F401
    from app.core.i18n import select_language
    from app.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True
    )
    babel.init_app(app, locale_selector=select_language)
    login_manager.init_app(app)
    access.init_app(app)  # before CSRF: a refused visitor is refused whatever the form says
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)
    carry.init_app(app)
    queue.init_app(app)
    mail.init_app(app)
    job_pages.init_app(app)
    templating.init_app(app)
