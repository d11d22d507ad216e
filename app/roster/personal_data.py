"""A roster import records the coordinator who uploaded the list (the work's record); the list
itself is pruned after a day."""

from __future__ import annotations

from app.core.personal_data import staff_record

staff_record("roster_imports.uploaded_by_id")
