"""Accounts: people, their roles and their profile."""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.access import Role
from app.core.db import UTCDateTime, utcnow
from app.core.labels import LabelledEnum
from app.extensions import db

from .names import PersonName


class OrganisationType(LabelledEnum):
    """The kind of body a participant works for."""

    MINISTRY = "ministry", _l("National ministry or government department")
    PROVINCIAL_BUREAU = (
        "provincial_bureau",
        _l("Provincial human resources and social security department"),
    )
    LOCAL_BUREAU = (
        "local_bureau",
        _l("Municipal or county human resources and social security bureau"),
    )
    LABOUR_INSPECTION = "labour_inspection", _l("Labour inspection")
    PUBLIC_EMPLOYMENT_SERVICE = "public_employment_service", _l("Public employment service")
    EU_AUTHORITY = "eu_authority", _l("EU or member-state authority")
    INTERNATIONAL_ORGANISATION = "international_organisation", _l("International organisation")
    RECRUITMENT_AGENCY = "recruitment_agency", _l("Recruitment agency")
    INDUSTRY_ASSOCIATION = "industry_association", _l("Industry association")
    EMPLOYER = "employer", _l("Employer")
    TRADE_UNION = "trade_union", _l("Trade union")
    NGO = "ngo", _l("Non-governmental organisation")
    ACADEMIC = "academic", _l("University or research institute")
    OTHER = "other", _l("Other")


class Gender(LabelledEnum):
    """Gender as the person chose to record it (optional; used only in aggregate statistics)."""

    FEMALE = "female", _l("Female")
    MALE = "male", _l("Male")
    OTHER = "other", _l("Other")


#: A person's name, in Chinese characters and in Latin letters (each optional on its own).
NAME_FIELDS = ("family_name_zh", "given_name_zh", "family_name_latin", "given_name_latin")
#: What people tell about themselves: names, organisation, place and gender.
PERSONAL_FIELDS = (
    *NAME_FIELDS,
    "organisation",
    "organisation_type",
    "position",
    "country",
    "province",
    "gender",
)
#: The profile people keep (sign-up, profile page, data export): personal fields and settings.
PROFILE_FIELDS = (*PERSONAL_FIELDS, "preferred_language", "timezone")


class User(UserMixin, db.Model):
    """A person with an account: trainee, trainer, coordinator or admin (or several)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Sign-in address, stored lower-case; unique.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    #: Password hash from werkzeug (scrypt); None for an invited account that has not chosen a
    #: password yet (it cannot sign in until it does, through the invitation link).
    password_hash: Mapped[str | None] = mapped_column(sa.String(256))
    #: Family name in Chinese characters, e.g. 张.
    family_name_zh: Mapped[str] = mapped_column(sa.String(50), default="")
    #: Given name in Chinese characters, e.g. 伟.
    given_name_zh: Mapped[str] = mapped_column(sa.String(50), default="")
    #: Family name in Latin letters, e.g. Zhang or Kowalski.
    family_name_latin: Mapped[str] = mapped_column(sa.String(100), default="")
    #: Given name(s) in Latin letters, e.g. Wei or Łukasz.
    given_name_latin: Mapped[str] = mapped_column(sa.String(100), default="")
    #: The organisation the person works for.
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    #: The kind of organisation (OrganisationType), or '' when not given.
    organisation_type: Mapped[str] = mapped_column(sa.String(40), default="")
    #: Job title or position.
    position: Mapped[str] = mapped_column(sa.String(200), default="")
    #: ISO 3166-1 alpha-2 country code.
    country: Mapped[str] = mapped_column(sa.String(2), default="")
    #: GB/T 2260 province code when the country is China, else ''.
    province: Mapped[str] = mapped_column(sa.String(2), default="")
    #: Gender (Gender) or None when the person chose not to say.
    gender: Mapped[str | None] = mapped_column(sa.String(10))
    #: UI language the person prefers: 'en' or 'zh'.
    preferred_language: Mapped[str] = mapped_column(sa.String(5), default="en")
    #: IANA time zone used to show times to this person.
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Asia/Shanghai")
    #: Version of the privacy notice the person consented to.
    privacy_consent_version: Mapped[str] = mapped_column(sa.String(20), default="")
    #: When that consent was given.
    privacy_consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: False when an admin deactivated the account; it can then not sign in.
    active: Mapped[bool] = mapped_column(default=True)
    #: Failed sign-ins since the last successful one.
    failed_logins: Mapped[int] = mapped_column(default=0)
    #: Sign-in refused until this time after too many failures.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: True for accounts made by `flask seed-demo`.
    is_demo: Mapped[bool] = mapped_column(default=False)
    #: When the account was created.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The last successful sign-in.
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When an admin anonymised the person (their data erased, initials kept); None otherwise.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    #: Loaded when asked for: the signed-in user's come with the session (auth/sessions.py), and
    #: lists that show roles load them with the list; trainers and authors shown by name need none.
    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def session_stamp(self) -> str:
        """Changes whenever the password changes: ties sessions and reset links to the current one."""
        return hashlib.sha256((self.password_hash or "").encode()).hexdigest()[:16]

    #: The server-side session (auth/sessions.py) this object was loaded or signed in with.
    session_token = ""

    def get_id(self) -> str:
        """Flask-Login's session id: the server-side session, tied to the current password."""
        return f"{self.id}:{self.session_stamp}:{self.session_token}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def role_set(self) -> frozenset[Role]:
        """The roles this user holds."""
        return frozenset(Role(row.role) for row in self.role_rows)

    def has_role(self, *wanted: Role) -> bool:
        """Whether the user holds at least one of the given roles."""
        return bool(self.role_set & set(wanted))

    def set_roles(self, wanted: set[Role] | frozenset[Role]) -> None:
        """Make the user hold exactly `wanted`."""
        keep = [row for row in self.role_rows if row.role in wanted]
        present = {row.role for row in keep}
        self.role_rows[:] = keep + [
            UserRole(role=r.value) for r in sorted(wanted) if r not in present
        ]

    @property
    def name(self) -> PersonName:
        """The person's name as they gave it."""
        return PersonName(
            self.family_name_zh, self.given_name_zh, self.family_name_latin, self.given_name_latin
        )

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserRole(db.Model):
    """One role held by one user."""

    __tablename__ = "user_roles"
    __table_args__ = (sa.UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The user holding the role.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The role (Role).
    role: Mapped[str] = mapped_column(sa.String(20))

    user: Mapped[User] = relationship(back_populates="role_rows")
