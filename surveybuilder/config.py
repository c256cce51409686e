"""Every setting in one table: its environment variable, safe default and meaning.

The table feeds the app, the README's configuration section and a test that fails
when a setting is undocumented, so the three can never drift apart.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env_var(self) -> str:
        return f"SURVEYBUILDER_{self.name}"


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _words_per_minute(value: str) -> int:
    rate = int(value)
    if not 80 <= rate <= 450:
        raise ValueError("use a number of words a minute from 80 to 450")
    return rate


def _host_list(value: str) -> list[str] | None:
    hosts = [host.strip() for host in value.split(",") if host.strip()]
    return hosts or None


def _group_roles(value: str) -> tuple[tuple[str, str, str], ...]:
    """`group=organisation-slug:role` pairs, separated by `;` or new lines."""
    mapped = []
    for item in re.split(r"[;\n]", value):
        if not item.strip():
            continue
        group, equals, target = item.strip().rpartition("=")
        slug, colon, role = target.partition(":")
        if not (equals and colon and group.strip() and slug.strip() and role.strip()):
            raise ValueError(f"write each as group=organisation-slug:role, not {item.strip()!r}")
        mapped.append((group.strip(), slug.strip(), role.strip().lower()))
    return tuple(mapped)


def _retention_months(value: str) -> int:
    months = int(value)
    if not 1 <= months <= 120:
        raise ValueError("use a number of months from 1 to 120")
    return months


def _warning_minutes(value: str) -> float:
    minutes = float(value)
    if not 0.5 <= minutes <= 10:
        raise ValueError("use a number of minutes from 0.5 to 10")
    return minutes


def _jobs_mode(value: str) -> str:
    mode = value.strip().lower()
    if mode not in {"auto", "in-process", "worker", "held"}:
        raise ValueError("use auto, in-process, worker or held")
    return mode


SETTINGS: tuple[Setting, ...] = (
    Setting("ENV", "development",
            "`production` or `development`. Production refuses to start without SECRET_KEY "
            "and always sends cookies over HTTPS only."),
    Setting("SECRET_KEY", None,
            "Signs sessions and CSRF tokens. Required in production; development makes a "
            "random one per start."),
    Setting("DATABASE_URL", None,
            "SQLAlchemy URL. Default: SQLite file `instance/surveybuilder.sqlite3`. "
            "PostgreSQL: `postgresql+psycopg://user:password@host:5432/dbname`."),
    Setting("SQLITE_BUSY_TIMEOUT_MS", 5000,
            "How long a SQLite writer waits for a lock before giving up.", int),
    Setting("DATABASE_PING_AFTER_IDLE_SECONDS", 10.0,
            "PostgreSQL: a pooled connection idle this long is checked before use and "
            "replaced if the server has closed it. Busy connections are not checked, "
            "saving a round trip per request. 0 checks every time.", float),
    Setting("DATABASE_POOL_SIZE", 5,
            "PostgreSQL: connections each server or worker process keeps open. With "
            "`serve --threads N`, N is enough. Their total over every process must stay "
            "under PostgreSQL's max_connections (100 by default) or go through PgBouncer: "
            "see docs/capacity.md.", int),
    Setting("DATABASE_MAX_OVERFLOW", 10,
            "PostgreSQL: extra connections a process may open for a moment when all of its "
            "pool is busy (closed again when returned). 0 never goes past the pool.", int),
    Setting("SQL_COUNT_DIR", "",
            "For benchmarks only: a folder where each server process keeps a count of the "
            "SQL statements it has sent (benchmarks/respond_throughput.py reads them). "
            "Empty (the default) counts nothing.", str),
    Setting("SIGNIN_MAX_FAILURES", 10,
            "Failed sign-ins allowed for one account from one address within "
            "SIGNIN_WINDOW_MINUTES before further attempts from that address to that "
            "account are refused. The same person from another address is not refused.",
            int),
    Setting("SIGNIN_WINDOW_MINUTES", 15,
            "The window over which failed sign-ins are counted per account and address, "
            "and per address; the address's salted hash is kept no longer than twice "
            "this.", int),
    Setting("SIGNIN_ADDRESS_MAX_FAILURES", 100,
            "Failed sign-ins allowed from one address, to any accounts, within "
            "SIGNIN_WINDOW_MINUTES before that address is refused. High enough for a "
            "council office or day centre where many people share one address; 0 "
            "switches it off.", int),
    Setting("SIGNIN_ACCOUNT_MAX_FAILURES", 30,
            "Failed sign-ins to one account, from any addresses, within "
            "SIGNIN_ACCOUNT_WINDOW_MINUTES after which that account is slowed (one try "
            "each SIGNIN_ACCOUNT_SLOW_SECONDS), never locked, so guessing from many "
            "addresses gets nowhere and the right person can still sign in. 0 switches "
            "it off.", int),
    Setting("SIGNIN_ACCOUNT_WINDOW_MINUTES", 24 * 60,
            "The window over which SIGNIN_ACCOUNT_MAX_FAILURES counts. A successful "
            "second factor starts the count again.", int),
    Setting("SIGNIN_ACCOUNT_SLOW_SECONDS", 60,
            "Once an account is slowed, the shortest time between two tries at it.", int),
    Setting("MAX_CONTENT_LENGTH", 2_000_000,
            "Largest request body accepted, in bytes (a survey definition upload included). "
            "Larger requests get a clear 'too large' page.", int),
    Setting("IMPORT_FILE_MAX_MB", 20,
            "Largest file `surveybuilder import-survey` or `import-responses` reads, or the "
            "Paper tab's import of responses accepts, in megabytes; a larger file is "
            "refused before it is read and nothing is imported. (Uploads on the editor's "
            "survey definition import page are limited by MAX_CONTENT_LENGTH.)", float),
    Setting("LONG_TEXT_MAX", 5000,
            "Longest answer accepted in a long-text box, in characters, unless a question "
            "sets its own max_length.", int),
    Setting("CHARTER_MIN_OPEN_DAYS", 14,
            "The charter check fails a consultation open for fewer days than this.", int),
    Setting("CHARTER_GOOD_OPEN_DAYS", 42,
            "The charter check warns when a consultation is open for fewer days than this.",
            int),
    Setting("CHARTER_STATUTORY_OPEN_DAYS", 84,
            "The charter check warns when a statutory consultation is open for fewer days "
            "than this.", int),
    Setting("SUBMIT_RATE_LIMIT", 300,
            "Responses accepted from one address within SUBMIT_RATE_WINDOW_MINUTES. Set high "
            "enough for a day centre or library kiosk where many people answer on one "
            "connection; 0 switches the limit off. Addresses are kept only as keyed hashes, "
            "and only for the window.", int),
    Setting("SUBMIT_RATE_WINDOW_MINUTES", 60,
            "The window over which SUBMIT_RATE_LIMIT counts.", int),
    Setting("RESUME_LOOKUP_LIMIT", 20,
            "Resume-code look-ups allowed from one address within 15 minutes, so codes cannot "
            "be guessed by trying many.", int),
    Setting("RESUME_EMAIL_LIMIT", 30,
            "E-mails of a resume link (\"send the link to yourself\") allowed from one address "
            "within an hour. High enough for a day centre helping many people on one "
            "connection; 0 means no limit.", int),
    Setting("RESPONSE_RETENTION_MONTHS", 24,
            "How long residents' answers are kept, in months after each was sent, for a "
            "consultation that does not set its own period (editors can set one from 1 to "
            "120 months on its details page). Residents are told it in the privacy notice; "
            "`surveybuilder tidy` then deletes every written answer, every answer to a "
            "question marked personal data, and the saved journey, paper keying, scans "
            "and translations of the response, keeping only its choices and theme coding "
            "(docs/residents-rights.md). The charter check warns about a longer period.",
            _retention_months),
    Setting("SIGNIN_ATTEMPTS_KEEP_DAYS", 30,
            "`surveybuilder tidy` deletes records of sign-in attempts (a keyed hash of the "
            "e-mail typed, whether it worked, when; never the address) older than this. "
            "Keep it at least SIGNIN_ACCOUNT_WINDOW_MINUTES.", int),
    Setting("SESSION_HOURS", 8,
            "The longest a staff sign-in lasts, however busy (the absolute time-out): a "
            "working day, within the 12 hours NIST SP 800-63B allows. Then they sign in "
            "again.", int),
    Setting("STAFF_IDLE_MINUTES", 30,
            "A staff sign-in unused for this long ends (the idle time-out), so a screen "
            "left unlocked does not stay signed in: NIST SP 800-63B's 30 minutes, about "
            "twice the 15-minute screen lock most councils set. A form sent after it has "
            "passed is not saved; set it longer if staff lose work. Staff pages warn "
            "STAFF_TIMEOUT_WARNING_MINUTES before it and offer to stay signed in (with "
            "JavaScript). A fraction of a minute is allowed, for tests.", float),
    Setting("STAFF_TIMEOUT_WARNING_MINUTES", 2,
            "How long before the idle time-out a staff page opens a dialog saying \"You "
            "will be signed out in 2 minutes\", with \"Stay signed in\" and \"Sign out\" "
            "buttons (WCAG 2.2.1 Timing Adjustable): from 0.5 to 10 minutes, as WCAG asks "
            "for at least 20 seconds to answer. Needs JavaScript; without it the page "
            "works as before and the time-out comes without a warning.",
            _warning_minutes),
    Setting("PASSWORD_RESET_MINUTES", 60,
            "How long a password reset link an admin issues can be used (once). Long "
            "enough to reach a phone or inbox; short, because whoever has the link can "
            "set the password.", int),
    Setting("STAFF_SESSIONS_KEEP_DAYS", 30,
            "`surveybuilder tidy` deletes staff sessions that ended, or were last used, "
            "this many days ago, and reset links used or expired as long ago (their times "
            "and ids' hashes only; who did what stays in the audit log).", int),
    Setting("EXPORTS_DIR", "exports",
            "Default folder for generated files.", str),
    Setting("STORAGE_URL", None,
            "Where generated files (printed forms, published results) are kept, so that "
            "every web server and worker can send them. Unset: the EXPORTS_DIR folder on "
            "SQLite, the database on PostgreSQL. Or `folder`, `file:///a/folder`, "
            "`database`, or `s3://bucket/prefix?endpoint=https://host&region=eu-west-2` for "
            "an S3-compatible store (credentials from AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY). See docs/decisions/0011-files-every-server-can-see.md."),
    Setting("EXPORT_FILES_KEEP_HOURS", 24,
            "`surveybuilder tidy` deletes a staff Excel download of the responses (a full one "
            "holds residents' personal data) this many hours after it was made; its page "
            "then says so and offers to make a new one.", float),
    Setting("TEMPLATES_DIR", None,
            "Folder of charter-aligned consultation templates (YAML). Default: the "
            "`templates/` folder of the source checkout. Adding a file there adds a "
            "template."),
    Setting("HSTS_SECONDS", 31_536_000,
            "How long browsers are told to use only HTTPS for the site "
            "(Strict-Transport-Security), sent on every HTTPS response. Behind a proxy "
            "that ends TLS, set TRUSTED_PROXY_COUNT so the app sees the request was HTTPS. "
            "0 sends no header.", int),
    Setting("SECURITY_CONTACT", None,
            "Where to report a vulnerability, served as `/.well-known/security.txt` "
            "(RFC 9116): an e-mail address or an https address. Unset: no security.txt.",
            str),
    Setting("ACCESS_LOG", False,
            "`surveybuilder serve` writes a line per request to standard output. Journey "
            "tokens and resume codes are replaced by `[redacted]` in it and in error logs.",
            _bool),
    Setting("TRUSTED_PROXY_COUNT", 0,
            "Number of reverse proxies in front of the app whose X-Forwarded-For to trust "
            "when working out a client's address for throttling.", int),
    Setting("SUPPRESSION_THRESHOLD", 5,
            "Counts from 1 up to one less than this are hidden (\"fewer than 5\") in anything "
            "published or exported for the public, with the further counts that would give "
            "them away. An organisation's admin can set a higher or lower value for their "
            "own consultations.", int),
    Setting("COMMENTS_PAGE_SIZE", 25,
            "Comments shown on one page when reading and tagging free-text answers.", int),
    Setting("AUDIT_PAGE_SIZE", 50,
            "Events shown on one page of the organisation's audit log.", int),
    Setting("SECOND_CODER_SAMPLE", 40,
            "How many comments a second coder codes blind to measure agreement (Cohen's "
            "kappa) with the first coding.", int),
    Setting("SUGGESTED_THEMES", 12,
            "How many frequent key phrases are offered as suggested themes.", int),
    # --- second factor and single sign-on (docs/security.md) ---
    Setting("SECOND_FACTOR_MAX_FAILURES", 5,
            "Wrong codes from an authenticator app (or wrong recovery codes) in a row before "
            "codes for that account are refused for SECOND_FACTOR_LOCK_MINUTES, so six "
            "digits cannot be guessed by trying them all. A right code starts the count "
            "again.", int),
    Setting("SECOND_FACTOR_LOCK_MINUTES", 15,
            "How long codes are refused after SECOND_FACTOR_MAX_FAILURES wrong ones.", int),
    Setting("SECOND_FACTOR_WAIT_MINUTES", 10,
            "How long after the right password someone has to type their code (or set up "
            "their app, where their organisation requires it) before they must sign in "
            "again.", int),
    Setting("OIDC_DISCOVERY_URL", None,
            "Single sign-on through OpenID Connect: the provider's discovery document, like "
            "`https://login.microsoftonline.com/<tenant id>/v2.0/.well-known/"
            "openid-configuration` for Microsoft Entra ID (use your tenant's id, not "
            "`common`). Unset: no single sign-on. Needs OIDC_CLIENT_ID and "
            "OIDC_CLIENT_SECRET; the provider must allow `<PUBLIC_URL>/sign-in/sso/return` "
            "as a redirect address."),
    Setting("OIDC_CLIENT_ID", None,
            "The application (client) id the provider gave this site."),
    Setting("OIDC_CLIENT_SECRET", None,
            "The client secret the provider gave this site. Keep it out of version control."),
    Setting("OIDC_PROVIDER_NAME", "Microsoft",
            "Shown on the sign-in page's button: \"Sign in with Microsoft\"."),
    Setting("OIDC_GROUP_CLAIM", "groups",
            "The ID token claim listing the person's groups (Entra ID: `groups`, which holds "
            "group object ids, or `roles` for app roles)."),
    Setting("OIDC_GROUP_ROLES", None,
            "Which of the provider's groups give which role in which organisation: "
            "`group=organisation-slug:role` pairs separated by `;`, like "
            "`6f1c…=sandwell-council:editor;9a2b…=sandwell-council:admin`. Roles: admin, "
            "editor, analyst, viewer. Staff are matched by e-mail address; someone with no "
            "account is refused unless a group here gives them a role, when their account "
            "is made with it. A mapped group also sets the role of someone who has an "
            "account (the most powerful one wins); roles given by hand are not taken away.",
            _group_roles),
    # --- feedback ---
    Setting("PUBLIC_URL", None,
            "The site's public address, like `https://haveyoursay.example.gov.uk`. Every "
            "link in an e-mail or letter is built from it, never from the address a request "
            "arrived on (a forged Host header would otherwise put a stranger's site in a "
            "council e-mail). No e-mail is sent without it, and production with SMTP_HOST "
            "set will not start without it. Development defaults to "
            "`http://127.0.0.1:5000`, where `surveybuilder serve` listens."),
    Setting("TRUSTED_HOSTS", None,
            "Comma-separated host names the site answers to, like "
            "`haveyoursay.example.gov.uk` (`.example.gov.uk` allows its subdomains). A "
            "request naming any other host gets a 400. Unset: any host is answered.",
            _host_list),
    Setting("SMTP_HOST", None,
            "Mail server for telling residents who asked to hear back that results are "
            "published. Unset: no e-mail is sent."),
    Setting("SMTP_PORT", 587, "The mail server's port.", int),
    Setting("SMTP_USER", None, "User name for the mail server, if it needs one."),
    Setting("SMTP_PASSWORD", None, "Password for the mail server, if it needs one."),
    Setting("SMTP_STARTTLS", True,
            "Encrypt the connection to the mail server with STARTTLS. Switch off only for a "
            "server on the same machine.", _bool),
    Setting("SMTP_FROM", None,
            "The address e-mails to residents come from, like `consultations@example.gov.uk`."),
    Setting("CONTACT_KEEP_DAYS", 30,
            "`surveybuilder tidy` deletes the contact details residents left to hear back "
            "this many days after they were used (e-mailed, or exported for letters).", int),
    Setting("TRANSLATION_FILE_MAX_MB", 5,
            "Largest translator's file (XLIFF or XLSX) the Translations page accepts, in "
            "megabytes; a workbook may unpack to at most 20 times this. A larger file is "
            "refused and nothing in it is imported.", float),
    # --- an organisation's own look (docs/decisions/0020) ---
    Setting("BRAND_LOGO_MAX_KB", 500,
            "Largest logo file (PNG or SVG) an admin may upload on \"Your organisation's "
            "look\", in kilobytes. A larger file is refused with this size in the message.",
            float),
    Setting("BRAND_LOGO_MAX_PX", 600,
            "A PNG logo is scaled down (never up) so its longest side is at most this many "
            "pixels, and kept as a new PNG; pages show it at most 48 px high.", int),
    Setting("BRAND_CACHE_SECONDS", 60,
            "How long each server process keeps an organisation's look before reading it "
            "again, so residents' pages need no extra query; a change shows within this "
            "time.", float),
    # --- reading scanned forms (docs/scanning.md) ---
    Setting("SCAN_MAX_FILE_MB", 200,
            "Largest scanned file `surveybuilder read-scans` or the Paper tab's upload "
            "reads (PDF, TIFF, PNG or JPEG), in megabytes.", float),
    Setting("SCAN_MAX_PAGES", 1000,
            "Most pages read in one batch of scanned files.", int),
    Setting("SCAN_PDF_DPI", 200,
            "Dots per inch a scanned PDF's pages are drawn at to be read (200 is enough "
            "for every format; more only costs time).", int),
    Setting("SCAN_EMPTY_STROKES", 0.03,
            "A tick box is read as empty only when its ink is at most this many thin pen "
            "lines across it (and its faint ink at most three times that; on a black and "
            "white scan, only a box with no dot at all); more, and less than "
            "SCAN_TICKED_STROKES, goes to a person.", float),
    Setting("SCAN_TICKED_STROKES", 1.0,
            "A tick box is read as ticked when its pen ink is at least this many thin "
            "(0.3 mm) lines across it: a tick or a cross is one or two.", float),
    Setting("SCAN_TICKED_MOST_PERCENT", 72,
            "A tick or cross covers at most this share of a box; more and the box may be "
            "filled in, so a person looks.", float),
    Setting("SCAN_FILLED_LEAST_PERCENT", 80,
            "A box dark over at least this share is filled in: a changed mind, read as "
            "not chosen.", float),
    Setting("SCAN_IMAGE_RETENTION_DAYS", 90,
            "Scanned pages are personal data: `surveybuilder tidy` deletes a scanned form's "
            "cut-out boxes this many days after it is stored as a response, and a batch's "
            "page images this many days after its last form is stored.", int),
    # --- consultation documents (consultations/documents.py) ---
    Setting("DOCUMENT_MAX_MB", 20,
            "Largest document staff may attach for people to read (a proposal, a map, a "
            "plan: PDF, PNG, JPEG, DOCX or ODT), and largest easy-read version of one, in "
            "megabytes. A larger file is refused with this size in the message.", float),
    # --- printing ---
    Setting("PRINT_MAX_COPIES", 500,
            "Most numbered copies of a paper form drawn in one file (the editor's Print "
            "page; `surveybuilder render --copies` is not limited).", int),
    Setting("NUMBERED_COPIES_KEEP_DAYS", 7,
            "`surveybuilder tidy` deletes numbered copies of a paper form this many days "
            "after they were drawn (their page draws them again if asked).", float),
    Setting("OLD_FORMS_KEEP_DAYS", 1,
            "`surveybuilder tidy` deletes the paper forms of older versions once a newer "
            "version has been live this many days. The live version's forms are always "
            "kept.", float),
    Setting("SPEECH_WORDS_PER_MINUTE", 140,
            "How fast questions are read aloud (espeak-ng, British English), from 80 to "
            "450 words a minute; everyday speech is about 175. After a change, each live "
            "version's recordings are made again the first time one is asked for.",
            _words_per_minute),
    Setting("SPEECH_PROCESSES", 2,
            "espeak-ng processes run at once when recording a version's questions (one "
            "per processor core is enough).", int),
    # --- background jobs ---
    Setting("JOBS", "auto",
            "How background jobs (e-mails, drawing printed forms) run. `auto`: in the web "
            "server's own processes on SQLite; on PostgreSQL through a queue, run by "
            "`surveybuilder worker`, which must then be running. `in-process`: always in "
            "the web server's processes. `worker`: only by `surveybuilder worker`. `held`: "
            "only by `surveybuilder jobs run-waiting` (tests use this).", _jobs_mode),
    Setting("JOBS_THREADS", 2,
            "Jobs run at once by each web server process when jobs run in-process.", int),
    Setting("JOBS_POLL_SECONDS", 2.0,
            "How often an in-process runner or a worker on SQLite looks for new jobs "
            "(jobs added by the same process start at once).", float),
    Setting("JOBS_MAX_ATTEMPTS", 5,
            "Times a job is tried before it is marked as failed, with words for staff "
            "saying what went wrong.", int),
    Setting("JOBS_RETRY_SECONDS", 30.0,
            "Wait before a failed job is tried again; doubled after each try, up to an "
            "hour.", float),
    Setting("JOBS_LATE_MINUTES", 5,
            "A job still not started this many minutes after it was due (or whose runner "
            "stopped this long ago) makes the staff job pages say that jobs are late and "
            "that `surveybuilder worker` may need starting.", int),
    Setting("JOBS_LEASE_SECONDS", 60.0,
            "A running job's runner renews its claim every third of this; a job whose "
            "runner stopped (its process was killed) is run again once this has passed.",
            float),
    Setting("JOBS_KEEP_DAYS", 30,
            "`surveybuilder tidy` deletes background jobs that were done or failed more than "
            "this many days ago, so staff no longer see them. Waiting and running jobs are "
            "never deleted.", int),
)

DEVELOPMENT_PUBLIC_URL = "http://127.0.0.1:5000"

SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}


def load_settings(environ: dict[str, str] | None = None,
                  overrides: dict[str, Any] | None = None,
                  instance_path: str | Path = "instance") -> dict[str, Any]:
    """Build the app configuration from defaults, the environment and explicit overrides.

    Overrides (used by tests and the CLI) win over the environment, which wins over
    defaults. A production start without a secret key is refused here, at start-up,
    rather than running with a guessable key.
    """
    environ = os.environ if environ is None else environ
    overrides = overrides or {}
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.name in overrides:
            values[setting.name] = overrides[setting.name]
        elif setting.env_var in environ:
            raw = environ[setting.env_var]
            try:
                values[setting.name] = setting.parse(raw)
            except ValueError as exc:
                raise ConfigError(
                    f"{setting.env_var}={raw!r} is not valid: {exc}. {setting.help}"
                ) from exc
        else:
            values[setting.name] = setting.default
    extra = {k: v for k, v in overrides.items() if k not in SETTINGS_BY_NAME}
    values.update(extra)

    production = values["ENV"] == "production"
    if production and not values["SECRET_KEY"]:
        raise ConfigError(
            "SURVEYBUILDER_SECRET_KEY is not set. In production the app will not start "
            "without it. Set it to a long random value, for example the output of "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`."
        )
    if not values["SECRET_KEY"]:
        values["SECRET_KEY"] = os.urandom(32).hex()
    _check_public_url(values, production)
    if not values["DATABASE_URL"]:
        path = Path(instance_path) / "surveybuilder.sqlite3"
        values["DATABASE_URL"] = f"sqlite:///{path.resolve()}"
    if not values["TEMPLATES_DIR"]:
        values["TEMPLATES_DIR"] = str(Path(__file__).resolve().parents[1] / "templates")
    values["PRODUCTION"] = production
    return values


def _check_public_url(values: dict[str, Any], production: bool) -> None:
    """E-mails link to PUBLIC_URL: give development the address `serve` listens on, and
    refuse a production start that could send e-mail but has no address to link to."""
    if values["PUBLIC_URL"]:
        return
    if not production:
        values["PUBLIC_URL"] = DEVELOPMENT_PUBLIC_URL
    elif values["SMTP_HOST"]:
        raise ConfigError(
            "SURVEYBUILDER_PUBLIC_URL is not set, but SURVEYBUILDER_SMTP_HOST is. E-mails "
            "link to the site, and those links are built only from PUBLIC_URL: set it to "
            "the site's public address, like https://haveyoursay.example.gov.uk.")


def settings_markdown_table() -> str:
    """The README's configuration table, generated so it cannot go stale."""
    rows = ["| Variable | Default | What it does |", "|---|---|---|"]
    for s in SETTINGS:
        default = "(none)" if s.default is None else f"`{s.default}`"
        rows.append(f"| `{s.env_var}` | {default} | {s.help} |")
    return "\n".join(rows)
