"""Quiz pools: scenario items, quizzes drawn per objective, answers after the last attempt

Revision ID: 0012_quiz_pools
Revises: 0011_dashboard
Create Date: 2026-12-04 16:40:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012_quiz_pools'
down_revision = '0011_dashboard'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('scenario', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('draw_per_objective', sa.Integer(), nullable=False, server_default='0')
        )
        batch_op.add_column(
            sa.Column(
                'answers_after_last_attempt', sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.create_check_constraint(
            op.f('ck_quizzes_draw_not_negative'), 'draw_per_objective >= 0'
        )


def downgrade():
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_quizzes_draw_not_negative'), type_='check')
        batch_op.drop_column('answers_after_last_attempt')
        batch_op.drop_column('draw_per_objective')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('scenario')
