"""The `app` fixture hands each test the worker's app as if new (tests/conftest.py,
`_WorkerApp`): what one test changes must be gone in the next. The tests run in this
order, in one process (pytest-xdist keeps a file's tests together: --dist loadfile)."""

from pathlib import Path

from surveybuilder.files.folder import FolderStore

left_by_the_first: dict = {}


def test_a_test_changes_settings_caches_and_serves_a_page(app, client):
    left_by_the_first["app"] = app
    left_by_the_first["exports"] = app.config["EXPORTS_DIR"]
    app.config["PUBLIC_URL"] = "https://changed.example"
    app.extensions["brands"].put((1, 0), "a brand of an organisation that is gone")
    assert client.get("/").status_code == 200


def test_the_next_gets_the_settings_and_empty_caches_back(app, client, tmp_path: Path):
    assert app is left_by_the_first["app"], "the app was not reused: nothing was tested"
    assert app.config["PUBLIC_URL"] == "http://localhost"
    assert app.config["EXPORTS_DIR"] == str(tmp_path / "exports")
    assert app.config["EXPORTS_DIR"] != left_by_the_first["exports"]
    store = app.extensions["file_store"]
    if isinstance(store, FolderStore):  # SQLite; PostgreSQL keeps files in the database
        assert store.root == (tmp_path / "exports").resolve()
    assert app.extensions["brands"].get((1, 0)) is None

    @app.route("/_added-by-a-test")
    def added() -> str:
        return "added"

    assert client.get("/_added-by-a-test").get_data(as_text=True) == "added"


def test_a_test_after_one_that_added_a_route_gets_a_new_app(app, client):
    assert app is not left_by_the_first["app"]
    assert client.get("/_added-by-a-test").status_code == 404
