"""`flask create-admin`: the first administrator, from the command line."""

from __future__ import annotations

import click
from flask_babel import force_locale

from app.core.access import Role
from app.core.errors import DomainError
from app.extensions import db

from . import services
from .forms import PASSWORD_MESSAGES
from .passwords import password_problem


@click.command("create-admin")
@click.option("--email", prompt=True, help="Sign-in address of the new administrator.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Password (prompted for when not given).",
)
@click.option("--family-name", default="Administrator", show_default=True)
@click.option("--given-name", default="", show_default=False)
def create_admin_command(email: str, password: str, family_name: str, given_name: str) -> None:
    """Create an administrator account, or give the admin role to an existing account."""
    problem = password_problem(password, [email, family_name, given_name])
    if problem is not None:
        with force_locale("en"):
            raise click.BadParameter(str(PASSWORD_MESSAGES[problem]), param_hint="password")
    user = services.find_user_by_email(email)
    if user is not None:
        user.set_roles(user.role_set | {Role.ADMIN})
        services.set_password(user, password)
        db.session.commit()
        click.echo(f"{user.email} is now an administrator (password reset).")
        return
    try:
        user = services.create_user(
            email,
            password,
            {
                "family_name_latin": family_name,
                "given_name_latin": given_name,
                "organisation": "Programme administration",
                "organisation_type": "other",
            },
            roles={Role.ADMIN},
        )
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Administrator {user.email} created.")
