"""A consultation's own glossary: what hard words mean, written by staff.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 16:45:00

Issue 13 item 2: a hard word with no meaning in the easy-read dictionary is a finding
for staff, who write its meaning for this consultation; it is published with the version.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("glossary", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_column("glossary")
