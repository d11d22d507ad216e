"""Fingerprinted static files cached a year, compressed pages, ETags on documents."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import brotli

from app.core.delivery import IMMUTABLE


def _stylesheet_url(client) -> str:
    html = client.get("/").get_data(as_text=True)
    match = re.search(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert match
    return match[1]


def test_static_urls_carry_the_content_hash_and_are_cached_a_year(app, client):
    """The stylesheet's URL names its bytes; fetched by that URL it is immutable for a year."""
    url = _stylesheet_url(client)
    css = Path(app.static_folder, "css", "app.css").read_bytes()
    assert url == f"/static/css/app.css?v={hashlib.sha256(css).hexdigest()[:16]}"
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.get_data() == css
    response.close()


def test_an_old_or_missing_fingerprint_is_revalidated(client):
    """A URL with another version (an old page) is not promised for a year."""
    for url in ("/static/css/app.css", "/static/css/app.css?v=0000000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert "immutable" not in response.headers.get("Cache-Control", "")
        response.close()


def test_pages_are_compressed_with_brotli_or_gzip_as_the_client_accepts(client):
    """brotli where accepted, else gzip, else plain; the bytes decompress to the plain page."""
    plain = client.get("/")
    assert "Content-Encoding" not in plain.headers
    body = plain.get_data()
    assert len(body) > 500
    as_br = client.get("/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert as_br.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in as_br.headers["Vary"]
    as_gzip = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert as_gzip.headers["Content-Encoding"] == "gzip"
    for response, decode in ((as_br, brotli.decompress), (as_gzip, gzip.decompress)):
        page = decode(response.get_data()).decode()
        # Pages differ only by their signed form tokens, made at a different second.
        assert re.sub(r'value="[^"]{40,}"', "", page) == re.sub(
            r'value="[^"]{40,}"', "", body.decode()
        )
        assert int(response.headers["Content-Length"]) == len(response.get_data())


def test_static_files_are_compressed_too(app, client):
    """The stylesheet travels compressed and decompresses to the file's bytes."""
    url = _stylesheet_url(client)
    response = client.get(url, headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    css = Path(app.static_folder, "css", "app.css").read_bytes()
    assert brotli.decompress(response.get_data()) == css
    assert len(response.get_data()) < len(css) / 2


def test_compression_can_be_left_to_a_proxy(other_app):
    """COMPRESS_RESPONSES off: the app sends plain bytes whatever the client accepts."""
    plain = other_app(COMPRESS_RESPONSES=False)
    response = plain.test_client().get("/", headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers


def test_documents_answer_a_repeat_download_with_304(other_app):
    """An export carries an ETag of its bytes; If-None-Match with it gets 304 and no body."""
    from flask import Response

    from app.core.access import public

    @public
    def sample_pdf():
        return Response(b"%PDF-1.7 sample " * 100, mimetype="application/pdf")

    app = other_app()
    app.add_url_rule("/__sample.pdf", "sample_pdf", sample_pdf)
    client = app.test_client()
    first = client.get("/__sample.pdf")
    assert first.status_code == 200
    etag = first.headers["ETag"]
    again = client.get("/__sample.pdf", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
