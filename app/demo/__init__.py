"""Demo data: `flask seed-demo`, so that a newcomer sees every feature with data in it."""

from __future__ import annotations

import click
from flask import current_app

from app.evaluations.demo import seed_evaluations
from app.extensions import db
from app.quizzes.demo import seed_quizzes

from .seed import DEMO_PASSWORD, link_demo_modules, seed_demo, seed_demo_workshops


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
    accounts = seed_demo()
    workshops = seed_demo_workshops()
    link_demo_modules()
    attempts = seed_quizzes()
    evaluations = seed_evaluations()
    from app.certificates.demo import seed_demo_certificates

    certificates = seed_demo_certificates()
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
    click.echo(f"{attempts} demo quiz attempt(s) added.")
    click.echo(f"{evaluations} demo workshop evaluation(s) added.")
    click.echo(f"{certificates} demo certificate(s) added.")
    if scale is not None:
        from .scale import seed_scale

        written = seed_scale(scale, DEMO_PASSWORD)
        db.session.commit()
        if not written.rows:
            click.echo("A scaled programme is loaded already; nothing added.")
        for table, count in written.rows.items():
            click.echo(f"  {table:<28} {count:>10,} rows")
