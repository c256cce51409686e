"""Journeys in progress and rate-limit events

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 04:46:30.309721
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rateevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rateevent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rateevent_at"), ["at"], unique=False)
        batch_op.create_index("ix_rateevent_kind_key_at", ["kind", "key", "at"], unique=False)

    op.create_table(
        "journey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("format", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("resume_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["surveyversion.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("resume_code"),
    )
    with op.batch_alter_table("journey", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_journey_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_journey_token"), ["token"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("journey", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journey_token"))
        batch_op.drop_index(batch_op.f("ix_journey_consultation_id"))

    op.drop_table("journey")
    with op.batch_alter_table("rateevent", schema=None) as batch_op:
        batch_op.drop_index("ix_rateevent_kind_key_at")
        batch_op.drop_index(batch_op.f("ix_rateevent_at"))

    op.drop_table("rateevent")
