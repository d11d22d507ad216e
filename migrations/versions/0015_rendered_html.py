"""Markdown rendered once: stored sanitised HTML keyed by source and renderer-settings hashes

Revision ID: 0015_rendered_html
Revises: 0014_city_zh
Create Date: 2026-12-04 17:30:00

"""
import sqlalchemy as sa
from alembic import op



# revision identifiers, used by Alembic.
revision = '0015_rendered_html'
down_revision = '0014_city_zh'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'rendered_markdown',
        sa.Column('source_hash', sa.String(length=64), nullable=False),
        sa.Column('settings_hash', sa.String(length=64), nullable=False),
        sa.Column('html', sa.Text(), nullable=False),
        sa.Column('rendered_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('source_hash', 'settings_hash', name=op.f('pk_rendered_markdown')),
    )


def downgrade():
    op.drop_table('rendered_markdown')
