"""Dashboard: indexes for the indicators (workshops held, exchanges completed)

Revision ID: 0011_dashboard
Revises: 0010_roster
Create Date: 2026-11-28 10:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011_dashboard'
down_revision = '0010_roster'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_workshops_status_starts_at', 'workshops', ['status', 'starts_at'], unique=False)
    op.create_index('ix_exchanges_status_end_date', 'exchanges', ['status', 'end_date'], unique=False)


def downgrade():
    op.drop_index('ix_exchanges_status_end_date', table_name='exchanges')
    op.drop_index('ix_workshops_status_starts_at', table_name='workshops')
