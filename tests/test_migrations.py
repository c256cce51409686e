"""The migrations build exactly the tables the models describe, on SQLite and PostgreSQL,
so `surveybuilder init` on a new server gives the schema the code expects."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import surveybuilder.models  # noqa: F401 - registers every table on the metadata
from surveybuilder.db import make_engine


def test_migrated_schema_matches_the_models(database_url):
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"include_name": _ours})
            differences = compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()
    assert differences == []


def _ours(name, type_, _parent_names) -> bool:
    """procrastinate's queue tables (PostgreSQL) come from its own schema, not our models."""
    return not (type_ == "table" and name and name.startswith("procrastinate_"))
