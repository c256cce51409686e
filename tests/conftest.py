"""Shared fixtures: a real database (SQLite file, or PostgreSQL when
SURVEYBUILDER_TEST_DATABASE_URL is set), the app, clients, a live server for the
browser, and factories for organisations, staff and consultations."""

from __future__ import annotations

import copy
import gc
import json
import os
import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Config, Flask
from flask.testing import FlaskClient
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool
from sqlmodel import Session
from support.shared_database import empty_tables
from werkzeug.serving import make_server

from surveybuilder import create_app, db
from surveybuilder.db import make_engine, upgrade_to_head
from surveybuilder.models import Consultation, Organisation, Role, User

pytest_plugins = ["support.browser", "support.pdf", "support.smtp", "support.jobs"]

# Every app a test builds holds its background jobs unless it says otherwise: an app
# running jobs in threads would outlive its test and take later tests' jobs. (Real
# server and worker processes get their own environment: tests/support/servers.py.)
os.environ["SURVEYBUILDER_JOBS"] = "held"

DATA = Path(__file__).parent / "data"

# Python's cyclic garbage collector, at its default thresholds (700, 10, 10), took a
# third of a test process's time: every test's new app is a few tens of thousands of
# objects in reference cycles, which outlive a young collection and so pile up for
# full collections, and each full one walks everything the process has imported and
# cached (about 0.2 s each, every few tests). Young collections after 20,000 new
# objects rather than 700 find most of each app already garbage. Measured on nine busy
# files, one process: 12.7 s of collecting -> 3.9 s; 37.0 s -> 27.3 s wall. Objects are
# still collected; only how often the collector looks changes.
_TEST_GC_THRESHOLDS = (20_000, 10, 10)
_gc_thresholds_before: tuple[int, int, int] | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _gc_thresholds_before
    _gc_thresholds_before = gc.get_threshold()
    gc.set_threshold(*_TEST_GC_THRESHOLDS)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _gc_thresholds_before is not None:
        gc.set_threshold(*_gc_thresholds_before)
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty database at the newest migration, one per pytest-xdist worker.

    SQLite: a file in the session's temporary folder (each worker has its own).
    PostgreSQL (SURVEYBUILDER_TEST_DATABASE_URL): that database when run without
    workers; with workers, a database of its own per worker named after it
    (surveybuilder_test_gw0, ...), made afresh on the same server and dropped after.
    """
    url = os.environ.get("SURVEYBUILDER_TEST_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    given_url = url
    own_database = bool(worker) and not url.startswith("sqlite")
    if own_database:
        url = _fresh_postgres_database(given_url, f"{make_url(url).database}_{worker}")
    engine = make_engine(url)
    if not url.startswith("sqlite"):
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade_to_head(engine)
    engine.dispose()
    yield url
    if own_database:
        _drop_postgres_database(given_url, make_url(url).database)


def _server_engine(url: str):
    """An engine on the server's given database, outside transactions (CREATE DATABASE
    cannot run inside one)."""
    return create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)


def _fresh_postgres_database(server_url: str, name: str) -> str:
    """Make database `name` afresh on the server of `server_url`; its URL."""
    _drop_postgres_database(server_url, name)
    engine = _server_engine(server_url)
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _drop_postgres_database(server_url: str, name: str) -> None:
    engine = _server_engine(server_url)
    try:
        with engine.connect() as connection:
            # WITH (FORCE): a run that was killed may have left connections open.
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


class _SessionBytecodeCache(BytecodeCache):
    """Compiled Jinja templates kept in memory for the whole test session.

    Every test gets a new app, and with it a new Jinja environment that would parse
    and compile each template again: about a third of a simple page test's time.
    Jinja checks each entry against a checksum of the template's source, so a
    changed template is compiled afresh."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_BYTECODE = _SessionBytecodeCache()


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing() -> Iterator[None]:
    """Passwords hashed with argon2id at its lowest cost in tests.

    At the app's cost (64 MiB, 3 passes, 4 lanes) each hash or check takes about 0.2 s
    of both cores, and every signed-in test does at least one of each. The hash is
    still argon2id; what it costs to guess is not what the tests are about."""
    from argon2 import PasswordHasher

    from surveybuilder.staff import accounts

    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    patch = pytest.MonkeyPatch()
    patch.setattr(accounts, "_hasher", quick)
    patch.setattr(accounts, "_DUMMY_HASH", quick.hash("not a real password, used for timing"))
    yield
    patch.undo()


@pytest.fixture(scope="session", autouse=True)
def _url_builders_made_once() -> Iterator[None]:
    """Each test's new app makes a URL builder for each of its hundred or so routes:
    werkzeug writes and compiles a small Python function per route, which is nearly
    all of create_app's 65 ms (measured with cProfile). A builder depends only on the
    rule's text, its parsed parts, its defaults and whether it appends unknown
    arguments, and is handed the rule when called, so the session makes each one once.
    """
    from werkzeug.routing.rules import Rule

    made: dict[tuple, Callable] = {}
    compile_builder = Rule._compile_builder

    def reuse(self: Rule, append_unknown: bool = True) -> Callable:
        key = (self.rule, tuple(self._trace), repr(sorted((self.defaults or {}).items())),
               append_unknown)
        if key not in made:
            made[key] = compile_builder(self, append_unknown)
        return made[key]

    patch = pytest.MonkeyPatch()
    patch.setattr(Rule, "_compile_builder", reuse)
    yield
    patch.undo()


def _engine_fingerprint(engine: Engine) -> tuple:
    """What a test could leave behind on an engine besides rows: event listeners (on the
    engine and its pool) and execution options."""
    return (tuple(len(getattr(engine.dispatch, name)) for name in engine.dispatch._event_names),
            tuple(len(getattr(engine.pool.dispatch, name))
                  for name in engine.pool.dispatch._event_names),
            engine._execution_options)


class _WorkerEngines:
    """One engine per database URL (and pool settings) for the `app` fixture's apps,
    kept for the worker's session.

    Each test's app is new, but a new engine comes with an empty cache of compiled SQL,
    so every statement a test runs was compiled afresh: about a fifth of the setting-up
    time of a test that publishes (measured with cProfile). Compiling is pure work (a
    statement's SQL for the dialect); the engine's connections are still closed after
    every test (`dispose`), so no test gets another's connection or transaction. An
    engine that a test left listeners or options on is dropped, not handed on."""

    def __init__(self) -> None:
        self.engines: dict[tuple, tuple[Engine, tuple]] = {}

    def make(self, *args, **kwargs) -> Engine:
        key = (args, tuple(sorted(kwargs.items())))
        if key not in self.engines:
            engine = make_engine(*args, **kwargs)
            self.engines[key] = (engine, _engine_fingerprint(engine))
        return self.engines[key][0]

    def release(self, engine: Engine) -> bool:
        """After a test: close the engine's connections; forget it if the test changed it.
        Whether it is kept."""
        engine.dispose()
        for key, (kept, fingerprint) in list(self.engines.items()):
            if kept is engine:
                if _engine_fingerprint(engine) == fingerprint:
                    return True
                del self.engines[key]
        return False

    def close(self) -> None:
        for engine, _ in self.engines.values():
            engine.dispose()
        self.engines.clear()


@pytest.fixture(scope="session")
def _worker_engines() -> Iterator[_WorkerEngines]:
    engines = _WorkerEngines()
    yield engines
    engines.close()


def _identities(value: object) -> object:
    """What `value` holds, as the identities of its parts (dicts and lists opened; not
    the settings, which templates see as a global and are put back before each test)."""
    if isinstance(value, dict) and not isinstance(value, Config):
        return tuple(sorted((repr(key), _identities(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_identities(item) for item in value)
    return id(value)


def _app_shape(application: Flask) -> object:
    """Everything of an app a test could add to or replace, other than its settings and
    caches: routes, hooks, handlers, extensions, template globals, WSGI wrappers."""
    env = application.jinja_env
    return (_identities({key: value for key, value in vars(application).items()
                         if key not in ("config", "_got_first_request")}),
            _identities(env.globals), _identities(env.filters), _identities(env.tests),
            id(env.loader), len(env.extensions), len(application.url_map._rules))


class _WorkerApp:
    """The `app` fixture's app, built once per worker and handed to each test as if new.

    Building an app cost each test about 20 ms, and its first pages about 15 ms more
    (loading every template into the new Jinja environment); its tens of thousands of
    objects were then garbage for the collector. Before each test the app is set back
    to how it was built: the settings as built (so a test's changes are undone), the
    test's own EXPORTS_DIR and a file store on it, every cache (`LRUCache`: versions,
    pages, brands) new and empty. After the test, an app the test changed in any other
    way (a route, a hook, an extension or template global added or replaced, the
    engine given listeners) is dropped, and the next test gets a new one."""

    def __init__(self) -> None:
        self.app: Flask | None = None
        self.settings: dict = {}
        self.shape: object = None

    def ready(self, database_url: str, exports_dir: Path, engines: _WorkerEngines) -> Flask:
        from surveybuilder.caching import LRUCache
        from surveybuilder.files import store_from_settings

        if self.app is None:
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(db, "make_engine", engines.make)  # db.init_app's engine
                application = create_app({
                    "TESTING": True,
                    "DATABASE_URL": database_url,
                    "SECRET_KEY": "test-secret",
                    "WTF_CSRF_ENABLED": False,
                    "EXPORTS_DIR": str(exports_dir),
                    "PUBLIC_URL": "http://localhost",  # the test client's address
                    "JOBS": "held",  # a test runs jobs itself (run_jobs), or says otherwise
                })
            application.jinja_env.bytecode_cache = _TEMPLATE_BYTECODE
            self.app, self.settings = application, copy.deepcopy(dict(application.config))
        application = self.app
        # In place: the jobs runtime and the trusted-hosts check hold this very dict.
        application.config.clear()
        application.config.update(copy.deepcopy(self.settings))
        application.config["EXPORTS_DIR"] = str(exports_dir)
        extensions = application.extensions
        extensions["file_store"] = store_from_settings(application.config,
                                                       extensions["db_engine"])
        for name, kept in list(extensions.items()):
            if isinstance(kept, LRUCache):
                extensions[name] = type(kept)(kept._size)
        application._got_first_request = False  # so a test may still add routes
        self.shape = _app_shape(application)
        return application

    def after(self, application: Flask, engine_kept: bool) -> None:
        if not engine_kept or _app_shape(application) != self.shape:
            self.app = None


@pytest.fixture(scope="session")
def _worker_app() -> _WorkerApp:
    return _WorkerApp()


@pytest.fixture
def app(database_url: str, tmp_path: Path, _worker_engines: _WorkerEngines,
        _worker_app: _WorkerApp) -> Iterator[Flask]:
    application = _worker_app.ready(database_url, tmp_path / "exports", _worker_engines)
    yield application
    engine = application.extensions["db_engine"]
    empty_tables(database_url, engine)
    _worker_app.after(application, _worker_engines.release(engine))


@pytest.fixture
def shared_database(database_url: str) -> Iterator[str]:
    """The test worker's database for tests whose real server and worker processes all
    open it (tests/support/servers.py); emptied afterwards as the other tests expect."""
    yield database_url
    empty_tables(database_url)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def db_session(app: Flask) -> Iterator[Session]:
    with Session(app.extensions["db_engine"], expire_on_commit=False) as session:
        yield session


@pytest.fixture
def make_org(db_session: Session) -> Callable[..., Organisation]:
    from surveybuilder.staff.accounts import create_organisation

    def make(slug: str = "sandwell-council", name: str = "Sandwell Council") -> Organisation:
        organisation = create_organisation(db_session, slug, name)
        db_session.commit()
        return organisation

    return make


@pytest.fixture
def make_user(db_session: Session) -> Callable[..., User]:
    from surveybuilder.staff.accounts import create_user

    def make(organisation: Organisation, email: str = "editor@example.gov.uk",
             role: Role = Role.EDITOR, name: str = "Esme Editor") -> User:
        user = create_user(db_session, organisation, email, name, PASSWORD, role)
        db_session.commit()
        return user

    return make


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD):
    return client.post("/sign-in", data={"email": email, "password": password})


@pytest.fixture
def organisation(make_org) -> Organisation:
    return make_org()


@pytest.fixture
def editor(make_user, organisation) -> User:
    return make_user(organisation)


@pytest.fixture
def editor_client(client: FlaskClient, editor: User) -> FlaskClient:
    response = sign_in(client, editor.email)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def example_definition() -> dict:
    return json.loads((DATA / "victoria-park.json").read_text(encoding="utf-8"))


@pytest.fixture
def ready_definition(example_definition: dict) -> dict:
    """The example with what the charter check needs, so it publishes without override."""
    return {**example_definition, "audience": ["adults", "families"],
            "privacy_notice": "We use your answers only to plan the park, and keep them "
                              "for two years.",
            "plan": {"success_measures": "More people feel safe in the park after dark."},
            "return_address": "FREEPOST Parks Team\nSandwell Council House\nOldbury B69 3DE"}


@pytest.fixture
def make_consultation(db_session: Session, ready_definition: dict
                      ) -> Callable[..., Consultation]:
    """Import a definition (the charter-ready Victoria Park example unless given) as a
    draft."""
    from surveybuilder.consultations.snapshots import import_definition
    from surveybuilder.survey.loading import load_definition

    def make(organisation: Organisation, definition: dict | None = None,
             **changes) -> Consultation:
        data = {**(definition or ready_definition), **changes}
        consultation = import_definition(db_session, organisation, None, load_definition(data))
        db_session.commit()
        return consultation

    return make


@pytest.fixture
def open_park(make_consultation, organisation, db_session, ready_definition) -> Consultation:
    """The Victoria Park example, published and open today (opened three days ago)."""
    from surveybuilder.consultations.lifecycle import publish

    today = date.today()
    consultation = make_consultation(organisation, ready_definition,
                                     opens=(today - timedelta(days=3)).isoformat(),
                                     closes=(today + timedelta(days=30)).isoformat(),
                                     feedback_by=(today + timedelta(days=60)).isoformat())
    publish(db_session, consultation, None)
    db_session.commit()
    return consultation


class LiveServer:
    """The app served over real HTTP in a thread, for the browser."""

    def __init__(self, application: Flask):
        self.server = make_server("127.0.0.1", 0, application, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_app(app: Flask) -> Flask:
    """The same app with CSRF switched on, as a browser would meet it."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def live_server(live_app: Flask) -> Iterator[str]:
    with LiveServer(live_app) as server:
        yield server.url


def browser_sign_in(browser, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real sign-in page, as a person would."""
    from selenium.webdriver.common.by import By
    from support.browser import and_wait

    browser.delete_all_cookies()
    browser.get(base_url + "/sign-in")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys(password)
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "/sign-in" not in browser.current_url, "signing in did not work"


@pytest.fixture
def signed_in_browser(browser, live_server, editor):
    """The shared browser, signed in as the editor, and signed out again afterwards."""
    browser_sign_in(browser, live_server, editor.email)
    yield browser
    browser.delete_all_cookies()
