"""Fetch an export both ways: at once (under EXPORT_JOB_ROWS) and as a background job (over it)."""

from __future__ import annotations


def export_both_ways(client, url: str) -> bytes:
    """The export's file, after checking that the job path gives exactly the same bytes as the
    immediate one: the offer page, its POST starting a job, the job page, the download."""
    app = client.application
    saved = app.config["EXPORT_JOB_ROWS"]
    try:
        app.config["EXPORT_JOB_ROWS"] = 10**9
        at_once = client.get(url)
        assert at_once.status_code == 200 and at_once.mimetype == "text/csv", at_once.status
        app.config["EXPORT_JOB_ROWS"] = 0
        offer = client.get(url)
        assert offer.status_code == 200 and offer.mimetype == "text/html"
        page = offer.get_data(as_text=True)
        assert "Prepare the file" in page or "准备文件" in page
        started = client.post(url)
        assert started.status_code == 303 and "/jobs/" in started.location
        job_id = int(started.location.rstrip("/").rsplit("/", 1)[1])
        assert client.get(started.location).status_code == 200
        status = client.get(f"/jobs/{job_id}.json").get_json()
        assert status["state"] == "done" and status["file_url"], status
        download = client.get(status["file_url"])
        data = download.get_data()
        download.close()
        assert download.mimetype == "text/csv"
        assert data == at_once.data
    finally:
        app.config["EXPORT_JOB_ROWS"] = saved
    return data
