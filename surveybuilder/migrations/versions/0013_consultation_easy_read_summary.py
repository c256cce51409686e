"""The consultation's summary in easy read, written or accepted by staff.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 19:50:00

Issue 13 item 4: staff can write (or accept a suggested) easy-read summary; it is
published with the version and shown on the easy-read pages and paper form instead of
the standard summary.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("easy_read_summary", sa.Text(), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_column("easy_read_summary")
