"""Exchange documents get a visibility; modules record their authors

Revision ID: 0017_security_data
Revises: 0016_jobs
Create Date: 2026-12-04 17:30:00

Existing documents: programmes and final reports stay visible to the delegation; invitation
letters and "other" documents (which may list passport data or be passport scans) become staff
only. Existing browser-authored modules get the person who saved their first version as author
where known; modules from the reviewed files get none (coordinators add them).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017_security_data"
down_revision = "0016_jobs"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("exchange_documents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("visibility", sa.String(length=20), server_default="staff", nullable=False)
        )
        batch_op.add_column(sa.Column("member_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_exchange_documents_member_id_delegation_members"),
            "delegation_members",
            ["member_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(
            batch_op.f("ix_exchange_documents_member_id"), ["member_id"], unique=False
        )
    op.execute(
        "UPDATE exchange_documents SET visibility = 'delegation' "
        "WHERE kind IN ('programme', 'final_report')"
    )

    op.create_table(
        "module_authors",
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["module_id"],
            ["modules.id"],
            name=op.f("fk_module_authors_module_id_modules"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_module_authors_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("module_id", "user_id", name=op.f("pk_module_authors")),
    )
    # The creator of a browser-authored module saved its first version.
    op.execute(
        "INSERT INTO module_authors (module_id, user_id) "
        "SELECT r.module_id, r.created_by_id FROM module_revisions r "
        "JOIN modules m ON m.id = r.module_id "
        "WHERE m.owner = 'browser' AND r.created_by_id IS NOT NULL AND r.number = "
        "(SELECT MIN(f.number) FROM module_revisions f WHERE f.module_id = r.module_id)"
    )


def downgrade():
    op.drop_table("module_authors")
    with op.batch_alter_table("exchange_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_documents_member_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_exchange_documents_member_id_delegation_members"), type_="foreignkey"
        )
        batch_op.drop_column("member_id")
        batch_op.drop_column("visibility")
