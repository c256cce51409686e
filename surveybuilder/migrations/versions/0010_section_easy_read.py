"""Easy read for section introductions: their easy-read words and picture.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 16:40:00

Issue 13: every section intro in easy read has a picture (and its own easy-read words).
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("easy_read_text", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("easy_read_picture", sqlmodel.sql.sqltypes.AutoString(length=64),
                      nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.drop_column("easy_read_picture")
        batch_op.drop_column("easy_read_text")
