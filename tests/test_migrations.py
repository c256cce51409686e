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
            differences = compare_metadata(MigrationContext.configure(connection),
                                           SQLModel.metadata)
    finally:
        engine.dispose()
    assert differences == []
