"""Lean delivery: fingerprinted static URLs cached for a year, compressed responses, ETags.

Trainees reach the platform over provincial and mobile networks. Static files get their content
hash in the URL (`?v=<hash>`), so a browser keeps them a year without asking again and a changed
file gets a new URL. Text responses are compressed (brotli where the client accepts it, else
gzip) when the app is served without a proxy that does it (COMPRESS_RESPONSES). Documents and
exports get an ETag from their bytes and answer a matching If-None-Match with 304.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import time
from pathlib import Path

from flask import Flask, Response, current_app, request

try:  # brotli is a dependency; the fallback keeps gzip working in a stripped-down install
    import brotli
except ImportError:  # pragma: no cover
    brotli = None

#: A year, the longest any cache honours; `immutable` stops even a reload revalidating.
IMMUTABLE = "public, max-age=31536000, immutable"
#: Smaller bodies gain less than the compression header costs.
MIN_COMPRESS_BYTES = 500
COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
        "text/csv",
        "text/plain",
        "text/calendar",
    }
)
#: Documents and exports: same bytes, same ETag, so a repeat download is a 304.
ETAGGED = frozenset(
    {
        "application/pdf",
        "text/csv",
        "application/zip",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)

#: A static file's fingerprint is trusted this long before its size and time are looked at again.
RECHECK_SECONDS = 2.0

#: filename -> (when looked at, mtime_ns, size, digest)
_fingerprints: dict[str, tuple[float, int, int, str]] = {}
_compressed_static: dict[tuple[str, str, str], bytes] = {}


def fingerprint(static_folder: str, filename: str) -> str | None:
    """The first 16 hex digits of the file's SHA-256 (None when there is no such file).

    A page builds a dozen static URLs: a known file's digest is reused, and the file looked at
    again (size and time of change) at most once every RECHECK_SECONDS.
    """
    now = time.monotonic()
    known = _fingerprints.get(filename)
    if known and now - known[0] < RECHECK_SECONDS:
        return known[3]
    path = Path(static_folder) / filename
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if known and known[1:3] == (stat.st_mtime_ns, stat.st_size):
        digest = known[3]
    else:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    _fingerprints[filename] = (now, stat.st_mtime_ns, stat.st_size, digest)
    return digest


def _add_fingerprint(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        digest = fingerprint(current_app.static_folder, values["filename"])
        if digest:
            values["v"] = digest


def _accepted_encoding() -> str | None:
    accepted = request.accept_encodings
    if brotli is not None and accepted["br"]:
        return "br"
    if accepted["gzip"]:
        return "gzip"
    return None


#: Pages are compressed on every view: brotli 4 with a 256 KB window is as small as gzip -6 and
#: faster; gzip -5 for clients without brotli. Static files are compressed once, at the best level.
PAGE_BROTLI_QUALITY, PAGE_BROTLI_WINDOW, PAGE_GZIP_LEVEL = 4, 18, 5
STATIC_BROTLI_QUALITY, STATIC_GZIP_LEVEL = 11, 9


def _compress(body: bytes, encoding: str, static: bool = False) -> bytes:
    if encoding == "br":
        if static:
            return brotli.compress(body, quality=STATIC_BROTLI_QUALITY)
        return brotli.compress(body, quality=PAGE_BROTLI_QUALITY, lgwin=PAGE_BROTLI_WINDOW)
    level = STATIC_GZIP_LEVEL if static else PAGE_GZIP_LEVEL
    return gzip.compress(body, compresslevel=level, mtime=0)


def _cache_static(response: Response) -> Response:
    """A year-long cache for a static file asked for by its current fingerprint."""
    if request.endpoint == "static" and response.status_code in (200, 304):
        filename = (request.view_args or {}).get("filename", "")
        digest = fingerprint(current_app.static_folder, filename)
        if digest and request.args.get("v") == digest:
            response.headers["Cache-Control"] = IMMUTABLE
    return response


def _static_response(response: Response) -> Response:
    """A static file compressed once per file, version and encoding, then kept in memory."""
    filename = (request.view_args or {}).get("filename", "")
    digest = fingerprint(current_app.static_folder, filename)
    encoding = _accepted_encoding()
    if (
        response.status_code != 200
        or encoding is None
        or response.mimetype not in COMPRESSIBLE
        or digest is None
    ):
        return response
    key = (filename, digest, encoding)
    response.direct_passthrough = False
    if key not in _compressed_static:
        _compressed_static[key] = _compress(response.get_data(), encoding, static=True)
    response.close()  # the file send_file opened: its bytes are replaced
    response.set_data(_compressed_static[key])
    response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    if response.headers.get("ETag"):  # the ETag names the file's bytes, not these
        response.set_etag(f"{digest}-{encoding}", weak=True)
    return response


def _etag_documents(response: Response) -> Response:
    if (
        request.method == "GET"
        and response.status_code == 200
        and response.mimetype in ETAGGED
        and not response.direct_passthrough
        and not response.is_streamed
        and "ETag" not in response.headers
    ):
        response.add_etag()
        response.make_conditional(request)
    return response


def _compress_response(response: Response) -> Response:
    if request.endpoint == "static":
        return _static_response(response)
    if (
        response.status_code < 200
        or response.status_code in (204, 304)
        or response.direct_passthrough
        or response.is_streamed
        or "Content-Encoding" in response.headers
        or response.mimetype not in COMPRESSIBLE
    ):
        return response
    encoding = _accepted_encoding()
    response.vary.add("Accept-Encoding")
    if encoding is None:
        return response
    body = response.get_data()
    if len(body) < MIN_COMPRESS_BYTES:
        return response
    response.set_data(_compress(body, encoding))
    response.headers["Content-Encoding"] = encoding
    if response.headers.get("ETag"):
        etag, _weak = response.get_etag()
        response.set_etag(f"{etag}-{encoding}", weak=True)
    return response


def init_app(app: Flask) -> None:
    """Fingerprint static URLs; ETag documents; compress when no proxy does (COMPRESS_RESPONSES)."""
    app.url_defaults(_add_fingerprint)
    app.after_request(_cache_static)
    if app.config.get("COMPRESS_RESPONSES", True):
        app.after_request(_compress_response)  # runs after the ETag: it names the plain bytes
    app.after_request(_etag_documents)
