"""Configuration classes, read from the environment.

Development is the default; `APP_CONFIG=production` selects production, which refuses to start
without a real secret key.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = BASE_DIR / "var"

#: Secret keys that must never reach production.
DEFAULT_SECRET_KEYS = frozenset({"", "dev", "change-me", "development-only-secret-key"})
#: A production secret key is at least this long (32 random bytes, e.g. secrets.token_urlsafe(32)).
MIN_SECRET_KEY_LENGTH = 32


def normalise_database_url(url: str) -> str:
    """Point `postgres://` and `postgresql://` URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key_problem(key: str) -> str | None:
    """What is wrong with a production secret key, or None."""
    if key in DEFAULT_SECRET_KEYS:
        return "is missing or a default value"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"is only {len(key)} characters long"
    if len(set(key)) < 10:
        return "repeats a few characters: it is not random"
    return None


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-secret-key")
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'app.db'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(VAR_DIR / "uploads"))
    #: The reviewed training modules loaded by `flask materials import`.
    MATERIALS_DIR = os.environ.get("MATERIALS_DIR", str(BASE_DIR / "materials"))
    #: Largest trainers' material file accepted, in megabytes (below MAX_UPLOAD_MB).
    MATERIAL_MAX_MB = float(os.environ.get("MATERIAL_MAX_MB", "20"))
    #: Largest accepted request body; uploads above it get a bilingual 413 page.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD_MB", "25")) * 1024 * 1024
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/")

    # Mail: SMTP when MAIL_SERVER is set, otherwise every message is written to MAIL_FOLDER.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "training@example.org")
    MAIL_FOLDER = os.environ.get("MAIL_FOLDER", str(VAR_DIR / "mail"))
    #: Seconds an SMTP conversation may take: well below any worker or proxy limit.
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))

    # Background jobs (app/core/queue.py): Huey on Redis in production (JOB_QUEUE_URL=redis://...),
    # otherwise on the SQLite file JOB_QUEUE_FILE that `make run`'s worker shares with the server.
    JOB_QUEUE_URL = os.environ.get("JOB_QUEUE_URL", "")
    JOB_QUEUE_FILE = os.environ.get("JOB_QUEUE_FILE", str(VAR_DIR / "jobs.db"))
    #: True runs each task inside the call that queues it (the tests; no worker needed).
    JOBS_IMMEDIATE = _env_bool("JOBS_IMMEDIATE", False)
    #: How long files a job produced (merged PDFs, ZIPs, exports) stay downloadable.
    JOB_FILE_HOURS = int(os.environ.get("JOB_FILE_HOURS", "24"))
    #: Finished jobs are forgotten after this many days.
    JOB_KEEP_DAYS = int(os.environ.get("JOB_KEEP_DAYS", "30"))
    #: The dashboard's snapshot is rebuilt by the scheduled task when older than this.
    DASHBOARD_REFRESH_MINUTES = int(os.environ.get("DASHBOARD_REFRESH_MINUTES", "10"))
    #: A running job with no sign of life for this long is failed (its worker was killed).
    JOB_STALLED_SECONDS = int(os.environ.get("JOB_STALLED_SECONDS", "600"))
    #: `flask worker` lowers its own CPU priority by this much (os.nice; 0 keeps it): where web
    #: processes and workers share cores, a page then waits for no PDF being drawn.
    WORKER_NICE = int(os.environ.get("WORKER_NICE", "10"))
    #: An export with more rows than this is prepared by a background job, not in the request.
    EXPORT_JOB_ROWS = int(os.environ.get("EXPORT_JOB_ROWS", "1000"))

    # Rate limits are shared between processes through this storage (Redis in production).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    #: Sign-in, sign-up and reset attempts per account (the e-mail address typed) ...
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get(
        "LOGIN_ACCOUNT_RATE_LIMIT", os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    )
    #: ... and per network address: much higher, since a workshop room behind one office network
    #: signs in together.
    LOGIN_ADDRESS_RATE_LIMIT = os.environ.get("LOGIN_ADDRESS_RATE_LIMIT", "60 per minute")
    #: Language switches per address (each may carry a form's fields across the redirect).
    LANGUAGE_RATE_LIMIT = os.environ.get("LANGUAGE_RATE_LIMIT", "30 per minute")
    #: Certificate look-ups per address, on /verify and /verify/<code> together.
    VERIFY_RATE_LIMIT = os.environ.get("VERIFY_RATE_LIMIT", "30 per minute")
    #: How many reverse proxies stand in front of the app and set X-Forwarded-For/-Proto/-Host:
    #: 1 behind the README's nginx. 0 trusts no such header (a visitor could forge it).
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    #: Compress text responses (brotli or gzip) in the app; switch off when a proxy already does.
    COMPRESS_RESPONSES = _env_bool("COMPRESS_RESPONSES", True)
    #: Failed sign-ins in a row that lock an account, and for how long.
    LOGIN_LOCK_THRESHOLD = int(os.environ.get("LOGIN_LOCK_THRESHOLD", "8"))
    LOGIN_LOCK_MINUTES = int(os.environ.get("LOGIN_LOCK_MINUTES", "15"))
    #: werkzeug hashing method; scrypt is memory-hard and current.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105
    PASSWORD_RESET_HOURS = 2
    ADMIN_RESET_LINK_HOURS = 72
    #: How long the link in a roster-import invitation lets a new account choose its password.
    INVITATION_LINK_HOURS = 14 * 24

    # CSRF tokens live as long as the session, so a long form is never refused for its age.
    WTF_CSRF_TIME_LIMIT = None

    #: The programme's time zone: documents (letters, certificates) are dated in it.
    PROGRAMME_TIMEZONE = os.environ.get("PROGRAMME_TIMEZONE", "Asia/Shanghai")

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    #: A signed-in session ends after this long without a request, and in any case after the
    #: absolute lifetime; "keep me signed in" lasts REMEMBER_COOKIE_DURATION instead.
    SESSION_IDLE_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_IDLE_HOURS", "8")))
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_ABSOLUTE_HOURS", "24")))
    REMEMBER_COOKIE_DURATION = timedelta(days=int(os.environ.get("REMEMBER_DAYS", "14")))

    DEMO_DATA_ALLOWED = True
    TESTING = False
    DEBUG = False


class DevelopmentConfig(Config):
    """Local development: SQLite under var/, mail written to var/mail."""

    DEBUG = _env_bool("FLASK_DEBUG", False)


class TestingConfig(Config):
    """The test suite: its own database, no rate-limit storage shared with anything."""

    TESTING = True
    SECRET_KEY = "testing-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("TEST_DATABASE_URL", "sqlite:///:memory:")
    )
    RATELIMIT_STORAGE_URI = "memory://"
    #: Tasks run inside the call that queues them; the real-worker tests switch this off.
    JOBS_IMMEDIATE = True
    #: Fast hashing keeps the suite quick; production keeps scrypt.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105


class ProductionConfig(Config):
    """Production: PostgreSQL, secure cookies, a real secret key or no start."""

    DEMO_DATA_ALLOWED = False
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def check(cls) -> None:
        """Refuse to start with a missing, default, short or repetitive secret key."""
        problem = secret_key_problem(os.environ.get("SECRET_KEY", ""))
        if problem:
            raise RuntimeError(
                f"SECRET_KEY {problem}: set SECRET_KEY to at least {MIN_SECRET_KEY_LENGTH} random "
                "bytes before starting in production, e.g. the output of "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'."
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def get_config(name: str | None = None) -> type[Config]:
    """Return the configuration class named by `name` or by APP_CONFIG."""
    name = name or os.environ.get("APP_CONFIG", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(
            f"Unknown APP_CONFIG {name!r}; use one of {', '.join(CONFIGS)}"
        ) from None
