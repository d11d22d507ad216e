"""The dashboard's snapshot: figures computed ahead of the page

Revision ID: 0018_dashboard_snapshot
Revises: 0017_security_data
Create Date: 2026-12-04 20:00:00

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0018_dashboard_snapshot"
down_revision = "0017_security_data"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "dashboard_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dashboard_snapshots")),
    )
    op.create_table(
        "dashboard_workshops",
        sa.Column("workshop_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("province", sa.String(length=2), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("attended", sa.Integer(), nullable=False),
        sa.Column("excused", sa.Integer(), nullable=False),
        sa.Column("gain_people", sa.Integer(), nullable=False),
        sa.Column("pre_sum", sa.Float(), nullable=False),
        sa.Column("post_sum", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("workshop_id", name=op.f("pk_dashboard_workshops")),
    )
    op.create_index(op.f("ix_dashboard_workshops_starts_at"), "dashboard_workshops", ["starts_at"])
    op.create_table(
        "dashboard_trained",
        sa.Column("workshop_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("province", sa.String(length=2), nullable=False),
        sa.Column("previous_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("previous_in_country_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("previous_in_province_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("province_key", sa.String(length=10), nullable=False),
        sa.Column("organisation_type", sa.String(length=40), nullable=False),
        sa.Column("gender", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("workshop_id", "user_id", name=op.f("pk_dashboard_trained")),
    )
    op.create_index(op.f("ix_dashboard_trained_starts_at"), "dashboard_trained", ["starts_at"])
    op.create_table(
        "dashboard_quiz_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("passed_any", sa.Boolean(), nullable=False),
        sa.Column("passed_last", sa.Boolean(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("province", sa.String(length=2), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dashboard_quiz_results")),
    )
    op.create_index(
        op.f("ix_dashboard_quiz_results_last_at"), "dashboard_quiz_results", ["last_at"]
    )
    op.create_table(
        "dashboard_quiz_months",
        sa.Column("month", sa.DateTime(timezone=True), nullable=False),
        sa.Column("quiz_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("province", sa.String(length=2), nullable=False),
        sa.Column("results", sa.Integer(), nullable=False),
        sa.Column("passed_any", sa.Integer(), nullable=False),
        sa.Column("passed_last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "month", "quiz_id", "country", "province", name=op.f("pk_dashboard_quiz_months")
        ),
    )
    op.create_table(
        "dashboard_completions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("province", sa.String(length=2), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dashboard_completions")),
    )
    op.create_index(
        op.f("ix_dashboard_completions_completed_at"), "dashboard_completions", ["completed_at"]
    )


def downgrade():
    op.drop_index(op.f("ix_dashboard_completions_completed_at"), table_name="dashboard_completions")
    op.drop_table("dashboard_completions")
    op.drop_table("dashboard_quiz_months")
    op.drop_index(op.f("ix_dashboard_quiz_results_last_at"), table_name="dashboard_quiz_results")
    op.drop_table("dashboard_quiz_results")
    op.drop_index(op.f("ix_dashboard_trained_starts_at"), table_name="dashboard_trained")
    op.drop_table("dashboard_trained")
    op.drop_index(op.f("ix_dashboard_workshops_starts_at"), table_name="dashboard_workshops")
    op.drop_table("dashboard_workshops")
    op.drop_table("dashboard_snapshots")
