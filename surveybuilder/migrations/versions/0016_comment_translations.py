"""Staff's English translations of comments written in another language.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 22:50:00

Issue 15 item 6: a comment answered in Polish or Urdu is themed from an English
translation staff add beside it; the answer itself is never changed, so the
translation is a row of its own, one per comment (response and question).
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commenttranslation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("translator_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["response.id"]),
        sa.ForeignKeyConstraint(["translator_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("response_id", "question_key"),
    )
    with op.batch_alter_table("commenttranslation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commenttranslation_response_id"),
                              ["response_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("commenttranslation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commenttranslation_response_id"))
    op.drop_table("commenttranslation")
