"""Workshops: the city's Chinese name, so places print in both languages (山东省济南)

Revision ID: 0014_city_zh
Revises: 0013_user_sessions
Create Date: 2026-12-04 17:35:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014_city_zh'
down_revision = '0013_user_sessions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('city_zh', sa.String(length=100), server_default='', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('city_zh')
