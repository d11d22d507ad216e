"""Trainers' materials hold no data about a person beyond who uploaded them (the work's record)."""

from __future__ import annotations

from app.core.personal_data import staff_record

staff_record("materials.created_by_id", "material_versions.uploaded_by_id")
