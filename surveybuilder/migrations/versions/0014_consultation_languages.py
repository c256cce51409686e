"""The languages a consultation is offered in, and its texts in them.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 20:00:00

Issue 15 item 1 (decision 16): staff choose languages besides English; each text of
the draft in those languages is kept by its stable id, with a fingerprint of the
English it was translated from, and published with the version.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("languages", sa.JSON(), nullable=False,
                                      server_default="[]"))
        batch_op.add_column(sa.Column("translations", sa.JSON(), nullable=False,
                                      server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_column("translations")
        batch_op.drop_column("languages")
