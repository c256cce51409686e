"""The `surveybuilder` command: thin wrappers over the same services the web editor uses."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask
from sqlmodel import Session, select

from surveybuilder import create_app
from surveybuilder.config import ConfigError
from surveybuilder.models import Consultation, Role


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """Build accessible consultations, collect answers, publish what changed."""
    ctx.ensure_object(dict)


def _app() -> Flask:
    try:
        return create_app()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


@contextmanager
def _session() -> Iterator[Session]:
    """A session that commits when the command succeeds and rolls back when it fails."""
    app = _app()
    with Session(app.extensions["db_engine"], expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _fail(message: str) -> click.ClickException:
    return click.ClickException(message)


def _organisation(session: Session, slug: str):
    from surveybuilder.staff.accounts import organisation_by_slug

    organisation = organisation_by_slug(session, slug)
    if organisation is None:
        raise _fail(f"There is no organisation '{slug}'. Create it with "
                    f"`surveybuilder create-org {slug} \"Its name\"`.")
    return organisation


def _consultation(session: Session, slug: str) -> Consultation:
    consultation = session.exec(select(Consultation).where(Consultation.slug == slug)).first()
    if consultation is None:
        raise _fail(f"There is no consultation with the slug '{slug}'.")
    return consultation


@main.command()
def init() -> None:
    """Create or upgrade the database schema to the newest version."""
    from surveybuilder.db import upgrade_to_head

    app = _app()
    upgrade_to_head(app.extensions["db_engine"])
    click.echo(f"Database ready: {app.extensions['db_engine'].url.render_as_string()}")


@main.command("create-org")
@click.argument("slug")
@click.argument("name")
def create_org(slug: str, name: str) -> None:
    """Add a partner organisation (SLUG is its short name, e.g. sandwell-council)."""
    from surveybuilder.staff.accounts import AccountError, create_organisation

    with _session() as session:
        try:
            create_organisation(session, slug, name)
        except AccountError as exc:
            raise _fail(str(exc)) from None
    click.echo(f"Created organisation {slug}.")


@main.command("create-user")
@click.option("--org", "org_slug", required=True, help="The organisation's short name.")
@click.option("--email", required=True)
@click.option("--name", default="", help="The person's name.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default="editor",
              show_default=True)
def create_user_command(org_slug: str, email: str, name: str, role: str) -> None:
    """Add a staff user. The password is read from a prompt, or from standard input when
    piped, never from the command line where it would be kept in shell history."""
    from surveybuilder.staff.accounts import AccountError, create_user

    password = _read_password()
    with _session() as session:
        try:
            create_user(session, _organisation(session, org_slug), email, name, password,
                        Role(role))
        except AccountError as exc:
            raise _fail(str(exc)) from None
    click.echo(f"Created {role} {email} in {org_slug}.")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@main.command("import-survey")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "org_slug", required=True, help="The organisation that will own it.")
def import_survey(file: Path, org_slug: str) -> None:
    """Create a draft consultation from a survey definition file (JSON)."""
    from surveybuilder.consultations.snapshots import import_definition
    from surveybuilder.survey.loading import DefinitionError, load_definition_text

    with _session() as session:
        try:
            definition = load_definition_text(file.read_text(encoding="utf-8"))
            import_definition(session, _organisation(session, org_slug), None, definition)
        except DefinitionError as exc:
            raise _fail(f"{file} was not imported. Fix these and try again:\n{exc}") from None
    click.echo(f"Imported '{definition.slug}' as a draft.")


@main.command("export-survey")
@click.argument("slug")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
def export_survey(slug: str, output: Path | None) -> None:
    """Write a consultation's current draft as a survey definition (JSON)."""
    from surveybuilder.consultations.snapshots import export_data

    with _session() as session:
        text = json.dumps(export_data(session, _consultation(session, slug)), indent=2,
                          ensure_ascii=False) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("slug")
@click.option("--override-reason", default="",
              help="Publish even though the charter check fails, for this reason (recorded "
                   "in the audit log).")
def publish(slug: str, override_reason: str) -> None:
    """Freeze the current draft as a new version and open it to residents."""
    from surveybuilder.charter.checks import settings_from
    from surveybuilder.consultations.lifecycle import CharterOverrideNeeded, LifecycleError
    from surveybuilder.consultations.lifecycle import publish as publish_consultation

    app = _app()
    with _session() as session:
        try:
            version = publish_consultation(session, _consultation(session, slug), None,
                                           settings_from(app.config), override_reason)
        except CharterOverrideNeeded as exc:
            raise _fail("Not published: the charter check fails.\n"
                        + "\n".join(f"- {p}" for p in exc.problems)
                        + "\nFix these, or give --override-reason to publish anyway.") \
                from None
        except LifecycleError as exc:
            raise _fail("Not published:\n" + "\n".join(f"- {p}" for p in exc.problems)) from None
    click.echo(f"Published {slug} as version {version.number}; it is open.")


@main.command("charter-check")
@click.argument("slug")
def charter_check(slug: str) -> None:
    """Check a consultation's draft against the co-production charter.

    Prints one row per check; exits with status 1 if any check fails."""
    from surveybuilder.charter.checks import Outcome, check, settings_from
    from surveybuilder.consultations.snapshots import draft_definition
    from surveybuilder.survey.loading import DefinitionError

    app = _app()
    with _session() as session:
        try:
            definition = draft_definition(session, _consultation(session, slug))
        except DefinitionError as exc:
            raise _fail(f"The draft has problems to fix first:\n{exc}") from None
    rows = check(definition, settings_from(app.config))
    for row in rows:
        click.echo(f"{row.outcome.upper():4}  {row.title}: {row.detail}")
        if row.outcome != Outcome.PASS and row.fix:
            click.echo(f"      Fix: {row.fix}")
    failed = sum(row.outcome == Outcome.FAIL for row in rows)
    warned = sum(row.outcome == Outcome.WARN for row in rows)
    click.echo(f"Charter check: {len(rows) - failed - warned} pass, {warned} warn, {failed} fail")
    if failed:
        sys.exit(1)


@main.command()
@click.argument("slug")
def close(slug: str) -> None:
    """Stop accepting answers."""
    from surveybuilder.consultations.lifecycle import LifecycleError
    from surveybuilder.consultations.lifecycle import close as close_consultation

    with _session() as session:
        try:
            close_consultation(session, _consultation(session, slug), None)
        except LifecycleError as exc:
            raise _fail(str(exc)) from None
    click.echo(f"Closed {slug}.")


@main.command()
def demo() -> None:
    """Add an example organisation, an admin and a realistic consultation (once)."""
    from surveybuilder.demo import load_demo

    with _session() as session:
        result = load_demo(session)
    click.echo(result)


@main.command()
def tidy() -> None:
    """Delete what is no longer needed: unsent answers of closed consultations, expired
    rate-limit records and old sign-in attempts. Run it daily (cron or a timer)."""
    from datetime import date, timedelta

    from sqlalchemy import delete

    from surveybuilder.models import RateEvent, SignInAttempt, utcnow
    from surveybuilder.responses.journeys import forget_closed

    app = _app()
    keep_days = app.config["SIGNIN_ATTEMPTS_KEEP_DAYS"]
    with _session() as session:
        journeys = forget_closed(session, date.today())
        rates = session.exec(delete(RateEvent).where(
            RateEvent.at < utcnow() - timedelta(days=1))).rowcount
        attempts = session.exec(delete(SignInAttempt).where(
            SignInAttempt.at < utcnow() - timedelta(days=keep_days))).rowcount
    click.echo(f"Deleted {journeys} unsent journeys, {rates} rate-limit records and "
               f"{attempts} sign-in records.")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
def serve(host: str, port: int, threads: int) -> None:
    """Run the production web server (waitress)."""
    from waitress import serve as waitress_serve

    app = _app()
    click.echo(f"Surveybuilder on http://{host}:{port}/ (stop with Ctrl+C)")
    waitress_serve(app, host=host, port=port, threads=threads, ident="surveybuilder")


@main.command("settings")
@click.option("--readme", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Rewrite the table between the settings markers in this README instead.")
def settings_command(readme: Path | None) -> None:
    """Print every setting as a Markdown table (the README's configuration section)."""
    from surveybuilder.config import settings_markdown_table

    table = settings_markdown_table()
    if readme is None:
        click.echo(table)
        return
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- settings:start -->", "<!-- settings:end -->"
    if start not in text or end not in text:
        raise _fail(f"{readme} has no {start} … {end} markers to write between.")
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    readme.write_text(f"{before}{start}\n{table}\n{end}{after}", encoding="utf-8")
    click.echo(f"Updated the settings table in {readme}.")


@main.command("schema")
@click.option("--write", is_flag=True, help="Refresh the schema file shipped in the package.")
def schema_command(write: bool) -> None:
    """Print the JSON Schema of the survey definition format."""
    from surveybuilder.survey.schema import generated_schema, write_schema

    if write:
        click.echo(f"Wrote {write_schema()}")
    else:
        click.echo(json.dumps(generated_schema(), indent=2, ensure_ascii=False))


@main.command("templates")
def templates_command() -> None:
    """List the charter-aligned templates (and check every file loads)."""
    from surveybuilder.survey.templates import TemplateError, load_templates

    folder = Path(_app().config["TEMPLATES_DIR"])
    try:
        found = load_templates(folder)
    except TemplateError as exc:
        raise _fail(str(exc)) from None
    if not found:
        click.echo(f"No templates in {folder}.")
    for template in found:
        level = template.definition.participation_level
        click.echo(f"{template.name}\t{level}\t{template.title}")
