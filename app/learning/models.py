"""Modules, lessons, the glossary and trainees' progress."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, utcnow
from app.core.labels import LabelledEnum
from app.extensions import db

if TYPE_CHECKING:
    from app.auth.models import User


class ModuleStatus(LabelledEnum):
    """Where a module is in its life: only published modules are shown to trainees."""

    DRAFT = "draft", _l("Draft")
    PUBLISHED = "published", _l("Published")
    ARCHIVED = "archived", _l("Archived")


class ModuleOwner(StrEnum):
    """Who holds a module's content: the reviewed files under materials/, or the browser."""

    FILES = "files"
    BROWSER = "browser"


class ReadingMode(StrEnum):
    """How a lesson is shown: in the reader's language, in the other one, or both side by side."""

    MINE = "mine"
    OTHER = "other"
    BOTH = "both"


class Audience(LabelledEnum):
    """The audiences a module may name (materials/README.md)."""

    LICENSING_OFFICERS = "licensing-officers", _l("Licensing officers")
    LABOUR_INSPECTORS = "labour-inspectors", _l("Labour inspectors")
    POLICY_OFFICERS = "policy-officers", _l("Policy officers")
    AGENCY_STAFF = "agency-staff", _l("Agency staff")
    PUBLIC_EMPLOYMENT_SERVICES = "public-employment-services", _l("Public employment services")
    TRAINERS = "trainers", _l("Trainers")


#: Who may change a module besides coordinators and admins: its creator and whoever a
#: coordinator adds.
module_authors = sa.Table(
    "module_authors",
    db.metadata,
    sa.Column("module_id", sa.ForeignKey("modules.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Module(db.Model):
    """A training module: a bilingual, ordered set of lessons with objectives and an audience."""

    __tablename__ = "modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: URL name, also the folder name under materials/ for file-owned modules.
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    #: Title in English.
    title_en: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Title in Chinese.
    title_zh: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Summary in English (plain paragraphs).
    summary_en: Mapped[str] = mapped_column(sa.Text, default="")
    #: Summary in Chinese.
    summary_zh: Mapped[str] = mapped_column(sa.Text, default="")
    #: Learning objectives: [{"id": ..., "en": ..., "zh": ...}] in teaching order.
    objectives: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: Estimated study time in minutes.
    estimated_minutes: Mapped[int] = mapped_column(default=0)
    #: Audience codes (values of Audience).
    audiences: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: Content version as its authors number it, e.g. "1.0".
    version: Mapped[str] = mapped_column(sa.String(20), default="1.0")
    #: ModuleStatus.
    status: Mapped[str] = mapped_column(sa.String(12), default=ModuleStatus.DRAFT.value)
    #: ModuleOwner: the import refuses to overwrite a browser-owned module unless forced.
    owner: Mapped[str] = mapped_column(sa.String(10), default=ModuleOwner.FILES.value)
    #: When the module was first created.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When its content last changed.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="module",
        order_by="Lesson.position",
        primaryjoin="and_(Lesson.module_id == Module.id, Lesson.retired.is_(False))",
        viewonly=True,
    )
    #: Loaded when asked for (only the authoring pages of one module do): every page that shows a
    #: module would otherwise fetch them.
    authors: Mapped[list[User]] = relationship(secondary=module_authors)

    @property
    def is_published(self) -> bool:
        """Whether trainees may see the module."""
        return self.status == ModuleStatus.PUBLISHED


class Lesson(db.Model):
    """One lesson of a module: a bilingual title and a bilingual Markdown body."""

    __tablename__ = "lessons"
    __table_args__ = (sa.UniqueConstraint("module_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The module the lesson belongs to.
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"))
    #: URL name, unique within the module; the key the import updates by.
    slug: Mapped[str] = mapped_column(sa.String(120))
    #: Place in the module's teaching order, from 1.
    position: Mapped[int] = mapped_column(default=0)
    #: Title in English.
    title_en: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Title in Chinese.
    title_zh: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Markdown body in English, from the first section heading on ('' when missing).
    body_en: Mapped[str] = mapped_column(sa.Text, default="")
    #: Markdown body in Chinese ('' when missing).
    body_zh: Mapped[str] = mapped_column(sa.Text, default="")
    #: True when the lesson left the module's lesson list; kept so progress is never lost.
    retired: Mapped[bool] = mapped_column(default=False)

    module: Mapped[Module] = relationship()

    def has_language(self, language: str) -> bool:
        """Whether the lesson's body exists in `language`."""
        return bool((getattr(self, f"body_{language}") or "").strip())


class GlossaryTerm(db.Model):
    """A term with its English and Chinese names and definitions, linked from lessons by id."""

    __tablename__ = "glossary_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The term's id as written in lessons: [[slug]].
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    #: The module whose glossary.toml introduced it (None when added otherwise).
    module_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("modules.id", ondelete="SET NULL"), index=True
    )
    #: The term in English.
    term_en: Mapped[str] = mapped_column(sa.String(300), default="")
    #: The term in Chinese.
    term_zh: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Definition in English.
    definition_en: Mapped[str] = mapped_column(sa.Text, default="")
    #: Definition in Chinese.
    definition_zh: Mapped[str] = mapped_column(sa.Text, default="")
    #: The instrument or document the definition rests on.
    source: Mapped[str] = mapped_column(sa.String(500), default="")

    module: Mapped[Module | None] = relationship()


class LessonProgress(db.Model):
    """A trainee marked a lesson as done."""

    __tablename__ = "lesson_progress"
    __table_args__ = (sa.UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The trainee.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The lesson marked done.
    lesson_id: Mapped[int] = mapped_column(
        sa.ForeignKey("lessons.id", ondelete="CASCADE"), index=True
    )
    #: When it was marked done.
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ModuleVisit(db.Model):
    """Where a user is in a module: the last lesson opened, for "resume where I left off"."""

    __tablename__ = "module_visits"
    __table_args__ = (sa.UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The reader.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The module.
    module_id: Mapped[int] = mapped_column(
        sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True
    )
    #: The lesson opened last (None if it was removed since).
    lesson_id: Mapped[int | None] = mapped_column(sa.ForeignKey("lessons.id", ondelete="SET NULL"))
    #: When the user first opened a lesson of the module.
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When the user last opened one.
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    lesson: Mapped[Lesson | None] = relationship()


class ReadingPreference(db.Model):
    """The reading mode a user chose, remembered across lessons and sessions."""

    __tablename__ = "reading_preferences"

    #: The user (one row per user).
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    #: ReadingMode.
    mode: Mapped[str] = mapped_column(sa.String(10), default=ReadingMode.MINE.value)


class ModuleRevision(db.Model):
    """A saved state of a browser-authored module's content, so earlier versions can be restored."""

    __tablename__ = "module_revisions"
    __table_args__ = (sa.UniqueConstraint("module_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The module.
    module_id: Mapped[int] = mapped_column(
        sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True
    )
    #: 1, 2, 3 ... in the order the states were saved.
    number: Mapped[int]
    #: The module's fields and its lessons in order, as saved.
    snapshot: Mapped[dict] = mapped_column(sa.JSON)
    #: Who saved it.
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: When.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: What was done, e.g. "lesson.edited" (shown in the list of versions).
    action: Mapped[str] = mapped_column(sa.String(40), default="")


class RenderedMarkdown(db.Model):
    """Sanitised HTML of one piece of Markdown content, rendered once when the content changed.

    Keyed by the hash of the source (the text plus the glossary names it links to) and the hash of
    the renderer's settings (its version, language, call-out labels and URL shapes): a page looks
    its pieces up by both, so a stale row is never shown, only missed.
    """

    __tablename__ = "rendered_markdown"

    #: SHA-256 of the piece's Markdown, its heading and anchor and the linked glossary names.
    source_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    #: SHA-256 of RENDERER_VERSION, the language, call-out labels and link URL shapes.
    settings_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    #: The sanitised HTML, byte for byte what the renderer returned.
    html: Mapped[str] = mapped_column(sa.Text)
    #: When it was rendered.
    rendered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
