"""Background jobs: the table staff see, and procrastinate's queue on PostgreSQL.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 09:00:00

On PostgreSQL the queue's own tables and functions come from procrastinate's shipped
schema (its SchemaManager), for the exact procrastinate version pyproject.toml pins:
upgrading procrastinate means a new migration that applies its migration scripts.
SQLite has no queue: jobs run in-process from the backgroundjob table alone.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

PROCRASTINATE_VERSION = "3.10.0"


def upgrade() -> None:
    op.create_table(
        "backgroundjob",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("progress_percent", sa.Integer(), nullable=False),
        sa.Column("progress_words", sqlmodel.sql.sqltypes.AutoString(length=300),
                  nullable=False),
        sa.Column("failure", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("run_after", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("queued_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("runner", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("lease_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("result_file", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultation.id"]),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("backgroundjob", schema=None) as batch_op:
        batch_op.create_index("ix_backgroundjob_status_run_after", ["status", "run_after"])
        batch_op.create_index(batch_op.f("ix_backgroundjob_consultation_id"),
                              ["consultation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_backgroundjob_created_at"), ["created_at"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_backgroundjob_key"), ["key"], unique=True)
        batch_op.create_index(batch_op.f("ix_backgroundjob_organisation_id"),
                              ["organisation_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        _create_procrastinate_schema()


def _create_procrastinate_schema() -> None:
    import procrastinate
    from procrastinate.schema import SchemaManager

    installed = procrastinate.__version__
    if installed != PROCRASTINATE_VERSION:
        raise RuntimeError(
            f"This migration sets up procrastinate {PROCRASTINATE_VERSION}'s queue, but "
            f"{installed} is installed. Install the version pyproject.toml asks for.")
    # Run as the driver's own SQL: the schema is full of casts and % signs.
    op.get_bind().exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))


_DROP_PROCRASTINATE = """
DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers,
    procrastinate_jobs, procrastinate_workers CASCADE;
DO $$
DECLARE f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
             WHERE p.proname LIKE 'procrastinate%'
               AND p.pronamespace = current_schema()::regnamespace
    LOOP
        EXECUTE 'DROP FUNCTION ' || f || ' CASCADE';
    END LOOP;
END $$;
DROP TYPE IF EXISTS procrastinate_job_to_defer_v1, procrastinate_job_event_type,
    procrastinate_job_status CASCADE;
"""


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.get_bind().exec_driver_sql(_DROP_PROCRASTINATE.replace("%", "%%"))
    with op.batch_alter_table("backgroundjob", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_backgroundjob_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_backgroundjob_key"))
        batch_op.drop_index(batch_op.f("ix_backgroundjob_created_at"))
        batch_op.drop_index(batch_op.f("ix_backgroundjob_consultation_id"))
        batch_op.drop_index("ix_backgroundjob_status_run_after")
    op.drop_table("backgroundjob")
