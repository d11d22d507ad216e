"""How long the coordinators' dashboard takes, and how many queries it runs, at scale.

Run from the repository root (it WIPES the database it is given, hence --wipe):

    .venv/bin/python bench/dashboard.py postgresql://postgres@127.0.0.1:5432/bench --scale 1 --wipe

For 1 % of the scale N and for N, it rebuilds the schema and loads `flask seed-demo --scale`. Then
it renders the dashboard page as the demo coordinator (the last twelve months everywhere and in
Fujian, and the whole three years for China) before the dashboard's snapshot exists (from the live
tables, as before there was one), rebuilds the snapshot (app/dashboard/snapshot.py), renders the
same pages again, builds the whole report from the live tables and from the snapshot, and builds
every table alone as its export does, a few times each. It prints the time of loading and of the rebuild, the median time
of each measurement and its query count (counted with a SQLAlchemy event listener). Not a test:
nothing is asserted.

With --as-loaded it measures each database given as it is, without wiping or loading anything
(for instance two databases loaded once at two scales with `flask seed-demo --scale`).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.demo import DEMO_PASSWORD  # noqa: E402
from app.auth.models import User  # noqa: E402
from app.core.db import utcnow  # noqa: E402
from app.extensions import db  # noqa: E402
from config import DevelopmentConfig, normalise_database_url  # noqa: E402

REPEATS = 3


class QueryCounter:
    """Counts the statements sent to the database while it is switched on."""

    def __init__(self, engine):
        self.count = 0
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args, **_kwargs):
        self.count += 1


def measure(counter: QueryCounter, action) -> tuple[float, int]:
    """Median seconds over REPEATS runs, and the queries of one run."""
    times, queries = [], 0
    for _ in range(REPEATS):
        counter.count = 0
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
        queries = counter.count
    return statistics.median(times), queries


def reset(app) -> None:
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE"))
                connection.execute(sa.text("CREATE SCHEMA public"))
        else:
            db.drop_all()
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        upgrade(directory=app.extensions["migrate"].directory)
        db.engine.dispose()


def seed(app, options: list[str]) -> None:
    """Run `flask seed-demo` with the options; fail loudly."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed-demo", *options])
    if result.exit_code != 0:
        if result.exc_info:
            raise result.exc_info[1].with_traceback(result.exc_info[2])
        raise SystemExit(result.output)


def run(url: str, scale: float | None) -> None:
    """Load the scale (None: measure the database as it is) and measure."""

    class Config(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = normalise_database_url(url)
        TESTING = True
        WTF_CSRF_ENABLED = False
        RATELIMIT_ENABLED = False

    app = create_app(Config)
    load = None
    if scale is not None:
        reset(app)
        seed(app, [])  # the demo accounts and data first, so that the timing below is the scale's
        started = time.perf_counter()
        seed(app, ["--scale", str(scale)])
        load = time.perf_counter() - started

    from app.dashboard import snapshot
    from app.dashboard.indicators import Period
    from app.dashboard.models import Snapshot
    from app.dashboard.tables import TABLES, Report

    with app.app_context():
        counter = QueryCounter(db.engine)
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does soon after a bulk load: statistics and the visibility map.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(sa.text("VACUUM ANALYZE"))
        sizes = {
            name: db.session.scalar(sa.text(f"SELECT count(*) FROM {name}"))  # noqa: S608
            for name in ("users", "workshops", "registrations", "attendance_records",
                         "lesson_progress", "quiz_attempts", "delegation_members")
        }  # fmt: skip
        coordinator = db.session.scalar(
            sa.select(User).where(User.email == "coordinator@example.org")
        )
        client = app.test_client()
        # Sessions live on the server: sign in as a browser does.
        signed_in = client.post(
            "/account/login", data={"email": coordinator.email, "password": DEMO_PASSWORD}
        )
        assert signed_in.status_code in (302, 303), signed_in.status_code
        today = utcnow().date()
        three_years = {
            "start": (today - timedelta(days=3 * 365)).isoformat(),
            "end": today.isoformat(),
            "country": "CN",
        }

        def page(args):
            def get():
                response = client.get("/dashboard/", query_string=args)
                assert response.status_code == 200, response.status_code

            return get

        fujian = {"country": "CN", "province": "35"}
        pages = (
            ("last 12 months", {}),
            ("last 12 months, Fujian", fujian),
            ("3 years, China", three_years),
        )
        rows = []
        # The page as it was before the snapshot (and is until its first rebuild): live tables.
        db.session.execute(sa.delete(Snapshot))
        db.session.commit()
        for name, args in pages:
            rows.append((f"page, {name}, live", *measure(counter, page(args))))
        built = snapshot.refresh()
        db.session.commit()
        rebuild = built.seconds
        for name, args in pages:
            rows.append((f"page, {name}", *measure(counter, page(args))))
        period = Period(today - timedelta(days=3 * 365), today, timezone="Asia/Shanghai")
        with app.test_request_context():

            def report(source):
                def build_all():
                    whole = Report(period, source)
                    for build in TABLES.values():
                        build(whole, "en")

                return build_all

            rows.append(("report, 3 years, live tables", *measure(counter, report(None))))
            rows.append(
                ("report, 3 years, snapshot", *measure(counter, report(snapshot.current())))
            )
            for slug, build in TABLES.items():
                rows.append(
                    (
                        f"table {slug}, 3 years",
                        *measure(
                            counter, lambda b=build: b(Report(period, snapshot.current()), "en")
                        ),
                    )
                )
    name = f"scale {scale:g}" if scale is not None else sa.engine.make_url(url).database
    print(f"\n== {name} on {sa.engine.make_url(url).get_backend_name()}")
    loaded = f"scaled programme loaded in {load:.1f} s: " if load is not None else "as loaded: "
    print(loaded + ", ".join(f"{k} {v:,}" for k, v in sizes.items()))
    print(f"dashboard snapshot rebuilt in {rebuild:.1f} s")
    print(f"{'measurement':<34}{'median ms':>10}{'queries':>9}")
    for name, seconds, queries in rows:
        print(f"{name:<34}{seconds * 1000:>10.1f}{queries:>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url", nargs="+")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--wipe", action="store_true", help="confirm that the database is wiped")
    parser.add_argument(
        "--as-loaded", action="store_true", help="measure each database as it is (no loading)"
    )
    args = parser.parse_args()
    if args.as_loaded:
        for url in args.database_url:
            run(url, None)
        return
    if not args.wipe:
        raise SystemExit("This benchmark wipes the database it is given: add --wipe to confirm.")
    for scale in (args.scale / 100, args.scale):
        run(args.database_url[0], scale)


if __name__ == "__main__":
    main()
