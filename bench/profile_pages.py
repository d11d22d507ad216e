"""Where a key page's time goes: cProfile over many requests of the test client, per request.

Run from the repository root:

    .venv/bin/python bench/profile_pages.py                      # every key page, 200 requests each
    .venv/bin/python bench/profile_pages.py lesson "my page" -n 100 --sort tottime --top 30
    .venv/bin/python bench/profile_pages.py --queries home       # also list each page's statements

It loads the demo into a scratch SQLite file (as bench/pages.py does), signs in as the demo
trainee (the coordinator for the register and the dashboard) and, for each page asked for,
prints the median time of one request, its statements, then the top functions by cumulative (or
own) time in milliseconds per request. The profiler slows calls down, so compare the lines of one
run with each other, not with bench/pages.py's figures. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages as bench  # noqa: E402 -- the sibling benchmark's demo loading and page list


def _profile_lines(profile: cProfile.Profile, requests: int, sort: str, top: int) -> list[str]:
    """The top functions as 'cumulative ms, own ms, calls per request, function'."""
    stats = pstats.Stats(profile, stream=io.StringIO())
    stats.sort_stats(sort)
    lines = []
    for function in stats.fcn_list[:top]:
        calls, _primitive, own, cumulative, _callers = stats.stats[function]
        filename, line, name = function
        where = filename.replace(str(bench.ROOT) + os.sep, "")
        where = where.split("site-packages" + os.sep)[-1]
        lines.append(
            f"  {cumulative * 1000 / requests:8.2f} {own * 1000 / requests:8.2f} "
            f"{calls / requests:8.1f}  {where}:{line}({name})"
        )
    return lines


def main() -> None:
    """Load the demo, then profile each page asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="page names as bench/pages.py prints them")
    parser.add_argument("-n", "--requests", type=int, default=200)
    parser.add_argument("--sort", choices=("cumulative", "tottime"), default="cumulative")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--queries", action="store_true", help="list each page's statements")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    env = bench.scratch_env(folder)
    try:
        bench.load_demo(env)
        os.environ.update(env)
        sys.path.insert(0, str(bench.ROOT))
        import sqlalchemy as sa

        from app import create_app
        from app.extensions import db

        app = create_app()
        app.config["WTF_CSRF_ENABLED"] = False
        statements: list[str] = []
        with app.app_context():
            sa.event.listen(
                db.engine, "before_cursor_execute", lambda _c, _k, sql, *_a: statements.append(sql)
            )
            pages = bench.discover_pages(db, sa)
        clients = {}
        for role, email in (("trainee", bench.TRAINEE), ("coordinator", bench.COORDINATOR)):
            client = app.test_client()
            client.post("/account/login", data={"email": email, "password": bench.PASSWORD})
            clients[role] = client
        headers = {"Accept-Encoding": "br, gzip"}  # as a browser asks
        for name, path, role in pages:
            if args.pages and name not in args.pages:
                continue
            client = clients[role]
            client.get(path, headers=headers)
            statements.clear()
            client.get(path, headers=headers)
            seen = list(statements)
            times = []
            for _ in range(20):
                started = time.perf_counter()
                client.get(path, headers=headers)
                times.append((time.perf_counter() - started) * 1000)
            print(f"\n== {name} {path}: {statistics.median(times):.2f} ms, {len(seen)} statements")
            if args.queries:
                for sql in seen:
                    print("   ", " ".join(sql.split())[:160])
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.requests):
                client.get(path, headers=headers)
            profile.disable()
            print(f"  {'cum ms':>8} {'own ms':>8} {'calls':>8}  function (per request, profiled)")
            print("\n".join(_profile_lines(profile, args.requests, args.sort, args.top)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
