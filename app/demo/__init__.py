"""Demo data: `flask seed-demo`, so that a newcomer sees every feature with data in it.

Each feature registers its own seeder (app/core/demo.py); this package only runs them, and adds
the large generated programme of `--scale`.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Add `flask seed-demo`."""
    from .cli import seed_demo_command

    app.cli.add_command(seed_demo_command)
