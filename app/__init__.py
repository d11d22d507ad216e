"""The application factory: config -> extensions -> blueprints -> CLI -> error pages -> headers."""

from __future__ import annotations

import logging
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

    _ensure_sqlite_folder(app.config["SQLALCHEMY_DATABASE_URI"])
    from app.core import requests

    requests.init_app(app)  # before the blueprints: URL rules pick their converters when added
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)

    from app.core import errors, security

    errors.init_app(app)
    security.init_app(app)
    return app


def _ensure_sqlite_folder(uri: str) -> None:
    """Create the folder of a file-based SQLite database, so a fresh checkout just runs."""
    prefix = "sqlite:///"
    if uri.startswith(prefix) and ":memory:" not in uri:
        Path(uri[len(prefix) :]).parent.mkdir(parents=True, exist_ok=True)


def _init_extensions(app: Flask) -> None:
    from app.core import access, audit, carry, mail, storage, templating  # noqa: F401 (models)
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
    mail.init_app(app)
    templating.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from app.admin import bp as admin_bp
    from app.auth import bp as auth_bp
    from app.certificates import bp as certificates_bp
    from app.dashboard import bp as dashboard_bp
    from app.evaluations import bp as evaluations_bp
    from app.exchanges import bp as exchanges_bp
    from app.learning import bp as learning_bp
    from app.main import bp as main_bp
    from app.quizzes import bp as quizzes_bp
    from app.quizzes.authoring_routes import bp as quiz_authoring_bp
    from app.roster import bp as roster_bp
    from app.workshops import bp as workshops_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/account")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(dashboard_bp, url_prefix="/dashboard")
    app.register_blueprint(evaluations_bp, url_prefix="/evaluations")
    app.register_blueprint(exchanges_bp, url_prefix="/exchanges")
    app.register_blueprint(learning_bp, url_prefix="/learn")
    app.register_blueprint(quiz_authoring_bp, url_prefix="/learn")
    app.register_blueprint(quizzes_bp, url_prefix="/quizzes")
    app.register_blueprint(workshops_bp, url_prefix="/workshops")
    app.register_blueprint(certificates_bp)  # /certificates/... and the public /verify/...
    app.register_blueprint(roster_bp, url_prefix="/roster")


def _register_cli(app: Flask) -> None:
    from app.admin.backup import backup_command, restore_command
    from app.auth.cli import create_admin_command
    from app.demo import seed_demo_command
    from app.learning.cli import materials_command
    from app.quizzes.cli import quizzes_command

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(materials_command)
    app.cli.add_command(quizzes_command)
