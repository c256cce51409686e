"""You said, we did: feedback, its items and their status log

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 07:05:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("easy_read_summary", sa.Text(), nullable=False),
        sa.Column("what_next", sa.Text(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("contacts_used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_consultation_id"), ["consultation_id"],
                              unique=True)

    op.create_table(
        "feedbackitem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("you_said", sa.Text(), nullable=False),
        sa.Column("question_keys", sa.JSON(), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("we_did", sa.Text(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("easy_read_text", sa.Text(), nullable=False),
        sa.Column("easy_read_picture", sqlmodel.sql.sqltypes.AutoString(length=64),
                  nullable=False),
        sa.ForeignKeyConstraint(["feedback_id"], ["feedback.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("feedbackitem", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedbackitem_feedback_id"), ["feedback_id"],
                              unique=False)

    op.create_table(
        "feedbackstatuschange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("old_status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("new_status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["feedbackitem.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("feedbackstatuschange", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedbackstatuschange_item_id"), ["item_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feedbackstatuschange", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedbackstatuschange_item_id"))
    op.drop_table("feedbackstatuschange")
    with op.batch_alter_table("feedbackitem", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedbackitem_feedback_id"))
    op.drop_table("feedbackitem")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_consultation_id"))
    op.drop_table("feedback")
