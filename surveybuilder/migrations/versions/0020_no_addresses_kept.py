"""Sign-in attempts and rate limits keep no address, and no e-mail typed.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 07:10:00

Issue 17: sign-in attempts kept raw IP addresses and the e-mails typed, and rate limits
a hash of the address keyed with the secret key alone (turned back by trying every IPv4
address). Attempts now keep a keyed hash of the e-mail and a hash of the address with
a salt deleted after two windows (new table throttlesalt); the old rows are dropped,
since their addresses are exactly what must not be kept: throttling starts counting
afresh, which costs at most one window's protection.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _drop_attempts("ix_signin_email_at", "ix_signin_address_at")
    op.create_table(
        "signinattempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("address_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("signinattempt", schema=None) as batch_op:
        batch_op.create_index("ix_signin_account_key_at", ["account_key", "at"], unique=False)
        batch_op.create_index("ix_signin_address_key_at", ["address_key", "at"], unique=False)
    op.execute("DELETE FROM rateevent")
    op.create_table(
        "throttlesalt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("salt", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("made_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("throttlesalt", schema=None) as batch_op:
        batch_op.create_index("ix_throttlesalt_kind_made_at", ["kind", "made_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("throttlesalt", schema=None) as batch_op:
        batch_op.drop_index("ix_throttlesalt_kind_made_at")
    op.drop_table("throttlesalt")
    op.execute("DELETE FROM rateevent")
    _drop_attempts("ix_signin_account_key_at", "ix_signin_address_key_at")
    op.create_table(
        "signinattempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("signinattempt", schema=None) as batch_op:
        batch_op.create_index("ix_signin_address_at", ["address", "at"], unique=False)
        batch_op.create_index("ix_signin_email_at", ["email", "at"], unique=False)


def _drop_attempts(*indexes: str) -> None:
    with op.batch_alter_table("signinattempt", schema=None) as batch_op:
        for index in indexes:
            batch_op.drop_index(index)
    op.drop_table("signinattempt")
