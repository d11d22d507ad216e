"""Access policy: every route declares who may use it, and one hook enforces the declaration.

A view is decorated with exactly one of `public`, `signed_in`, `roles(...)`, `owner` or `token`.
The before-request hook looks the policy up for the matched endpoint and refuses the request before
the view runs; an endpoint without a declared policy is refused (deny by default) and fails the
access-policy test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from flask import Flask, abort, current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.labels import LabelledEnum
from app.extensions import login_manager

View = TypeVar("View", bound=Callable)


class Role(LabelledEnum):
    """The four roles; a user may hold several."""

    TRAINEE = "trainee", _l("Trainee")
    TRAINER = "trainer", _l("Trainer")
    COORDINATOR = "coordinator", _l("Coordinator")
    ADMIN = "admin", _l("Administrator")


class Kind(StrEnum):
    """What a policy asks of the requester."""

    PUBLIC = "public"  # anyone, signed in or not
    SIGNED_IN = "signed_in"  # any signed-in user
    ROLES = "roles"  # a signed-in user holding one of the listed roles
    OWNER = "owner"  # a signed-in user; the view checks that the object is theirs
    TOKEN = "token"  # noqa: S105 -- anyone holding the secret token in the URL; the view checks it


@dataclass(frozen=True)
class Policy:
    """Who may use a route."""

    kind: Kind
    roles: frozenset[Role] = field(default_factory=frozenset)

    def needs_sign_in(self) -> bool:
        """Whether an anonymous visitor is sent to the sign-in page."""
        return self.kind in {Kind.SIGNED_IN, Kind.ROLES, Kind.OWNER}

    def allows_roles(self, held: set[Role] | frozenset[Role]) -> bool:
        """Whether a signed-in user holding `held` passes this policy."""
        if self.kind is Kind.ROLES:
            return bool(self.roles & set(held))
        return True

    def describe(self) -> str:
        """A short text for listings and test messages."""
        if self.kind is Kind.ROLES:
            return "roles:" + ",".join(sorted(self.roles))
        return self.kind.value


POLICY_ATTRIBUTE = "access_policy"


def _declare(policy: Policy) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        if hasattr(view, POLICY_ATTRIBUTE):
            raise RuntimeError(f"{view.__name__} declares two access policies")
        setattr(view, POLICY_ATTRIBUTE, policy)
        return view

    return decorate


public = _declare(Policy(Kind.PUBLIC))
signed_in = _declare(Policy(Kind.SIGNED_IN))
owner = _declare(Policy(Kind.OWNER))
token = _declare(Policy(Kind.TOKEN))


def roles(*names: Role) -> Callable[[View], View]:
    """Allow signed-in users holding any one of the given roles."""
    if not names:
        raise ValueError("roles() needs at least one role")
    return _declare(Policy(Kind.ROLES, frozenset(names)))


#: Policies for endpoints this app does not define itself (Flask's static files).
_EXTERNAL = {"static": Policy(Kind.PUBLIC)}


def policy_for(app: Flask, endpoint: str) -> Policy | None:
    """The declared policy of an endpoint, or None when it has none."""
    if endpoint in _EXTERNAL:
        return _EXTERNAL[endpoint]
    view = app.view_functions.get(endpoint)
    return getattr(view, POLICY_ATTRIBUTE, None)


def enforce_access_policy():
    """Before-request hook: refuse the request unless the endpoint's policy lets the user in."""
    if request.endpoint is None:  # routing failed: the 404/405 handlers answer
        return None
    policy = policy_for(current_app, request.endpoint)
    if policy is None:
        current_app.logger.error("No access policy declared for endpoint %s", request.endpoint)
        abort(403)
    if not policy.needs_sign_in():
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not policy.allows_roles(current_user.role_set):
        abort(403)
    return None


def init_app(app: Flask) -> None:
    """Install the enforcement hook; it runs before CSRF checks and before every view."""
    app.before_request(enforce_access_policy)
