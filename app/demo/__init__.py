"""Demo data: `flask seed-demo`, so that a newcomer sees every feature with data in it."""

from __future__ import annotations

import click
from flask import current_app

from app.extensions import db

from .seed import DEMO_PASSWORD, link_demo_modules, seed_demo, seed_demo_workshops


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load demo accounts and data (idempotent; refused in production)."""
    if not current_app.config.get("DEMO_DATA_ALLOWED"):
        raise click.ClickException("Demo data is never loaded in the production configuration.")
    accounts = seed_demo()
    workshops = seed_demo_workshops()
    link_demo_modules()
    from app.roster.demo import sample_path, seed_demo_roster

    nominated = seed_demo_roster()
    sample = sample_path()
    db.session.commit()
    click.echo(f"Demo data loaded. Demo accounts (password for all: {DEMO_PASSWORD}):")
    for email, role_names in accounts:
        click.echo(f"  {email:<28} {role_names}")
    click.echo(f"{workshops} demo workshop(s) added.")
    click.echo(f"{nominated} nominated official(s) imported; a list to try the roster import with:")
    click.echo(f"  {sample}")
