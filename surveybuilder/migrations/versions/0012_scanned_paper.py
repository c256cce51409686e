"""Scanned paper forms: batches of uploaded scans, their pages and the copies read.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 19:55:00

Issue 14, second half: scans are uploaded on the Paper tab, read by a background job,
and each copy waits for a person to confirm it before it is stored as a response. The
images themselves are in the file store (personal data, deleted by tidy), not here.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scanbatch",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("consultation_id", sa.Integer(), sa.ForeignKey("consultation.id"),
                  nullable=False, index=True),
        sa.Column("paper_batch_id", sa.Integer(), sa.ForeignKey("paperbatch.id"),
                  nullable=False, index=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("pages_total", sa.Integer(), nullable=False),
        sa.Column("uploads", sa.JSON(), nullable=False),
        sa.Column("files_not_read", sa.JSON(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("uploaded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_table(
        "scanpage",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scan_batch_id", sa.Integer(), sa.ForeignKey("scanbatch.id"),
                  nullable=False, index=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("copy_ordinal", sa.Integer(), nullable=True),
        sa.Column("form_page", sa.Integer(), nullable=True),
        sa.Column("image_key", sa.String(length=500), nullable=True),
    )
    op.create_table(
        "scannedcopy",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scan_batch_id", sa.Integer(), sa.ForeignKey("scanbatch.id"),
                  nullable=False, index=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("copy_number", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("surveyversion.id"),
                  nullable=False),
        sa.Column("print_format", sa.String(length=16), nullable=False),
        sa.Column("layout_id", sa.String(length=64), nullable=False),
        sa.Column("pages", sa.JSON(), nullable=False),
        sa.Column("missing_pages", sa.JSON(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("paper_copy_id", sa.Integer(), sa.ForeignKey("papercopy.id"),
                  nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("confirmed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("images_deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.UniqueConstraint("scan_batch_id", "ordinal"),
    )


def downgrade() -> None:
    op.drop_table("scannedcopy")
    op.drop_table("scanpage")
    op.drop_table("scanbatch")
