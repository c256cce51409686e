"""Keys made from the wording follow it until the first publication.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 07:00:00

Issue 16 item 1: the editor makes question and option keys from their words, so
nobody types keys. Such a key follows new wording while the consultation is a draft
that has never been published; a key someone typed, or one imported from a file, is
kept as it is. Rows before this had typed or imported keys, so they start as "kept".
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

TABLES = ("question", "option")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("key_follows_text", sa.Boolean(), nullable=False,
                                          server_default=sa.false()))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("key_follows_text")
