"""Each organisation's own look, and contact details in separate fields.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 07:15:00

Issue 16 item 3: an organisation keeps the name residents see, a logo (in the file
store), one brand colour, its contact details and links to its own privacy notice and
accessibility statement (surveybuilder/branding.py, decision 20).

Issue 16's rough edge: a consultation's one contact box turned "x@y.gov.uk or 01234
567890" into one broken mailto: link. The e-mail address and phone number now have
fields of their own; existing values are split by `survey.contact.split_contact` (the
first e-mail address and phone number found, the rest kept as the other contact) and
put back together on downgrade.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from surveybuilder.survey.contact import split_contact

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_ORGANISATION_COLUMNS = (
    ("public_name", 200), ("logo_alt", 300), ("brand_colour", 7), ("contact_email", 254),
    ("contact_phone", 40), ("contact_other", 300), ("privacy_url", 500),
    ("accessibility_url", 500))
# The consultation's contact columns, as this migration reads and writes them.
_CONSULTATION = sa.table("consultation", sa.column("id", sa.Integer),
                        sa.column("contact", sa.String), sa.column("contact_email", sa.String),
                        sa.column("contact_phone", sa.String))


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        for name, length in _ORGANISATION_COLUMNS:
            batch_op.add_column(sa.Column(name, _TEXT(length=length), nullable=False,
                                          server_default=""))
        batch_op.add_column(sa.Column("logo_key", _TEXT(length=500), nullable=True))
        batch_op.add_column(sa.Column("brand_version", sa.Integer(), nullable=False,
                                      server_default="0"))
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_email", _TEXT(length=254), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("contact_phone", _TEXT(length=40), nullable=False,
                                      server_default=""))
    _split_contacts()


def _split_contacts() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(_CONSULTATION.c.id, _CONSULTATION.c.contact)
                              .where(_CONSULTATION.c.contact != "")).all()
    for row in rows:
        parts = split_contact(row.contact)
        connection.execute(_CONSULTATION.update().where(_CONSULTATION.c.id == row.id).values(
            contact_email=parts.email, contact_phone=parts.phone, contact=parts.other))


def downgrade() -> None:
    connection = op.get_bind()
    for row in connection.execute(sa.select(_CONSULTATION)).all():
        joined = " or ".join(part for part in (row.contact_email, row.contact_phone,
                                               row.contact) if part)
        connection.execute(_CONSULTATION.update().where(_CONSULTATION.c.id == row.id)
                           .values(contact=joined[:254]))
    # Dropped in place, not by copying the tables: SQLite (3.35 and later) drops a plain
    # column itself, and copying organisation would break every reference to it.
    with op.batch_alter_table("consultation", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_email")
    with op.batch_alter_table("organisation", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("brand_version")
        batch_op.drop_column("logo_key")
        for name, _length in reversed(_ORGANISATION_COLUMNS):
            batch_op.drop_column(name)
