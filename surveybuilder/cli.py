"""The `surveybuilder` command: thin wrappers over the same services the web editor uses."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import click
from flask import Flask
from sqlmodel import Session

from surveybuilder import create_app
from surveybuilder.backups import WHAT_IS_KEPT
from surveybuilder.config import ConfigError
from surveybuilder.formats import FORMATS, LARGE_PRINT
from surveybuilder.models import Consultation, Role, User, unit_of_work


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """Build accessible consultations, collect answers, publish what changed."""
    ctx.ensure_object(dict)


def _app() -> Flask:
    """The application for one command; its database connections are closed when the
    command ends, so a process that runs many commands (a test run, a script calling
    `main`) does not keep a pool of them open per command."""
    try:
        app = create_app()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    command = click.get_current_context(silent=True)
    if command is not None:
        command.call_on_close(app.extensions["db_engine"].dispose)
    return app


@contextmanager
def _session() -> Iterator[Session]:
    """A session that commits when the command succeeds and rolls back when it fails."""
    with unit_of_work(_app().extensions["db_engine"]) as session:
        yield session


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
    from surveybuilder.consultations import finding

    consultation = finding.by_slug(session, slug)
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


@main.group()
def users() -> None:
    """Staff accounts: deactivate a leaver, reactivate, or issue a password reset link."""


@contextmanager
def _changing_user(email: str) -> Iterator[tuple[Session, User]]:
    """The user with this e-mail address, in a session that commits when the change
    works; a refused change (AccountError) is one plain line."""
    from surveybuilder.staff.accounts import AccountError, user_by_email

    with _session() as session:
        user = user_by_email(session, email)
        if user is None:
            raise _fail(f"There is no user with the email address {email}.")
        try:
            yield session, user
        except AccountError as exc:
            raise _fail(str(exc)) from None


def _record_for_their_organisations(session: Session, action: str, user: User,
                                    **detail) -> None:
    """An audit event in each of the person's organisations, by nobody signed in (the
    command line), so each organisation's admins can see it."""
    from surveybuilder.consultations import audit
    from surveybuilder.staff.accounts import memberships

    for _membership, organisation in memberships(session, user):
        audit.record(session, action, None, organisation_id=organisation.id,
                     email=user.email, by="command line", **detail)


@users.command("deactivate")
@click.argument("email")
def users_deactivate(email: str) -> None:
    """Switch off the account of EMAIL and end all its sessions at once."""
    from surveybuilder.staff.lifecycle import deactivate

    with _changing_user(email) as (session, user):
        ended = deactivate(session, user)
        _record_for_their_organisations(session, "user.deactivated", user,
                                        sessions_ended=ended)
    click.echo(f"Deactivated {email}; {ended} open session(s) ended.")


@users.command("reactivate")
@click.argument("email")
def users_reactivate(email: str) -> None:
    """Let EMAIL sign in again."""
    from surveybuilder.staff.lifecycle import reactivate

    with _changing_user(email) as (session, user):
        reactivate(session, user)
        _record_for_their_organisations(session, "user.reactivated", user)
    click.echo(f"Reactivated {email}.")


@users.command("reset-link")
@click.argument("email")
def users_reset_link(email: str) -> None:
    """Make a one-use link for EMAIL to set a new password (valid for
    PASSWORD_RESET_MINUTES): e-mailed to them when e-mail is set up, printed here
    otherwise, to give them in person or by phone."""
    from surveybuilder.mail import smtp_settings
    from surveybuilder.staff.lifecycle import email_reset_link, issue_reset, reset_link

    app = _app()
    minutes = app.config["PASSWORD_RESET_MINUTES"]
    public_url = app.config["PUBLIC_URL"]
    if not public_url:
        raise _fail("Set SURVEYBUILDER_PUBLIC_URL (the site's address) first: the link "
                    "is built from it.")
    smtp = smtp_settings(app.config)
    with _changing_user(email) as (session, user):
        link = reset_link(public_url, issue_reset(session, user, None,
                                                  timedelta(minutes=minutes)))
        if smtp.configured:
            email_reset_link(smtp, user, link, minutes)
        _record_for_their_organisations(session, "user.reset_link_issued", user,
                                        emailed=smtp.configured)
    if smtp.configured:
        click.echo(f"E-mailed {email} a link to set a new password; it works once, for "
                   f"{minutes} minutes.")
    else:
        click.echo(f"E-mail is not set up. Give {email} this link in person or by phone; "
                   f"it works once, for {minutes} minutes:\n{link}")


@users.command("remove-second-factor")
@click.argument("email")
def users_remove_second_factor(email: str) -> None:
    """Take away the authenticator app and recovery codes of EMAIL, who lost both (for
    when no admin of their organisation can do it on the web)."""
    from surveybuilder.staff import second_factor

    with _changing_user(email) as (session, user):
        if second_factor.factor_of(session, user) is None:
            raise _fail(f"{email} has no second factor.")
        second_factor.remove(session, user)
        _record_for_their_organisations(session, "user.second_factor_removed", user)
    click.echo(f"Removed the second factor of {email}. They sign in with their password "
               f"and, where their organisation requires one, set up a new app.")


@main.command("import-survey")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "org_slug", required=True, help="The organisation that will own it.")
def import_survey(file: Path, org_slug: str) -> None:
    """Create a draft consultation from a survey definition file (JSON)."""
    from surveybuilder.consultations.snapshots import import_definition
    from surveybuilder.survey.loading import DefinitionError, load_definition_bytes
    from surveybuilder.survey.reading import FileProblem, read_file

    with _session() as session:
        try:
            definition = load_definition_bytes(read_file(file, _import_max_bytes()))
            import_definition(session, _organisation(session, org_slug), None, definition)
        except (DefinitionError, FileProblem) as exc:
            raise _fail(f"{file} was not imported. Fix these and try again:\n{exc}") from None
    click.echo(f"Imported '{definition.slug}' as a draft.")


def _import_max_bytes() -> int:
    return int(float(_app().config["IMPORT_FILE_MAX_MB"]) * 1_000_000)


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
              help="Publish even though the charter check fails or easy read is not ready, "
                   "for this reason (recorded in the audit log).")
def publish(slug: str, override_reason: str) -> None:
    """Freeze the current draft as a new version and open it to residents."""
    from surveybuilder.charter.checks import settings_from
    from surveybuilder.consultations.lifecycle import CharterOverrideNeeded, LifecycleError
    from surveybuilder.consultations.lifecycle import publish as publish_consultation

    app = _app()
    with _session() as session:
        try:
            version = publish_consultation(session, _consultation(session, slug), None,
                                           settings_from(app.config), override_reason,
                                           unready_easy_read_needs_reason=True)
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
    rate-limit records, old sign-in attempts, contact details left to hear back once
    used, old Excel downloads, printed forms and results PDFs no page sends, scanned
    images of forms stored long enough ago, written and personal answers kept past their
    consultation's retention period, and old finished jobs. Run it daily (cron
    or a timer)."""
    from datetime import date, timedelta

    from sqlalchemy import delete

    from surveybuilder.addresses import forget_old_salts
    from surveybuilder.feedback.hear_back import forget_used
    from surveybuilder.models import RateEvent, utcnow
    from surveybuilder.responses.journeys import forget_closed
    from surveybuilder.staff.signin import forget_old_attempts

    app = _app()
    with _session() as session:
        journeys = forget_closed(session, date.today())
        rates = session.exec(delete(RateEvent).where(
            RateEvent.at < utcnow() - timedelta(days=1))).rowcount
        forget_old_salts(session, _longest_address_window(app))
        attempts = forget_old_attempts(session, app.config["SIGNIN_WINDOW_MINUTES"],
                                       app.config["SIGNIN_ATTEMPTS_KEEP_DAYS"])
        contacts = forget_used(session, utcnow(), app.config["CONTACT_KEEP_DAYS"])
    click.echo(f"Deleted {journeys} unsent journeys, {rates} rate-limit records and "
               f"{attempts} sign-in records, and {contacts} contact details left to hear "
               f"back that were used more than CONTACT_KEEP_DAYS ago.")
    _tidy_staff_accounts(app)
    _tidy_retention(app)
    _tidy_jobs_and_files(app)


def _longest_address_window(app: Flask) -> int:
    """The longest window any limit counts addresses over, in minutes (the resume
    limits' are an hour at most), so tidy keeps every salt still in use."""
    return max(60, app.config["SUBMIT_RATE_WINDOW_MINUTES"],
               app.config["SIGNIN_WINDOW_MINUTES"])


@main.command(help="Copy the whole database into the file given by --output, "
              "consistently even while the server is running (SQLite's online backup; "
              "pg_dump on PostgreSQL). The file is readable by you only: it holds "
              f"residents' personal data. {WHAT_IS_KEPT}")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The new backup file. An existing file is not overwritten.")
def backup(output: Path) -> None:
    from surveybuilder.backups import BackupError, backup

    try:
        summary = backup(_app().extensions["db_engine"], output)
    except BackupError as exc:
        raise _fail(str(exc)) from None
    click.echo(f"Backed up {summary.rows} rows in {summary.tables} tables to {summary.path} "
               f"({summary.size:,} bytes). Keep it as safe as the database itself.")


@main.command(help="Put a backup made by `surveybuilder backup` into the configured "
              "database, then bring its schema up to date. A database that already holds "
              "data is only overwritten with --replace. Files kept in a folder or S3 "
              "bucket are not touched.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True,
              help="Overwrite the configured database even though it holds data.")
def restore(file: Path, replace: bool) -> None:
    from alembic.util import CommandError

    from surveybuilder.backups import BackupError, restore
    from surveybuilder.db import upgrade_to_head

    engine = _app().extensions["db_engine"]
    try:
        summary = restore(engine, file, replace)
        upgrade_to_head(engine)
    except BackupError as exc:
        raise _fail(str(exc)) from None
    except CommandError as exc:
        raise _fail(f"The backup was restored, but its schema could not be brought up to "
                    f"date ({exc}). Was it made by a newer version of Surveybuilder?"
                    ) from None
    click.echo(f"Restored {summary.rows} rows in {summary.tables} tables from {summary.path} "
               f"({summary.size:,} bytes) into {engine.url.render_as_string()}.")


def _tidy_staff_accounts(app: Flask) -> None:
    """Staff sessions and reset links are kept after they end only so an old cookie or
    link gets a plain message; after STAFF_SESSIONS_KEEP_DAYS they go."""
    from surveybuilder.models import utcnow
    from surveybuilder.staff.lifecycle import forget_old_resets
    from surveybuilder.staff.sessions import forget_ended

    before = utcnow() - timedelta(days=app.config["STAFF_SESSIONS_KEEP_DAYS"])
    with _session() as session:
        sessions = forget_ended(session, before)
        resets = forget_old_resets(session, before)
    click.echo(f"Deleted {sessions} staff sessions and {resets} password reset links "
               f"that ended more than STAFF_SESSIONS_KEEP_DAYS ago.")


def _tidy_retention(app: Flask) -> None:
    """Responses past their consultation's retention period keep only their choices
    (docs/residents-rights.md); each consultation's audit log says how many."""
    from surveybuilder.models import utcnow
    from surveybuilder.rights.erasure import checkpoint, thin_expired

    with _session() as session:
        thinned = thin_expired(session, app.extensions["file_store"], utcnow(),
                               app.config["RESPONSE_RETENTION_MONTHS"])
    with _session() as session:
        checkpoint(session)
    responses = sum(item.responses for item in thinned)
    answers = sum(item.answers for item in thinned)
    click.echo(f"Removed {answers} written or personal answers, and every other trace, from "
               f"{responses} responses kept longer than their consultation's retention "
               f"period (RESPONSE_RETENTION_MONTHS unless the consultation sets its own), "
               f"in {len(thinned)} consultations; their choices are kept.")


def _tidy_jobs_and_files(app: Flask) -> None:
    """Generated files no page sends any more, then finished jobs (decisions 10, 11)."""
    from surveybuilder.feedback.jobs import delete_replaced_editions
    from surveybuilder.jobs.tidying import delete_finished
    from surveybuilder.models import utcnow
    from surveybuilder.paper.scanned import delete_old_images
    from surveybuilder.printing.tidying import delete_old_forms
    from surveybuilder.results.jobs import delete_old_exports
    from surveybuilder.speaking.tidying import delete_old_recordings
    from surveybuilder.speaking.voice import Voice

    config, store, now = app.config, app.extensions["file_store"], utcnow()
    with _session() as session:
        exports = delete_old_exports(session, store, now, config["EXPORT_FILES_KEEP_HOURS"])
        forms = delete_old_forms(session, store, now,
                                 old_version_days=config["OLD_FORMS_KEEP_DAYS"],
                                 copies_days=config["NUMBERED_COPIES_KEEP_DAYS"])
        editions = delete_replaced_editions(session, store)
        recordings = delete_old_recordings(session, store, now,
                                           keep_days=config["OLD_FORMS_KEEP_DAYS"],
                                           voice=Voice.from_settings(config))
        scans = delete_old_images(session, store, now, config["SCAN_IMAGE_RETENTION_DAYS"])
        jobs = delete_finished(session, now, config["JOBS_KEEP_DAYS"])
    click.echo(f"Deleted {exports} Excel downloads made more than EXPORT_FILES_KEEP_HOURS "
               f"ago, {forms.old_versions} paper forms of versions no longer live, "
               f"{forms.numbered_copies} files of numbered copies older than "
               f"NUMBERED_COPIES_KEEP_DAYS, {editions} results PDFs replaced by a newer "
               f"edition, {recordings.files} recordings of questions no live version asks, "
               f"{scans} scanned images of forms stored more than SCAN_IMAGE_RETENTION_DAYS "
               f"ago, and {jobs} background jobs finished more than JOBS_KEEP_DAYS ago.")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Server processes; one per processor core is a good start.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Threads in each process.")
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Run the production web server (gunicorn, several processes)."""
    from surveybuilder.server import run

    app = _app()  # settings checked here, not in every worker
    app.extensions["db_engine"].dispose()
    click.echo(f"Surveybuilder on http://{host}:{port}/ with {workers} processes of "
               f"{threads} threads (stop with Ctrl+C)")
    run(create_app, host=host, port=port, workers=workers, threads=threads,
        access_log=app.config["ACCESS_LOG"])


@main.command()
@click.option("--concurrency", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Jobs run at once by this worker.")
def worker(concurrency: int) -> None:
    """Run background jobs (e-mails, printed forms) until stopped (SIGTERM or Ctrl+C)."""
    import logging

    from surveybuilder.jobs.workers import run_worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    app = _app()
    engine = app.extensions["db_engine"]
    click.echo(f"Running background jobs, {concurrency} at a time (stop with Ctrl+C)")
    run_worker(engine, app.config, concurrency)


@main.group()
def jobs() -> None:
    """Background jobs: run the waiting ones by hand."""


@jobs.command("run-waiting")
def jobs_run_waiting() -> None:
    """Run every job that is due now, one after another, then stop."""
    from surveybuilder.jobs import run_waiting

    app = _app()
    counts = run_waiting(app.extensions["db_engine"], app.config)
    click.echo(", ".join(f"{count} {outcome}" for outcome, count in counts.items()))


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
    _write_between(readme, "settings", table)
    click.echo(f"Updated the settings table in {readme}.")


@main.command("data-protection")
@click.option("--document", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Rewrite the table between the data-protection markers in this file "
                   "(docs/data-protection.md) instead.")
def data_protection_command(document: Path | None) -> None:
    """Print the inventory of personal data the application holds (where, what, why, how
    long, who sees it, how it goes) as a Markdown table, drawn from
    surveybuilder/data_protection.py: the table in docs/data-protection.md."""
    from surveybuilder.data_protection import markdown_table

    if document is None:
        click.echo(markdown_table())
        return
    _write_between(document, "data-protection", markdown_table())
    click.echo(f"Updated the personal data table in {document}.")


def _write_between(document: Path, marker: str, table: str) -> None:
    """Put `table` between the `<!-- marker:start -->` and `:end` lines of a generated
    section, leaving the rest of the document as written."""
    text = document.read_text(encoding="utf-8")
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    if start not in text or end not in text:
        raise _fail(f"{document} has no {start} … {end} markers to write between.")
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    document.write_text(f"{before}{start}\n{table}\n{end}{after}", encoding="utf-8")


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


@main.command("import-responses")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "file_format", type=click.Choice(["csv", "xlsx", "json"]),
              help="The file's format; by default, from the file name's ending.")
def import_responses_command(slug: str, file: Path, file_format: str | None) -> None:
    """Import responses gathered elsewhere (see docs/importing-responses.md). Each row is
    checked on its own; a rejected row stores nothing and is reported with its number
    and why. Exits with status 1 if any row was rejected."""
    from surveybuilder.paper.importing import (
        ImportFileError,
        file_format_of,
        import_responses,
        read_file_rows,
    )
    from surveybuilder.survey.answers import Limits
    from surveybuilder.survey.reading import FileProblem, read_file

    limits = Limits(long_text_max=_app().config["LONG_TEXT_MAX"])
    with _session() as session:
        try:
            rows = read_file_rows(read_file(file, _import_max_bytes()),
                                  file_format_of(file.name, file_format))
            report = import_responses(session, _consultation(session, slug), rows, limits)
        except (ImportFileError, FileProblem) as exc:
            raise _fail(f"Nothing was imported from {file}: {exc}") from None
    click.echo("\n".join(report.lines()))
    if report.rejected:
        sys.exit(1)


# --- feedback ---

def _published_feedback(session: Session, consultation: Consultation):
    from surveybuilder.feedback.decisions import published_feedback

    feedback = published_feedback(session, consultation)
    if feedback is None:
        raise _fail(f"The results of '{consultation.slug}' are not published yet. Write "
                    "and publish them on the consultation's Feedback tab first.")
    return feedback


def _result_links(app: Flask, slug: str):
    """The results' public addresses, made from the PUBLIC_URL setting, since a command
    has no web address of its own."""
    from surveybuilder.web_formats import result_links

    base = app.config["PUBLIC_URL"]
    if not base:
        raise _fail("Set SURVEYBUILDER_PUBLIC_URL to the site's public address (like "
                    "https://haveyoursay.example.gov.uk), so messages can link to it.")
    with app.test_request_context("/", base_url=base):
        return result_links(slug)


@main.command("publish-results")
@click.argument("slug")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to make the folder. Default: the EXPORTS_DIR setting.")
def publish_results_command(slug: str, output_dir: Path | None) -> None:
    """Write the published "You said, we did" as a folder to upload to any website:
    three HTML pages, their PDFs, the figures as open data (CSV) and a JSON file; the
    pages and PDFs again in each language the survey is offered in."""
    from flask import render_template

    from surveybuilder.feedback.document import build_in_languages
    from surveybuilder.feedback.publication import write_folder

    app = _app()
    folder = (output_dir or Path(app.config["EXPORTS_DIR"])) / f"{slug}-results"
    with _session() as session, app.app_context():
        consultation = _consultation(session, slug)
        doc, *translated = build_in_languages(
            session, consultation, _published_feedback(session, consultation),
            app.config["SUPPRESSION_THRESHOLD"], app.extensions["file_store"])
        written = write_folder(folder, doc, render_template, translated)
    click.echo(f"Wrote {len(written)} files to {folder}:")
    for path in written:
        click.echo(f"  {path.name}")


@main.command("send-results-emails")
@click.argument("slug")
def send_results_emails_command(slug: str) -> None:
    """E-mail the residents who asked to hear back, with links to the results in all
    three formats (needs the SMTP_* settings and PUBLIC_URL)."""
    from surveybuilder.feedback.hear_back import RESULTS_EMAIL, HearBackError, send_emails
    from surveybuilder.jobs import Outcome, run_waiting
    from surveybuilder.mail import smtp_settings

    app = _app()
    with _session() as session:
        consultation = _consultation(session, slug)
        feedback = _published_feedback(session, consultation)
        try:
            queued = send_emails(session, consultation, feedback, _result_links(app, slug),
                                 smtp_settings(app.config))
        except HearBackError as exc:
            raise _fail(f"No e-mails sent: {exc}") from None
    sent = run_waiting(app.extensions["db_engine"], app.config, kind=RESULTS_EMAIL)
    left = queued - sent[Outcome.DONE]
    click.echo(f"Sent {sent[Outcome.DONE]} e-mails about the results of {slug}."
               + (f" {left} could not be sent yet: background jobs will try again "
                  "(see /staff/jobs)." if left > 0 else ""))


@main.command("hear-back-letters")
@click.argument("slug")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
def hear_back_letters_command(slug: str, output: Path | None) -> None:
    """List (CSV) the residents who left a postal address to hear back, for letters."""
    from surveybuilder.feedback.hear_back import letters_csv

    app = _app()
    with _session() as session:
        consultation = _consultation(session, slug)
        text = letters_csv(session, consultation, _published_feedback(session, consultation),
                           _result_links(app, slug))
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@main.command("read-scans")
@click.argument("slug")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--batch", default="", help="A name for the batch, like \"Day centre, March\".")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report, per page and per question, to this JSON file.")
def read_scans_command(slug: str, files: tuple[Path, ...], batch: str,
                       report_path: Path | None) -> None:
    """Read scanned paper forms (PDF, TIFF, PNG or JPEG) of a consultation and report
    what each page and question says and what a person must check. Nothing is stored
    as a response: a person confirms each form (docs/scanning.md)."""
    from surveybuilder.scanning.reading import Settings, read_batch, stored_sources

    app = _app()
    settings = Settings.from_settings(app.config)
    with _session() as session:
        consultation = _consultation(session, slug)
        sources = stored_sources(session, app.extensions["file_store"], consultation)
        report = read_batch(((path.name, path.read_bytes()) for path in files), slug,
                            sources, settings, batch)
    if report_path:
        report_path.write_text(json.dumps(report.as_json(), indent=2, default=str) + "\n",
                               encoding="utf-8")
    for problem in report.files:
        click.echo(f"Not read: {problem['reason']}", err=True)
    counts = report.counts()
    click.echo(f"Read {len(report.pages)} pages: " + ", ".join(
        f"{counts[status]} {status}" for status in sorted(counts)) + ".")
    checking = sum(1 for copy in report.copies if copy.needs_person)
    click.echo(f"{len(report.copies)} forms, {checking} of them with something for a person "
               f"to check or type." + (f" Report written to {report_path}." if report_path
                                       else ""))


@main.command("render")
@click.argument("slug")
@click.option("--format", "format_slug", required=True,
              type=click.Choice([f.slug for f in FORMATS]),
              help="Which paper form to draw.")
@click.option("--size", type=click.Choice([str(s) for s in LARGE_PRINT.print_sizes_pt]),
              help=f"Text size in points, for large print only (default "
                   f"{LARGE_PRINT.print_pt}).")
@click.option("--copies", default=0, show_default=True, type=click.IntRange(min=0),
              help="Number the copies 1 to N in one file; 0 draws one unnumbered form.")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF file to write.")
@click.option("--layout", "layout_output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the layout file (JSON: where every answer box is).")
def render_command(slug: str, format_slug: str, size: str | None, copies: int, output: Path,
                   layout_output: Path | None) -> None:
    """Draw the live version's paper form as a PDF (cached once per version and format)."""
    from surveybuilder.printing.cache import printed_form
    from surveybuilder.printing.formats import UnknownPrintFormat, print_format

    try:
        chosen = print_format(format_slug, int(size) if size else None)
    except UnknownPrintFormat as exc:
        raise _fail(str(exc)) from None
    app = _app()
    store = app.extensions["file_store"]
    with _session() as session, click.progressbar(
            length=max(copies, 1), label=f"Drawing {chosen.label.lower()} copies",
            file=sys.stderr) as bar:
        found = printed_form(session, store, _consultation(session, slug),
                             chosen, copies,
                             progress=lambda done, _total: bar.update(done - bar.pos))
        bar.update(bar.length - bar.pos)
    if found is None:
        raise _fail(f"'{slug}' has no published version to print yet. Publish it first.")
    output.write_bytes(store.get(found.key.pdf_key))
    if layout_output:
        layout_output.write_bytes(store.get(found.key.layout_key))
    how = "drew" if found.drawn_now else "used the saved copy of"
    click.echo(f"Wrote {output} ({how} version {found.key.version}, "
               f"{chosen.label.lower()}{f', {copies} numbered copies' if copies else ''}).")


@main.command("audio")
@click.argument("slug")
@click.option("--output-dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write into (a CD's or USB stick's folder).")
@click.option("--format", "format_slug", type=click.Choice([f.slug for f in FORMATS]),
              help="Only this format (default: every format, a folder each).")
def audio_command(slug: str, output_dir: Path, format_slug: str | None) -> None:
    """Write the live version's questions read aloud (WAV files, a playlist and a
    README.txt with their words) for a CD or USB stick. Recordings not made yet are
    made now."""
    from surveybuilder.consultations import lifecycle
    from surveybuilder.formats import from_slug
    from surveybuilder.speaking.folder import write_folder
    from surveybuilder.speaking.jobs import processes_setting, record_missing
    from surveybuilder.speaking.voice import SpeechError, Voice
    from surveybuilder.survey.loading import load_definition

    app = _app()
    store, voice = app.extensions["file_store"], Voice.from_settings(app.config)
    with _session() as session:
        consultation = _consultation(session, slug)
        version = lifecycle.live_version(session, consultation)
        if version is None:
            raise _fail(f"'{slug}' has no published version to read aloud yet. Publish it "
                        f"first.")
        consultation_id, number = consultation.id, version.number
        definition = load_definition(version.definition)
    try:
        made = record_missing(store, consultation_id, definition, voice,
                              processes_setting(app.config))
    except SpeechError as exc:
        raise _fail(str(exc)) from None
    if made.made:
        click.echo(f"{made.made} recordings were not ready yet, so they were made now.")
    chosen = [from_slug(format_slug)] if format_slug else list(FORMATS)
    written = write_folder(store, consultation_id, definition, number, voice, chosen,
                           output_dir)
    click.echo(f"Wrote {len(written)} recordings of version {number} to {output_dir}, "
               f"with a playlist in each folder and README.txt listing them in order.")


@main.command("export")
@click.argument("slug")
@click.option("--format", "export_format", type=click.Choice(["csv", "xlsx", "json"]),
              required=True, help="CSV (one row per response), Excel (responses, a sheet "
                                  "per question, the codebook) or JSON (responses and summary).")
@click.option("--anonymised", is_flag=True,
              help="Leave out every question marked as personal data.")
@click.option("--codes", is_flag=True,
              help="CSV only: answers as option keys headed by question keys, not words.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write.")
def export_command(slug: str, export_format: str, anonymised: bool, codes: bool,
                   output: Path) -> None:
    """Write every response to a file, a batch at a time (see docs/exports.md)."""
    from surveybuilder.results import counting, exports

    with _session() as session:
        consultation = _consultation(session, slug)
        if export_format == "xlsx":
            exports.write_xlsx(session, consultation, output,
                               counting.summarise(session, consultation), anonymised)
        else:
            leave_out = exports.personal_keys(counting.live_definition(
                session, consultation)) if anonymised else frozenset()
            pieces = (exports.responses_csv(session, consultation, anonymised, codes)
                      if export_format == "csv" else exports.responses_json(
                          session, consultation, leave_out,
                          counting.summarise(session, consultation)))
            with output.open("w", encoding="utf-8", newline="") as target:
                for piece in pieces:
                    target.write(piece)
    click.echo(f"Wrote {output}.")


@main.command("results")
@click.argument("slug")
@click.option("--format", "results_format", type=click.Choice(["json", "text"]),
              default="text", show_default=True)
@click.option("--published", is_flag=True,
              help="Hide small numbers, as in anything published (SUPPRESSION_THRESHOLD or "
                   "the organisation's own).")
def results_command(slug: str, results_format: str, published: bool) -> None:
    """Print the summary of every question: counts, percentages, medians."""
    from surveybuilder.models import Organisation
    from surveybuilder.results import counting, exports, suppression

    app = _app()
    with _session() as session:
        consultation = _consultation(session, slug)
        summary = counting.summarise(session, consultation)
        if published:
            threshold = suppression.threshold_for(
                session.get(Organisation, consultation.organisation_id),
                app.config["SUPPRESSION_THRESHOLD"])
            summary = suppression.publishable(summary, threshold)
        if results_format == "json":
            click.echo(json.dumps(exports.summary_json(summary), indent=2, ensure_ascii=False))
        else:
            click.echo(exports.summary_text(summary), nl=False)


@main.group()
def translations() -> None:
    """The catalogues of the application's own words in each language (docs/translations.md)."""


@translations.command("check")
@click.option("--directory", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Check the catalogues in this folder (<locale>/LC_MESSAGES/"
                                 "messages.po) instead of the shipped ones.")
@click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Check against this .pot instead of the strings the code "
                                 "marks now.")
def translations_check(directory: Path | None, template: Path | None) -> None:
    """List every gap in every shipped catalogue; fail when any is incomplete."""
    from surveybuilder import catalogues, wording

    if template is None and not catalogues.MAPPING.exists():
        raise _fail(f"There is no {catalogues.MAPPING} to find the marked strings with: run "
                    "this in a source checkout, or pass --template messages.pot.")
    overview = catalogues.check_all(
        directory or wording.DIRECTORY,
        catalogues.read_template(template) if template else None)
    for report in overview.reports:
        state = "complete" if report.complete else f"{len(report.problems)} problems"
        click.echo(f"{report.locale}: {state}, {report.entries} entries. Translated by: "
                   f"{report.translated_by}. Reviewed by a native speaker: {report.reviewed}.")
        for problem in report.problems:
            click.echo(f"  {problem.line()}")
    for locale in overview.without_catalogue:
        click.echo(f"{locale}: no catalogue: residents see English.")
    if not overview.complete:
        incomplete = ", ".join(r.locale for r in overview.reports if not r.complete)
        raise click.ClickException(f"Incomplete catalogues: {incomplete}. Translate the "
                                   "entries listed above (docs/translations.md).")


@translations.command("export")
@click.argument("slug")
@click.argument("language")
@click.option("--format", "kind", type=click.Choice(["xliff", "xlsx"]), default="xliff",
              show_default=True, help="XLIFF 2.0 for translation tools, or an Excel workbook.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (default: <slug>-<language>.xlf or .xlsx here).")
def translations_export(slug: str, language: str, kind: str, output: Path | None) -> None:
    """Write a draft's texts for translators into LANGUAGE (docs/translator-files.md)."""
    from surveybuilder.consultations import translating

    with _session() as session:
        consultation = _offered(session, slug, language)
        made = translating.translator_file(session, consultation, None, language, kind)
    target = output or Path(made.name)
    target.write_bytes(made.content)
    click.echo(f"Wrote {target}.")


@translations.command("import")
@click.argument("slug")
@click.argument("language")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def translations_import(slug: str, language: str, file: Path) -> None:
    """Keep the translations in a translator's FILE (XLIFF or XLSX) in the draft: all of
    them, or none when the file has any problem (each is listed)."""
    from surveybuilder.consultations import translating

    limit = int(float(_app().config["TRANSLATION_FILE_MAX_MB"]) * 1_000_000)
    with _session() as session:
        consultation = _offered(session, slug, language)
        reading = translating.import_file(session, consultation, None, language,
                                          file.read_bytes(), limit)
    if reading.problems:
        listed = "\n".join(f"  {problem}" for problem in reading.problems)
        raise _fail(f"Nothing was imported from {file}. Fix these and try again:\n{listed}")
    click.echo(f"Imported {len(reading.texts)} texts from {file}; "
               f"{reading.needs_updating} need updating (their English has changed).")


def _offered(session: Session, slug: str, language: str) -> Consultation:
    consultation = _consultation(session, slug)
    if language not in consultation.languages:
        offered = ", ".join(consultation.languages) or "none besides English"
        raise _fail(f"'{slug}' is not offered in '{language}' (offered: {offered}). Tick the "
                    "language on its details page first.")
    return consultation
