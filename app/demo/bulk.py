"""Bulk inserts for the scale demo: COPY on PostgreSQL, executemany elsewhere, in chunks with
explicit ids."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.extensions import db

#: Rows per statement or COPY batch.
CHUNK = 5_000


class BulkWriter:
    """Bulk inserts with explicit ids: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, counts: Counts):
        self.connection = db.session.connection()
        self.postgres = self.connection.dialect.name == "postgresql"
        self.counts = counts

    def next_id(self, table: sa.Table) -> int:
        """The first id free after every existing row."""
        return (db.session.scalar(sa.select(sa.func.max(table.c.id))) or 0) + 1

    def write(self, table: sa.Table, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
        """Insert rows (tuples in `columns` order); other columns take their Python defaults."""
        filled = [
            c
            for c in table.columns
            if c.name not in columns
            and c.default is not None
            and not (c.primary_key and c.autoincrement)
        ]
        extra_names = [c.name for c in filled]
        extra_values = tuple(
            c.default.arg(None) if c.default.is_callable else c.default.arg for c in filled
        )
        names = [*columns, *extra_names]
        batch: list[tuple] = []
        for row in rows:
            batch.append((*row, *extra_values))
            if len(batch) >= CHUNK:
                self._flush(table, names, batch)
                batch = []
        if batch:
            self._flush(table, names, batch)

    def _flush(self, table: sa.Table, names: list[str], batch: list[tuple]) -> None:
        if self.postgres:
            batch = [tuple(_copy_value(v) for v in row) for row in batch]
            cursor = self.connection.connection.driver_connection.cursor()
            quoted = ", ".join(f'"{n}"' for n in names)
            with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                for row in batch:
                    copy.write_row(row)
        else:
            self.connection.execute(
                table.insert(), [dict(zip(names, r, strict=True)) for r in batch]
            )
        self.counts.add(table.name, len(batch))

    def reset_sequences(self, tables: Iterable[sa.Table]) -> None:
        """After explicit ids, move PostgreSQL's id sequences past them."""
        if not self.postgres:
            return
        for table in tables:
            highest = sa.select(sa.func.coalesce(sa.func.max(table.c.id), 1)).scalar_subquery()
            sequence = sa.func.pg_get_serial_sequence(table.name, "id")
            self.connection.execute(sa.select(sa.func.setval(sequence, highest)))


def _copy_value(value):
    """COPY writes lists and dicts (JSON columns) as their JSON text."""
    return json.dumps(value) if isinstance(value, list | dict) else value


@dataclass
class Counts:
    """Rows written, by table."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + count
