"""The language each journey, response and paper copy was answered in.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 22:40:00

Issue 15 items 4 to 6: a resident chooses a language like a format, the journey keeps
it, the response records it (results filter and export by it), and a keyed paper copy
says which language's printed layout it was read against. Every row before this was
answered in English.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLES = ("journey", "response", "papercopy")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("language", sa.String(length=16), nullable=False,
                                          server_default="en"))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("language")
