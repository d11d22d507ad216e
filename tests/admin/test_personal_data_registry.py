"""Every column about a person is covered by the data export and by erasure (issue 16, items 5
and 6), like the account-merge registry: a new table pointing at users cannot be forgotten."""

from __future__ import annotations

from app.core import personal_data
from app.extensions import db


def test_every_personal_column_has_an_eraser(app):
    missing = personal_data.without_eraser(db.metadata)
    assert missing == [], f"register an eraser (or kept_on_erasure/staff_record) for: {missing}"


def test_every_column_pointing_at_users_is_exported(app):
    missing = personal_data.without_exporter(db.metadata)
    assert missing == [], f"register an exporter (or staff_record) for: {missing}"


def test_the_registry_sees_user_foreign_keys_and_personal_names(app):
    columns = personal_data.personal_columns(db.metadata)
    assert "user_sessions.user_id" in columns
    assert "registrations.dietary_needs" in columns
    assert "audit_log.note" in columns
    assert "delegation_members.passport_number" in columns
