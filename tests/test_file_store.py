"""The file store (surveybuilder/files) on each of its three backends, against real
parts: a temporary folder, the test database (SQLite or PostgreSQL) and an
S3-compatible server on loopback (moto's ThreadedMotoServer, a real HTTP server that
boto3 talks to as it would to Amazon or MinIO)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from surveybuilder.files import FileStore, StoreError, checked_key, open_store
from surveybuilder.files.database import DatabaseStore
from surveybuilder.files.folder import FolderStore
from surveybuilder.files.s3 import S3Store
from surveybuilder.models import StoredFile

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """An S3-compatible server on a free loopback port, with a bucket to write in."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    patch = pytest.MonkeyPatch()
    patch.setenv("AWS_ACCESS_KEY_ID", "testing")
    patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    S3Store("forms", endpoint=endpoint).client.create_bucket(Bucket="forms")
    yield endpoint
    patch.undo()
    server.stop()


@pytest.fixture(params=["folder", "database", "s3"])
def store(request, tmp_path, app) -> FileStore:
    engine = app.extensions["db_engine"]
    if request.param == "folder":
        return FolderStore(tmp_path / "files")
    if request.param == "database":
        return DatabaseStore(engine)
    endpoint = request.getfixturevalue("s3_endpoint")
    return open_store(f"s3://forms/{request.node.name}?endpoint={endpoint}",
                      database_url="", engine=engine, exports_dir="")


def test_put_get_exists_open_and_delete(store: FileStore):
    key = "print/12/v3/p2/easy-read-14pt-c0.pdf"
    assert store.get(key) is None and not store.exists(key) and store.open(key) is None
    store.put(key, PDF, "application/pdf")
    assert store.exists(key) and store.get(key) == PDF

    opened = store.open(key)
    try:
        assert opened.stream.read() == PDF
    finally:
        opened.stream.close()
    assert (opened.size, opened.content_type) == (len(PDF), "application/pdf")
    assert opened.etag and opened.modified.tzinfo is not None

    store.put(key, b"%PDF-1.7 shorter", "application/pdf")
    assert store.get(key) == b"%PDF-1.7 shorter"
    assert store.open(key).etag != opened.etag, "a replaced file must not look unchanged"

    store.delete(key)
    assert not store.exists(key) and store.get(key) is None
    store.delete(key)  # deleting what is not there does nothing


def test_a_reader_never_sees_half_a_file(store: FileStore):
    """While one thread keeps replacing a file with wholes of two different sizes,
    every read gets one whole or the other."""
    key = "print/1/v1/p2/standard-12pt-c0.pdf"
    small, large = b"A" * 1_000, b"B" * 400_000
    store.put(key, small, "application/pdf")
    stop = threading.Event()

    def keep_writing() -> None:
        while not stop.is_set():
            store.put(key, large, "application/pdf")
            store.put(key, small, "application/pdf")

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        seen = {store.get(key) for _ in range(60)}
    finally:
        stop.set()
        writer.join()
    assert seen <= {small, large}


def test_list_gives_the_files_under_a_folder_and_when_they_were_written(store: FileStore):
    """`surveybuilder tidy` decides from this what to delete, on every store alike: the
    folder's own files and those below it, never a neighbour whose name only starts the
    same (`exports/1` is not `exports/12`), and an underscore matches only itself."""
    from datetime import UTC, datetime, timedelta

    before = datetime.now(UTC) - timedelta(seconds=5)
    keys = ["exports/1/x1/responses-full-20261201T101530.xlsx", "exports/1/a_b.txt",
            "exports/12/x1/other.xlsx", "exports/1x.txt", "exportsX/1/y.txt",
            "print/1/v1/p2/standard-12pt-c0.pdf"]
    for key in keys:
        store.put(key, key.encode(), "application/octet-stream")
    found = store.list("exports/1")
    assert [info.key for info in found] == [
        "exports/1/a_b.txt", "exports/1/x1/responses-full-20261201T101530.xlsx"]
    assert [info.size for info in found] == [len(info.key) for info in found]
    after = datetime.now(UTC) + timedelta(seconds=5)
    assert all(before <= info.modified <= after for info in found), found
    assert [info.key for info in store.list("exports")] == [
        "exports/1/a_b.txt", "exports/1/x1/responses-full-20261201T101530.xlsx",
        "exports/12/x1/other.xlsx", "exports/1x.txt"]
    assert store.list("exports/1_") == [] and store.list("results") == []  # not exports/12
    store.delete(found[0].key)
    assert [info.key for info in store.list("exports/1")] == [found[1].key]
    with pytest.raises(StoreError):
        store.list("../exports")


@pytest.mark.parametrize("bad", ["", "/etc/passwd", "../secrets", "print/../../x",
                                 "print//x.pdf", "print/.hidden", "a b.pdf", "x" * 501])
def test_keys_are_plain_relative_paths(bad: str, tmp_path):
    with pytest.raises(StoreError):
        checked_key(bad)
    with pytest.raises(StoreError):
        FolderStore(tmp_path).put(bad, b"x", "text/plain")
    assert list(tmp_path.iterdir()) == []


def test_the_setting_chooses_the_store(app, tmp_path):
    engine = app.extensions["db_engine"]

    def chosen(url: str | None, database_url: str = "sqlite:///x.sqlite3") -> FileStore:
        return open_store(url, database_url=database_url, engine=engine,
                          exports_dir=tmp_path / "exports")

    assert isinstance(chosen(None), FolderStore)
    assert chosen(None).root == (tmp_path / "exports").resolve()
    assert isinstance(chosen(None, "postgresql+psycopg://db/x"), DatabaseStore)
    assert isinstance(chosen("database"), DatabaseStore)
    assert chosen(f"file://{tmp_path}/elsewhere").root == tmp_path / "elsewhere"
    for wrong in ("ftp://files.example", "s3://", "databse"):
        with pytest.raises(StoreError, match="not a place to keep files"):
            chosen(wrong)


def test_the_database_store_keeps_size_type_and_time_in_its_table(app):
    engine = app.extensions["db_engine"]
    DatabaseStore(engine).put("results/7/results.pdf", PDF, "application/pdf")
    with Session(engine) as session:
        row = session.exec(select(StoredFile)).one()
    assert (row.key, row.size, row.content_type) == ("results/7/results.pdf", len(PDF),
                                                     "application/pdf")
    assert bytes(row.content) == PDF and row.created_at is not None


def test_the_app_uses_the_store_the_setting_names(app, database_url):
    store = app.extensions["file_store"]
    expected = FolderStore if database_url.startswith("sqlite") else DatabaseStore
    assert isinstance(store, expected)


def test_a_relative_folder_is_taken_from_the_working_directory_once(tmp_path, monkeypatch):
    """EXPORTS_DIR=exports means the folder where the app was started, even if the
    working directory changes later (a web server's file sending must find it)."""
    monkeypatch.chdir(tmp_path)
    store = FolderStore("relative-exports")
    monkeypatch.chdir(tmp_path.parent)
    store.put("print/1/form.pdf", PDF, "application/pdf")
    assert (tmp_path / "relative-exports" / "print" / "1" / "form.pdf").read_bytes() == PDF
