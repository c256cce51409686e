"""Paper keying: batches of returned forms, copies and keyings

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 07:10:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paperbatch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("double_keying", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultation.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("consultation_id", "label"),
    )
    with op.batch_alter_table("paperbatch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paperbatch_consultation_id"), ["consultation_id"],
                              unique=False)

    op.create_table(
        "papercopy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("copy_number", sa.Integer(), nullable=False),
        sa.Column("format", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("marks", sa.JSON(), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["paperbatch.id"]),
        sa.ForeignKeyConstraint(["version_id"], ["surveyversion.id"]),
        sa.ForeignKeyConstraint(["response_id"], ["response.id"]),
        sa.ForeignKeyConstraint(["decided_by_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("batch_id", "copy_number"),
    )
    with op.batch_alter_table("papercopy", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_papercopy_batch_id"), ["batch_id"], unique=False)

    op.create_table(
        "paperkeying",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("copy_id", sa.Integer(), nullable=False),
        sa.Column("keyed_by_id", sa.Integer(), nullable=False),
        sa.Column("entries", sa.JSON(), nullable=False),
        sa.Column("marks", sa.JSON(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["copy_id"], ["papercopy.id"]),
        sa.ForeignKeyConstraint(["keyed_by_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("paperkeying", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paperkeying_copy_id"), ["copy_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("paperkeying", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paperkeying_copy_id"))
    op.drop_table("paperkeying")
    with op.batch_alter_table("papercopy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_papercopy_batch_id"))
    op.drop_table("papercopy")
    with op.batch_alter_table("paperbatch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paperbatch_consultation_id"))
    op.drop_table("paperbatch")
