"""Authenticator apps' secrets are kept sealed, which needs a longer column.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 07:40:00

Issue 17 item 2: the TOTP secret is sealed (Fernet) under a key derived from SECRET_KEY,
so a copy of the database gives nobody codes. A sealed secret is about 140 characters.
Secrets stored before this cannot be opened and are set up again at the next sign-in.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("second_factor", schema=None) as batch_op:
        batch_op.alter_column("secret",
                              existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
                              type_=sqlmodel.sql.sqltypes.AutoString(length=255),
                              existing_nullable=False)


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM recovery_code"))
    op.execute(sa.text("DELETE FROM second_factor"))
    with op.batch_alter_table("second_factor", schema=None) as batch_op:
        batch_op.alter_column("secret",
                              existing_type=sqlmodel.sql.sqltypes.AutoString(length=255),
                              type_=sqlmodel.sql.sqltypes.AutoString(length=64),
                              existing_nullable=False)
