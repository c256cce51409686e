"""How long each consultation keeps residents' answers.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04 07:40:00

Issue 17 item 3: a privacy notice promising deletion after two years could not be
kept. Each consultation may set its own period in months; empty means the site's
RESPONSE_RETENTION_MONTHS, which `surveybuilder tidy` then keeps to
(docs/residents-rights.md).
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_months", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_column("retention_months")
