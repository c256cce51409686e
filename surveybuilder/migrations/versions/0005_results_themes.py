"""Results: themes, comment codings, a suppression threshold per organisation, and
answers carrying their consultation, and indexes for counting

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 07:05:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("suppression_threshold", sa.Integer(), nullable=True))

    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consultation_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_answer_consultation_id", "consultation",
                                    ["consultation_id"], ["id"])
    op.execute("UPDATE answer SET consultation_id = (SELECT response.consultation_id FROM "
               "response WHERE response.id = answer.response_id)")
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index("ix_answer_counting", [
            "consultation_id", "question_key", "option_key", "response_id"], unique=False)
        batch_op.create_index("ix_answer_values", [
            "consultation_id", "question_key", "number_value", "date_value", "response_id",
            "option_key"], unique=False)
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.create_index("ix_response_counting",
                              ["consultation_id", "submitted_at", "channel", "format"],
                              unique=False)

    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("consultation_id", "number"),
    )
    with op.batch_alter_table("theme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_theme_consultation_id"), ["consultation_id"],
                              unique=False)

    op.create_table(
        "commentcoding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("second", sa.Boolean(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["response.id"]),
        sa.ForeignKeyConstraint(["coder_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("response_id", "question_key", "second"),
    )
    with op.batch_alter_table("commentcoding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commentcoding_response_id"), ["response_id"],
                              unique=False)

    op.create_table(
        "commenttheme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coding_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["coding_id"], ["commentcoding.id"]),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("coding_id", "theme_id"),
    )
    with op.batch_alter_table("commenttheme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commenttheme_coding_id"), ["coding_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_commenttheme_theme_id"), ["theme_id"],
                              unique=False)


def downgrade() -> None:
    op.drop_table("commenttheme")
    op.drop_table("commentcoding")
    op.drop_table("theme")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_index("ix_response_counting")
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_index("ix_answer_values")
        batch_op.drop_index("ix_answer_counting")
        batch_op.drop_constraint("fk_answer_consultation_id", type_="foreignkey")
        batch_op.drop_column("consultation_id")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("suppression_threshold")
