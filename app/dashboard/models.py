"""Indexes for the dashboard's queries, on tables owned by other features (no tables of its own).

Declared here, next to the queries that need them, so the models still match the migrations.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.exchanges.models import Exchange
from app.workshops.models import Workshop

#: Every indicator starts from the workshops held: completed ones starting in a period.
workshops_held_index = sa.Index(
    "ix_workshops_status_starts_at", Workshop.status, Workshop.starts_at
)

#: Exchanges completed in a period are found by status and last day.
exchanges_completed_index = sa.Index(
    "ix_exchanges_status_end_date", Exchange.status, Exchange.end_date
)
