"""Throughput and latency of the key pages, as a share of a bare Flask app served the same way.

Run from the repository root:

    .venv/bin/python bench/pages.py                 # wrk if installed, else the Python client
    .venv/bin/python bench/pages.py --loadgen python --duration 5

It loads the demo data into a scratch SQLite file, starts gunicorn (2 sync workers) twice in the
same run, once with the project and once with bench/hello_app.py (a bare Flask "hello"), signs in
as the demo trainee (the coordinator for the register and the dashboard), and drives each key page
with 16 connections. For each page it prints requests/s, p50 and p95 latency, the share of bare
Flask's requests/s, and the in-process time (test client, median of 20) and query count of one
request. Then the lesson page's first load in bytes (HTML + CSS + JS, plain and compressed) and
any request it would make to another host. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "demo-pass-2026"  # noqa: S105 -- the demo accounts' published password
TRAINEE = "trainee@example.org"
COORDINATOR = "coordinator@example.org"
IN_PROCESS_REPEATS = 20

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %f %f %d %d\\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
"""


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scratch_env(folder: Path) -> dict[str, str]:
    """The environment that points the project at the scratch folder."""
    env = dict(os.environ)
    env.update(
        FLASK_APP="wsgi.py",
        APP_CONFIG="development",
        DATABASE_URL=f"sqlite:///{folder / 'app.db'}",
        UPLOAD_DIR=str(folder / "uploads"),
        MAIL_FOLDER=str(folder / "mail"),
        RATELIMIT_ENABLED="0",
    )
    return env


def load_demo(env: dict[str, str]) -> None:
    """Build the schema, load the demo data into the scratch database and build the dashboard's
    figures (as the worker does within a minute of `make run`)."""
    for command in (["db", "upgrade"], ["seed-demo"], ["dashboard", "refresh"]):
        subprocess.run(  # noqa: S603 -- our own flask command
            [str(BIN / "flask"), *command], cwd=ROOT, env=env, check=True, capture_output=True
        )


def start_gunicorn(target: str, port: int, env: dict[str, str], extra: list[str]):
    """Start gunicorn with 2 sync workers and wait until it answers."""
    process = subprocess.Popen(  # noqa: S603 -- our own gunicorn
        [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning"]
        + extra
        + [target],
        cwd=ROOT,
        env=env,
    )
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit(f"gunicorn {target} did not start")


def sign_in(port: int, email: str) -> str:
    """Sign in over HTTP and return the Cookie header to send."""
    jar: dict[str, str] = {}

    def request(method, path, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                jar[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, text

    _status, page = request("GET", "/account/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if not token:
        raise SystemExit("no CSRF token on the login page")
    body = urllib.parse.urlencode(
        {"csrf_token": token[1], "email": email, "password": PASSWORD}
    ).encode()
    status, _page = request("POST", "/account/login", body)
    if status not in (302, 303):
        raise SystemExit(f"sign-in as {email} failed ({status})")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def run_wrk(url: str, cookie: str, connections: int, duration: float, script: Path):
    """requests/s, p50 ms, p95 ms, requests, errors measured by wrk."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{int(duration)}s", "-s", str(script)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603 -- wrk
        [*command, url], check=True, capture_output=True, text=True
    ).stdout
    match = re.search(r"RESULT (\S+) (\S+) (\S+) (\d+) (\d+)", output)
    if not match:
        raise SystemExit(f"wrk said: {output}")
    rate, p50, p95, requests, errors = match.groups()
    return float(rate), float(p50), float(p95), int(requests), int(errors)


def run_python(port: int, path: str, cookie: str, connections: int, duration: float):
    """The same figures from threads with keep-alive connections (when wrk is not installed)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + duration

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    if not latencies:
        return 0.0, 0.0, 0.0, 0, errors[0]
    p50 = latencies[len(latencies) // 2] * 1000
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000
    return len(latencies) / elapsed, p50, p95, len(latencies), errors[0]


def in_process(env: dict[str, str]):
    """Page list with (path, role, in-process ms, queries), measured with the test client."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import sqlalchemy as sa

    from app import create_app
    from app.extensions import db

    app = create_app()
    print(f"Project: {Path(sys.modules['app'].__file__).parent.parent}")
    app.config["WTF_CSRF_ENABLED"] = False
    statements = [0]

    with app.app_context():
        sa.event.listen(
            db.engine,
            "before_cursor_execute",
            lambda *a, **k: statements.__setitem__(0, statements[0] + 1),
        )
        pages = discover_pages(db, sa)

    clients = {}
    for role, email in (("trainee", TRAINEE), ("coordinator", COORDINATOR)):
        client = app.test_client()
        response = client.post("/account/login", data={"email": email, "password": PASSWORD})
        if response.status_code not in (302, 303):
            raise SystemExit(f"in-process sign-in as {email} failed")
        clients[role] = client

    results = []
    for name, path, role in pages:
        client = clients[role]
        response = client.get(path)
        if response.status_code != 200:
            print(f"  skipped {name} {path}: {response.status_code}")
            continue
        times = []
        for _ in range(IN_PROCESS_REPEATS):
            statements[0] = 0
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        results.append((name, path, role, statistics.median(times), statements[0]))
    return results


def discover_pages(db, sa) -> list[tuple[str, str, str]]:
    """The key pages' paths on the demo data."""
    from app.auth.models import User
    from app.learning.models import Lesson, Module
    from app.quizzes.models import Attempt, Quiz
    from app.workshops.models import Workshop

    trainee = db.session.scalar(sa.select(User).where(User.email == TRAINEE))
    workshop = db.session.scalar(
        sa.select(Workshop).where(Workshop.status == "published").order_by(Workshop.id)
    ) or db.session.scalar(sa.select(Workshop).order_by(Workshop.id))
    module = db.session.scalar(
        sa.select(Module).where(Module.status == "published").order_by(Module.id)
    )
    lesson = db.session.scalar(
        sa.select(Lesson).where(Lesson.module_id == module.id).order_by(Lesson.position)
    )
    quiz = db.session.scalar(sa.select(Quiz).order_by(Quiz.id))
    attempt = db.session.scalar(
        sa.select(Attempt)
        .where(Attempt.user_id == trainee.id, Attempt.submitted_at.is_not(None))
        .order_by(Attempt.id)
    )
    pages = [
        ("home", "/", "trainee"),
        ("my page", "/my", "trainee"),
        ("workshop list", "/workshops/", "trainee"),
        ("workshop detail", f"/workshops/{workshop.id}", "trainee"),
        ("module catalogue", "/learn/", "trainee"),
        ("module page", f"/learn/modules/{module.slug}", "trainee"),
        ("lesson", f"/learn/modules/{module.slug}/lessons/{lesson.slug}", "trainee"),
        ("quiz page", f"/quizzes/{quiz.id}", "trainee"),
    ]
    if attempt is not None:
        pages.append(("attempt page", f"/quizzes/attempts/{attempt.id}", "trainee"))
    pages += [
        ("exchanges list", "/exchanges/", "trainee"),
        ("certificates register", "/certificates/", "coordinator"),
        ("dashboard", "/dashboard/", "coordinator"),
    ]
    return pages


def fetch(port: int, path: str, cookie: str, encoding: str = "identity") -> tuple[int, bytes, dict]:
    """Status, body bytes as sent and headers of one GET."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie, "Accept-Encoding": encoding})
    response = connection.getresponse()
    body = response.read()
    headers = {k.lower(): v for k, v in response.getheaders()}
    connection.close()
    return response.status, body, headers


def first_load(port: int, path: str, cookie: str) -> None:
    """Bytes of the lesson page's HTML, CSS and JS, plain and compressed; foreign hosts."""
    _status, html, _headers = fetch(port, path, cookie)
    text = html.decode("utf-8")
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    assets += re.findall(r'<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"', text)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', text)
    foreign = [
        url
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', text)
        if "127.0.0.1" not in url
    ]
    resources = [path, *dict.fromkeys(assets)]
    plain = wire_gzip = wire_best = 0
    for resource in resources:
        _s, body, _h = fetch(port, resource, cookie)
        plain += len(body)
        _s, body_gz, headers_gz = fetch(port, resource, cookie, "gzip")
        wire_gzip += len(body_gz)
        _s, body_br, _h = fetch(port, resource, cookie, "br, gzip")
        wire_best += len(body_br)
        if headers_gz.get("content-encoding") != "gzip":
            print(f"  {resource}: sent uncompressed (gzip would be {len(gzip.compress(body))} B)")
    print(f"\nLesson first load ({len(resources)} responses: HTML + CSS + JS)")
    print(f"  uncompressed {plain / 1024:.1f} KB, as sent with gzip {wire_gzip / 1024:.1f} KB,")
    print(
        f"  as sent with br+gzip {wire_best / 1024:.1f} KB; requests to other hosts: {foreign or 'none'}"
    )


def main() -> None:
    """Load the demo, start both servers, measure every page, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    args = parser.parse_args()
    use_wrk = args.loadgen == "wrk" or (args.loadgen == "auto" and shutil.which("wrk"))

    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = scratch_env(folder)
    started = time.perf_counter()
    load_demo(env)
    print(f"Demo data loaded into {folder / 'app.db'} in {time.perf_counter() - started:.0f} s")
    measured = in_process(env)

    app_port, hello_port = free_port(), free_port()
    project = start_gunicorn("wsgi:app", app_port, env, [])
    hello = start_gunicorn("hello_app:app", hello_port, env, ["--pythonpath", "bench"])
    script = folder / "report.lua"
    script.write_text(WRK_SCRIPT)
    try:
        cookies = {
            role: sign_in(app_port, email)
            for role, email in (("trainee", TRAINEE), ("coordinator", COORDINATOR))
        }

        def drive(port, path, cookie):
            if use_wrk:
                return run_wrk(
                    f"http://127.0.0.1:{port}{path}",
                    cookie,
                    args.connections,
                    args.duration,
                    script,
                )
            return run_python(port, path, cookie, args.connections, args.duration)

        bare = drive(hello_port, "/", "")
        print(
            f"Load generator: {'wrk' if use_wrk else 'Python threads (wrk not installed)'}, "
            f"{args.connections} connections, {args.duration:.0f} s per page; "
            f"load average {os.getloadavg()[0]:.2f}"
        )
        print(
            f"\n{'page':<22} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'share':>7} {'p95/p50':>8} {'in-proc ms':>11} {'queries':>8}"
        )
        print(
            f"{'bare Flask':<22} {bare[0]:>8.0f} {bare[1]:>8.1f} {bare[2]:>8.1f} {'100%':>7} {bare[2] / max(bare[1], 1e-9):>8.1f}"
        )
        for name, path, role, ms, queries in measured:
            rate, p50, p95, _count, errors = drive(app_port, path, cookies[role])
            note = f"  ({errors} errors)" if errors else ""
            print(
                f"{name:<22} {rate:>8.0f} {p50:>8.1f} {p95:>8.1f} {rate / bare[0]:>7.1%} "
                f"{p95 / max(p50, 1e-9):>8.1f} {ms:>11.1f} {queries:>8}{note}"
            )
        lesson = next(path for name, path, *_ in measured if name == "lesson")
        first_load(app_port, lesson, cookies["trainee"])
    finally:
        project.terminate()
        hello.terminate()
        project.wait()
        hello.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
