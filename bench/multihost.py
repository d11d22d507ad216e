"""The production layout on one machine: two web instances, two workers, one database, one Redis.

Run:  .venv/bin/python bench/multihost.py [--people 300] [--bulk 1000]
      (defaults: DATABASE postgresql://postgres@127.0.0.1:5432/test_jobs, Redis db 5)

It empties the database given (never point it at data you keep) and the Redis database given, then
starts two gunicorn instances (A and B, 4 workers each, default 30 s timeout) and two `flask worker`
processes, all with the same environment: one PostgreSQL database, one Redis (task queue and rate
limits), one upload folder, and an SMTP sink of its own that counts deliveries per outbox message.
Through real HTTP, with CSRF tokens, it then:

1. signs up --people people through A and registers each for a workshop;
2. (the workshop is then held: dates moved into the past, everyone marked present)
3. issues everyone's certificate through B ("Issue to all", a job) and waits for the job;
4. builds the merged PDF through A (a job) and downloads it from A;
5. downloads the workshop's attendance CSV from A (small: given at once);
6. sends a message to all participants through B;
7. sends 20 "forgot password" requests at the same moment, half to A and half to B;

and prints the slowest web request (target under 2 s; none may reach the 30 s worker timeout), how
long each job took, and checks exactly --people certificates, one message to each participant, and
no e-mail delivered twice. With --bulk N it also measures, for N people created directly in the
database, "Issue to all" through B while 60 more people sign up through A (web requests beside
busy workers), the certificate register's CSV as a job through A (every certificate: a large
export) and a roster import of N new people through A.
Exits non-zero if a check fails.
"""

# ruff: noqa: S105, S310, S603 -- a local benchmark: fixed password, local URLs and commands

from __future__ import annotations

import argparse
import csv
import email
import email.policy
import http.cookiejar
import io
import os
import re
import shutil
import signal
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
PASSWORD = "a-long-bench-password-2026"
#: People who sign up while the bulk certificates are drawn (--bulk).
LATE_SIGNUPS = 60


# --- An SMTP sink that counts what it receives ----------------------------------------------------


class Sink:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: Counter[str] = Counter()  # X-Outbox-ID -> deliveries
        self.subjects: dict[str, str] = {}


class SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        sink: Sink = self.server.sink  # type: ignore[attr-defined]
        self.wfile.write(b"220 sink\r\n")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 sink\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                lines = []
                while True:
                    part = self.rfile.readline()
                    if part in (b".\r\n", b".\n", b""):
                        break
                    lines.append(part[1:] if part.startswith(b"..") else part)
                message = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                key = message.get("X-Outbox-ID", "?")
                with sink.lock:
                    sink.received[key] += 1
                    sink.subjects[key] = str(message.get("Subject", ""))
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


class SmtpServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


# --- A browser: cookies, CSRF tokens, timings ---------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


TIMINGS: list[tuple[float, str]] = []
TIMINGS_LOCK = threading.Lock()
#: The step running now, and the slowest request seen in each step.
PHASE = ["start"]
SLOWEST_IN: dict[str, tuple[float, str]] = {}


def record(elapsed: float, what: str) -> None:
    with TIMINGS_LOCK:
        TIMINGS.append((elapsed, what))
        if elapsed > SLOWEST_IN.get(PHASE[0], (0.0, ""))[0]:
            SLOWEST_IN[PHASE[0]] = (elapsed, what)


def phase(name: str) -> None:
    PHASE[0] = name


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, method: str, path: str, data: dict | None = None, base: str | None = None):
        url = (base or self.base) + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, method=method)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                status, headers, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, content = error.code, error.headers, error.read()
        elapsed = time.perf_counter() - started
        record(elapsed, f"{method} {url} -> {status}")
        if status >= 500:
            raise RuntimeError(f"{method} {url} answered {status}")
        return status, headers, content

    def get(self, path: str, base: str | None = None):
        return self.request("GET", path, base=base)

    def post(self, path: str, data: dict, base: str | None = None, form_page: str | None = None):
        _status, _headers, page = self.get(form_page or path, base=base)
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
        if token is None:
            token = re.search(rb'value="([^"]+)"[^>]*name="csrf_token"', page)
        return self.request("POST", path, {**data, "csrf_token": token.group(1).decode()}, base)

    def wait_for_job(self, location: str, base: str | None = None) -> tuple[dict, float]:
        import json

        path = urllib.parse.urlsplit(location).path
        started = time.perf_counter()
        while True:
            _s, _h, body = self.get(f"{path}.json", base=base)
            status = json.loads(body)
            if status["finished"]:
                return status, time.perf_counter() - started
            time.sleep(0.5)


# --- The platform's processes ---------------------------------------------------------------------


def environment(args, folder: Path, smtp_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "APP_CONFIG": "production",
        "SECRET_KEY": "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "SESSION_COOKIE_SECURE": "false",
        "DATABASE_URL": args.database,
        "JOB_QUEUE_URL": args.redis,
        "RATELIMIT_STORAGE_URI": args.redis,
        "RATELIMIT_ENABLED": "false",  # hundreds of sign-ups from one address are the point here
        "UPLOAD_DIR": str(folder / "uploads"),
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "MAIL_USE_TLS": "false",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{args.ports[0]}",
        "FLASK_APP": "wsgi.py",
    }


def start_processes(args, env: dict[str, str], folder: Path) -> list[subprocess.Popen]:
    processes = []
    for name, port in zip("AB", args.ports, strict=True):
        log = (folder / f"web-{name}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "--workers",
                    "4",
                    "--timeout",
                    "30",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "wsgi:app",
                ],  # fmt: skip
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        )
        log.close()
    for number in (1, 2):
        log = (folder / f"worker-{number}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [str(BIN / "flask"), "worker", "--workers", "2"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        )
        log.close()
    for port in args.ports:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    stop_processes(processes)  # leave nothing running behind
                    raise RuntimeError(f"instance on port {port} did not start") from None
                time.sleep(0.5)
    return processes


def stop_processes(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- Set-up done directly in the database -------------------------------------------------------


def reset(app, args) -> None:
    import redis
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from app.extensions import db

    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()
    redis.Redis.from_url(args.redis).flushdb()  # the bench's own database number only


def make_workshop(app, capacity: int, title: str) -> int:
    from app.auth.services import create_user
    from app.core.access import Role
    from app.core.db import utcnow
    from app.extensions import db
    from app.workshops.models import Workshop, WorkshopSession, WorkshopStatus

    with app.app_context():
        if db.session.scalar(db.select(db.func.count()).select_from(db.text("users"))) == 0:
            create_user(
                "coordinator@bench.example.org", PASSWORD,
                {"family_name_latin": "Bench", "given_name_latin": "Coordinator",
                 "organisation": "IOM", "organisation_type": "international_organisation",
                 "country": "BE", "preferred_language": "en", "timezone": "Europe/Brussels"},
                roles={Role.COORDINATOR},
            )  # fmt: skip
        start = (utcnow() + timedelta(days=10)).replace(hour=1, minute=0, second=0, microsecond=0)
        workshop = Workshop(
            title_en=title, title_zh="职业中介机构监管（测试）", description_en="Bench.",
            description_zh="测试。", organisers="ILO", country="CN", province="35", city="Fuzhou",
            venue="Fujian Hotel", address="1 Wusi Road", timezone="Asia/Shanghai",
            starts_at=start, ends_at=start + timedelta(hours=6), capacity=capacity,
            status=WorkshopStatus.PUBLISHED,
        )  # fmt: skip
        for number in range(2):
            begins = start + timedelta(hours=2 * number)
            workshop.sessions.append(
                WorkshopSession(
                    title_en=f"Session {number + 1}",
                    title_zh=f"第{number + 1}单元",
                    starts_at=begins,
                    ends_at=begins + timedelta(hours=1),
                    room="A",
                    speakers="-",
                )  # fmt: skip
            )
        db.session.add(workshop)
        db.session.commit()
        return workshop.id


def hold_workshop(app, workshop_id: int) -> None:
    """Move the workshop into the past and mark every confirmed participant present."""
    from app.core.db import utcnow
    from app.extensions import db
    from app.workshops.models import (
        AttendanceRecord,
        Registration,
        Workshop,
        WorkshopStatus,
    )

    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        shift = workshop.starts_at - (utcnow() - timedelta(days=5))
        workshop.starts_at -= shift
        workshop.ends_at -= shift
        for session in workshop.sessions:
            session.starts_at -= shift
            session.ends_at -= shift
        workshop.status = WorkshopStatus.COMPLETED
        users = db.session.scalars(
            db.select(Registration.user_id).where(
                Registration.workshop_id == workshop_id, Registration.status == "confirmed"
            )
        ).all()
        for session in workshop.sessions:
            for user_id in users:
                db.session.add(
                    AttendanceRecord(session_id=session.id, user_id=user_id, mark="present")
                )
        db.session.commit()


def bulk_registered(app, workshop_id: int, count: int) -> None:
    """`count` confirmed participants created directly (one shared hash: they never sign in)."""
    from werkzeug.security import generate_password_hash

    from app.auth.models import User
    from app.extensions import db
    from app.workshops.models import Registration, Workshop

    digest = generate_password_hash(PASSWORD)
    with app.app_context():
        for number in range(count):
            user = User(
                email=f"bulk{number:04d}@bench.example.org", password_hash=digest,
                family_name_zh="王", given_name_zh=f"{number}", family_name_latin="Wang",
                given_name_latin=f"Bulk{number}", organisation="HRSS", country="CN",
            )  # fmt: skip
            db.session.add(user)
            db.session.flush()
            db.session.add(
                Registration(workshop_id=workshop_id, user_id=user.id, status="confirmed")
            )
        db.session.get(Workshop, workshop_id).seats_taken = count
        db.session.commit()


# --- The run ----------------------------------------------------------------------------------------


def signup(base: str, number: int, workshop_id: int) -> None:
    browser = Browser(base)
    status, headers, page = browser.post(
        "/account/signup",
        {
            "email": f"person{number:04d}@bench.example.org",
            "password": PASSWORD, "password_confirm": PASSWORD,
            "family_name_zh": "李", "given_name_zh": "娜", "family_name_latin": "Li",
            "given_name_latin": "Na", "organisation": "辽宁省人力资源和社会保障厅",
            "organisation_type": "provincial_bureau", "position": "科长", "country": "CN",
            "province": "21", "gender": "female", "preferred_language": "zh",
            "timezone": "Asia/Shanghai", "consent": "y",
        },
    )  # fmt: skip
    problems = re.findall(rb'class="[^"]*error[^"]*"[^>]*>([^<]+)<', page)
    assert status == 302, f"sign-up {number}: {status} {problems[:5]}"
    status, _h, _b = browser.post(
        f"/workshops/{workshop_id}/register", {}, form_page=f"/workshops/{workshop_id}"
    )
    assert status == 302, f"registration {number}: {status}"


def coordinator(base: str) -> Browser:
    browser = Browser(base)
    status, _h, _b = browser.post(
        "/account/login", {"email": "coordinator@bench.example.org", "password": PASSWORD}
    )
    assert status == 302, "coordinator sign-in"
    return browser


def outbox_counts(app) -> tuple[int, int]:
    import sqlalchemy as sa

    from app.core.mail import OutboxMessage
    from app.extensions import db

    with app.app_context():
        total = db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)))
        sent = db.session.scalar(
            sa.select(sa.func.count(OutboxMessage.id)).where(OutboxMessage.sent_at.is_not(None))
        )
        db.session.remove()
        return total, sent


def wait_for_mail(app, sink: Sink, timeout: float = 300) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        total, sent = outbox_counts(app)
        if total == sent:
            return time.perf_counter() - started
        time.sleep(0.5)
    raise RuntimeError("mail was not all delivered in time")


def reset_mails(sink: Sink) -> list[str]:
    with sink.lock:
        return [k for k, s in sink.subjects.items() if "密码" in s or "password" in s.lower()]


def certificates(app, workshop_id: int) -> tuple[int, int]:
    import sqlalchemy as sa

    from app.certificates.models import Certificate
    from app.extensions import db

    with app.app_context():
        rows = db.session.execute(
            sa.select(Certificate.holder_id, sa.func.count())
            .where(Certificate.subject_id == workshop_id, Certificate.kind == "attendance")
            .group_by(Certificate.holder_id)
        ).all()
        db.session.remove()
        return len(rows), max((count for _holder, count in rows), default=0)


#: Given-name characters and their pinyin: two of them name up to 1,024 people apart (a real
#: list has no digits in names; the column guesser reads "赵0" as not a Chinese name).
GIVEN = list(zip("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华慧建国红梅兰玉春", [
    "Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang", "Yong", "Yan", "Jie",
    "Juan", "Tao", "Ming", "Chao", "Xiu", "Xia", "Ping", "Gang", "Gui", "Ying", "Hua", "Hui",
    "Jian", "Guo", "Hong", "Mei", "Lan", "Yu", "Chun",
], strict=True))  # fmt: skip


def roster_csv(count: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["姓名", "拼音", "邮箱", "工作单位", "职务", "省份", "性别"])
    for number in range(count):
        (han_1, latin_1), (han_2, latin_2) = GIVEN[number // 32 % 32], GIVEN[number % 32]
        writer.writerow(
            [
                f"赵{han_1}{han_2}",
                f"Zhao {latin_1}{latin_2.lower()}",
                f"nominee{number:04d}@bench.example.org",
                "福建省人社厅",
                "科员",
                "福建",
                "男",
            ]  # fmt: skip
        )
    return buffer.getvalue().encode()


def upload(browser: Browser, workshop_id: int, data: bytes) -> str:
    """POST the list as multipart/form-data; returns the redirect location."""
    _s, _h, page = browser.get(f"/roster/workshops/{workshop_id}")
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    boundary = "----bench" + str(time.time_ns())
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'.encode()
        + token
        + f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="nominees.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        browser.base + f"/roster/workshops/{workshop_id}", data=body, method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )  # fmt: skip
    started = time.perf_counter()
    try:
        response = browser.opener.open(request, timeout=60)
        status, headers = response.status, response.headers
    except urllib.error.HTTPError as error:
        status, headers = error.code, error.headers
    record(time.perf_counter() - started, f"POST upload -> {status}")
    assert status == 302, f"upload: {status}"
    return headers["Location"]


def roster_import(browser: Browser, workshop_id: int, count: int) -> tuple[dict, float]:
    location = upload(browser, workshop_id, roster_csv(count))
    import_id = re.search(r"/roster/(\d+)/columns", location).group(1)
    _s, _h, page = browser.get(f"/roster/{import_id}/columns")
    mapping = {}
    for name, body in re.findall(
        rb'<select[^>]*name="(column_\d+)"[^>]*>(.*?)</select>', page, re.S
    ):
        chosen = re.search(
            rb'<option selected value="([^"]*)"|<option value="([^"]*)" selected', body
        )
        mapping[name.decode()] = next(g for g in chosen.groups() if g is not None).decode()
    status, _h, _b = browser.post(f"/roster/{import_id}/columns", mapping)
    assert status == 302, f"mapping: {status}"
    status, headers, _b = browser.post(f"/roster/{import_id}/preview", {})
    assert status in (302, 303) and "/jobs/" in headers["Location"], f"import: {status}"
    return browser.wait_for_job(headers["Location"])


def main() -> int:  # noqa: C901 -- the bench's steps, in order, each checked where it runs
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/test_jobs")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--bulk", type=int, default=0, help="also issue to / import N people")
    parser.add_argument("--clients", type=int, default=4, help="simultaneous sign-ups")
    parser.add_argument("--ports", type=int, nargs=2, default=[5101, 5102])
    parser.add_argument("--smtp-port", type=int, default=5125)
    args = parser.parse_args()
    a, b = (f"http://127.0.0.1:{port}" for port in args.ports)

    folder = Path(tempfile.mkdtemp(prefix="bench-multihost-"))
    sink = Sink()
    smtp = SmtpServer(("127.0.0.1", args.smtp_port), SmtpHandler)
    smtp.sink = sink  # type: ignore[attr-defined]
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    env = environment(args, folder, args.smtp_port)
    os.environ.update({k: v for k, v in env.items() if k not in ("FLASK_APP",)})

    from app import create_app

    app = create_app("production")
    reset(app, args)
    workshop_id = make_workshop(app, args.people, "Multi-host bench")
    processes = start_processes(args, env, folder)
    failures: list[str] = []
    figures: list[str] = []
    try:
        # 1. Sign-ups and registrations through A.
        phase("sign-ups (workers deliver welcome mail)")
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            list(pool.map(lambda n: signup(a, n, workshop_id), range(args.people)))
        figures.append(
            f"{args.people} sign-ups + registrations via A: {time.perf_counter() - started:.1f} s"
        )
        hold_workshop(app, workshop_id)
        wait_for_mail(app, sink)

        # 3. Issue to all through B.
        phase("issue to all (workers draw certificates)")
        staff = coordinator(b)
        status, headers, _ = staff.post(
            f"/certificates/workshop/{workshop_id}/issue-all", {},
            form_page=f"/certificates/workshop/{workshop_id}",
        )  # fmt: skip
        job, took = staff.wait_for_job(headers["Location"])
        figures.append(f"issue to all ({args.people}) via B: job {job['state']} in {took:.1f} s")
        people, most = certificates(app, workshop_id)
        if (people, most) != (args.people, 1):
            failures.append(f"certificates: {people} people, at most {most} each")

        # 4. Merged PDF through A (the same session cookie: sessions live in the database).
        phase("merged PDF")
        status, headers, _ = staff.post(
            f"/certificates/workshop/{workshop_id}/print.pdf", {}, base=a,
            form_page=f"/certificates/workshop/{workshop_id}",
        )  # fmt: skip
        job, took = staff.wait_for_job(headers["Location"], base=a)
        _s, _h, pdf = staff.get(job["file_url"], base=a)
        figures.append(
            f"merged PDF via A: job {job['state']} in {took:.1f} s, {len(pdf) / 1e6:.1f} MB"
        )
        if not pdf.startswith(b"%PDF"):
            failures.append("the merged PDF is not a PDF")

        # 4b. The workshop's attendance CSV (300 rows: under EXPORT_JOB_ROWS, built at once).
        _s, headers, attendance = staff.get(f"/workshops/{workshop_id}/attendance.csv", base=a)
        if not headers["Content-Type"].startswith("text/csv") or attendance.count(b"\n") != (
            args.people + 1
        ):
            failures.append("the attendance CSV was not given at once with a row per person")

        # 5. A message to all participants through B.
        phase("message to all")
        status, _h, _b = staff.post(
            f"/workshops/{workshop_id}/message",
            {"subject_en": "Bench message", "subject_zh": "测试消息", "body_en": "Hello.",
             "body_zh": "你好。"},
        )  # fmt: skip
        took = wait_for_mail(app, sink)
        messages = [k for k, s in sink.subjects.items() if "Bench message" in s or "测试消息" in s]
        figures.append(
            f"message to all via B: {len(messages)} e-mails delivered {took:.1f} s after the request"
        )
        if len(messages) != args.people:
            failures.append(f"message e-mails: {len(messages)} delivered, {args.people} expected")

        # 6. Twenty simultaneous password resets, half through A, half through B.
        phase("password resets")

        def forgot(number: int) -> None:
            base = a if number % 2 else b
            Browser(base).post(
                "/account/forgot-password", {"email": f"person{number:04d}@bench.example.org"}
            )

        with ThreadPoolExecutor(max_workers=20) as pool:
            list(pool.map(forgot, range(20)))
        deadline = time.monotonic() + 120  # a worker queues each reset e-mail, then sends it
        while len(reset_mails(sink)) < 20 and time.monotonic() < deadline:
            time.sleep(0.5)
        wait_for_mail(app, sink)

        # Optional: the bulk figures.
        if args.bulk:
            bulk_id = make_workshop(app, args.bulk, "Bulk bench")
            bulk_registered(app, bulk_id, args.bulk)
            hold_workshop(app, bulk_id)
            late_id = make_workshop(app, LATE_SIGNUPS, "Late sign-ups")
            status, headers, _ = staff.post(
                f"/certificates/workshop/{bulk_id}/issue-all", {},
                form_page=f"/certificates/workshop/{bulk_id}",
            )  # fmt: skip
            # While the workers draw the certificates, people sign up through A (each hashing a
            # password): the web must not wait for the workers.
            phase(f"bulk: issue to all ({args.bulk}) with {LATE_SIGNUPS} sign-ups meanwhile")
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                late = pool.map(
                    lambda n: signup(a, n, late_id), range(args.people, args.people + LATE_SIGNUPS)
                )
                job, took = staff.wait_for_job(headers["Location"])
                list(late)
            people, most = certificates(app, bulk_id)
            figures.append(
                f"issue to all ({args.bulk}) via B: job {job['state']} in {took:.1f} s, "
                f"{people} certificates, at most {most} each"
            )
            if (people, most) != (args.bulk, 1):
                failures.append(f"bulk certificates: {people} people, at most {most} each")
            # The register CSV (every certificate: over EXPORT_JOB_ROWS, so a job) through A.
            phase("bulk: register CSV job")
            expected = args.people + args.bulk
            _s, _h, offer = staff.get("/certificates/register.csv", base=a)
            status, headers, _ = staff.post(
                "/certificates/register.csv", {}, base=a, form_page="/certificates/register.csv"
            )
            job, took = staff.wait_for_job(headers["Location"], base=a)
            _s, _h, register = staff.get(job["file_url"], base=a)
            rows = register.decode("utf-8-sig").count("\n") - 1
            figures.append(
                f"register CSV ({expected} certificates) via A: job {job['state']} in {took:.1f} s"
            )
            if b"Prepare the file" not in offer or rows != expected:
                failures.append(f"register CSV: {rows} rows, {expected} expected")
            phase(f"bulk: roster import ({args.bulk})")
            import_id = make_workshop(app, args.bulk, "Roster bench")
            job, took = roster_import(coordinator(a), import_id, args.bulk)
            figures.append(
                f"roster import of {args.bulk} new people via A: job {job['state']} in {took:.1f} s"
            )
            if job["state"] != "done":
                failures.append(f"roster import: {job}")
            wait_for_mail(app, sink, timeout=600)

        duplicates = {key: n for key, n in sink.received.items() if n > 1}
        resets = reset_mails(sink)
        if len(resets) != 20:
            failures.append(f"password-reset e-mails: {len(resets)} delivered, 20 expected")
        figures.append(f"password-reset e-mails delivered: {len(resets)} (20 requested at once)")
        figures.append(
            f"e-mails delivered in all: {sum(sink.received.values())}; delivered more than once: {len(duplicates)}"
        )
        if duplicates:
            failures.append(f"duplicate deliveries: {duplicates}")
        total, sent = outbox_counts(app)
        if total != sent or total != len(sink.received):
            failures.append(f"outbox: {total} queued, {sent} sent, {len(sink.received)} received")
    except Exception as error:  # noqa: BLE001 -- report it with the figures measured so far
        failures.append(f"{type(error).__name__}: {error}")
    finally:
        stop_processes(processes)
        smtp.shutdown()

    TIMINGS.sort(reverse=True)
    print("\n".join(figures))
    print(f"web requests: {len(TIMINGS)}; slowest:")
    for elapsed, what in TIMINGS[:5]:
        print(f"  {elapsed:6.2f} s  {what}")
    slowest_of: dict[str, float] = {}
    for elapsed, what in TIMINGS:
        kind = re.sub(r"\d+", "N", re.sub(r"http://127\.0\.0\.1:\d+", "", what))
        slowest_of.setdefault(kind, elapsed)
    print("slowest request in each step:")
    for name, (elapsed, what) in SLOWEST_IN.items():
        print(f"  {elapsed:6.2f} s  {name}: {what}")
    print(
        "load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.1f}" for x in os.getloadavg())
    )
    print("slowest by kind of request:")
    for kind, elapsed in sorted(slowest_of.items(), key=lambda item: -item[1]):
        print(f"  {elapsed:6.2f} s  {kind}")
    if TIMINGS and TIMINGS[0][0] >= 2:
        failures.append(f"slowest web request {TIMINGS[0][0]:.2f} s (target under 2 s)")
    for failure in failures:
        print("FAILED:", failure)
    print("logs:", folder)
    if not failures:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
