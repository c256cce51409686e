"""Charter plan, topics, areas, formats offered and events on consultations.

Existing consultations get empty plans and all formats offered.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 04:34:42.204512
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("statutory", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("topics", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("areas", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(
            sa.Column(
                "formats",
                sa.JSON(),
                nullable=False,
                server_default='["easy_read", "large_print", "paper"]',
            )
        )
        batch_op.add_column(sa.Column("plan", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("events", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_column("events")
        batch_op.drop_column("plan")
        batch_op.drop_column("formats")
        batch_op.drop_column("areas")
        batch_op.drop_column("topics")
        batch_op.drop_column("statutory")
