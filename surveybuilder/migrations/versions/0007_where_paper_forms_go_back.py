"""Where paper forms go back: a postal address and places to hand them in.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 07:27:11.692002
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("return_address", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("drop_off", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_column("drop_off")
        batch_op.drop_column("return_address")
