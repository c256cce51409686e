"""Documents people need to read to take part, attached to a consultation.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 07:30:00

Issue 16 item 4: staff attach a proposal, a map or a plan (PDF, PNG, JPEG, DOCX or
ODT), with an optional easy-read version; the files are in the file store (decision
11) and each row describes them (`file`, `easy_read`: key, name, type, size, pages).
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consultationdocument",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("file", sa.JSON(), nullable=False),
        sa.Column("easy_read", sa.JSON(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consultationdocument", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultationdocument_consultation_id"),
                              ["consultation_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("consultationdocument", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultationdocument_consultation_id"))
    op.drop_table("consultationdocument")
