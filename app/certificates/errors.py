"""The certificates' domain errors (raised by the services, shown by the routes)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError


class CertificateError(DomainError):
    """A certificate rule refused an action."""


class NotEligible(CertificateError):
    """The person does not qualify and no override reason was given."""

    def __init__(self):
        super().__init__(
            _l("This person does not qualify. Give a reason to issue the certificate anyway.")
        )


class NotLive(CertificateError):
    """Only a valid certificate can be reissued or revoked."""

    status = 409

    def __init__(self):
        super().__init__(_l("This certificate has already been superseded or revoked."))


class SubjectMissing(CertificateError):
    """The workshop, module or exchange does not exist."""

    status = 404

    def __init__(self):
        super().__init__(_l("There is no such workshop, module or exchange."))
