"""Stored files in the web app: the one file store the app was started with
(STORAGE_URL, surveybuilder/files), and a response that sends one of its files.

Views name files by key and never by path, so any web server process, on any machine,
sends a file that a worker drew elsewhere.
"""

from __future__ import annotations

from flask import Flask, current_app, make_response, send_file
from werkzeug.wrappers import Response

from surveybuilder.files import FileStore, OpenedFile, store_from_settings

RETRY_AFTER_SECONDS = 30


def init_app(app: Flask) -> None:
    """Choose the store once at start, so a mistyped STORAGE_URL stops the app
    starting rather than failing the first download."""
    app.extensions["file_store"] = store_from_settings(app.config, app.extensions["db_engine"])


def store() -> FileStore:
    return current_app.extensions["file_store"]


def send_stored(opened: OpenedFile, download_name: str, *, as_attachment: bool = False,
                max_age: int = 0) -> Response:
    """The file, answering "not changed" (304) and byte ranges through its ETag and
    size. `max_age=0` makes browsers check each time, as a new version can put a new
    file behind the same address."""
    response = send_file(opened.stream, mimetype=opened.content_type,
                         as_attachment=as_attachment, download_name=download_name,
                         etag=opened.etag, last_modified=opened.modified, max_age=max_age,
                         conditional=True)
    if response.status_code == 200 and response.content_length is None:
        response.content_length = opened.size
    return response


def being_prepared(page: str) -> Response:
    """A page saying a file is being made, in place of the file (the printed forms and
    the published results' PDFs). 503 with Retry-After, not 202: the address names a
    PDF, and a download tool or browser must not keep this page as the file; nothing
    caches it."""
    response = make_response(page, 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response
