"""`flask seed-demo [--scale N]`: every feature's demo data, and a large generated programme."""

from __future__ import annotations

import click
from flask import current_app

from app.auth.demo import DEMO_PASSWORD
from app.core.demo import demo_seeders
from app.extensions import db

from .scale import seed_scale


@click.command("seed-demo")
@click.option(
    "--scale",
    type=click.FloatRange(min=0.0001, max=10),
    default=None,
    help="Also generate a large programme: 1 = 100,000 users and 2,000 workshops.",
)
def seed_demo_command(scale: float | None) -> None:
    """Load demo accounts and data (idempotent; refused in production)."""
    if not current_app.config.get("DEMO_DATA_ALLOWED"):
        raise click.ClickException("Demo data is never loaded in the production configuration.")
    lines = [line for seed in demo_seeders() for line in seed()]
    db.session.commit()
    for line in lines:
        click.echo(line)
    if scale is not None:
        written = seed_scale(scale, DEMO_PASSWORD)
        db.session.commit()
        if not written.rows:
            click.echo("A scaled programme is loaded already; nothing added.")
        for table, count in written.rows.items():
            click.echo(f"  {table:<28} {count:>10,} rows")
