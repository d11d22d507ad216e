"""Redirect targets that stay on this site."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_local_path(target: str | None) -> bool:
    """Whether target is a path on this site (no scheme, no host, no protocol-relative trick)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ch in target for ch in "\r\n\t\\"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, default: str) -> str:
    """target when it is a local path, else default."""
    return target if is_local_path(target) else default


def public_url(endpoint: str, **values) -> str:
    """An absolute URL on PUBLIC_BASE_URL, for e-mails, QR codes and feeds."""
    from flask import current_app, url_for

    return current_app.config["PUBLIC_BASE_URL"] + url_for(endpoint, **values)
