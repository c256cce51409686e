"""The static publication: `surveybuilder publish-results` writes a folder a council can
upload anywhere. Checked as a council's web team would: every file there, nothing
fetched from other sites, small numbers hidden in the open data, PDFs tagged and
printed at the format's sizes."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from click.testing import CliRunner
from support.feedback import HEARD_BACK, POSTAL, closed_consultation

from surveybuilder.cli import main
from surveybuilder.feedback import decisions

FILES = {"index.html", "easy-read.html", "large-print.html", "results-standard.pdf",
         "results-easy-read.pdf", "results-large-print.pdf", "figures.csv", "results.json"}
# The smallest text each PDF may print (shared/reference/formats.md, printing/formats.py).
MIN_POINTS = {"results-standard.pdf": 12, "results-easy-read.pdf": 16,
              "results-large-print.pdf": 18}


# Every test reads the published folder, with its three PDFs: `make test-fast` leaves them
# out.
pytestmark = pytest.mark.pdf


@pytest.fixture(scope="module")
def _written() -> dict[str, Path]:
    return {}


@pytest.fixture
def folder(request, _written, tmp_path_factory) -> Path:
    """The folder `publish-results` writes, written once for the whole module (three
    PDFs take seconds to draw): the tests only read it. The first test to ask sets up
    the closed consultation through the usual fixtures and runs the command."""
    if "folder" not in _written:
        _written["folder"] = _publish(tmp_path_factory.mktemp("published"),
                                      **{name: request.getfixturevalue(name) for name in (
                                          "database_url", "monkeypatch", "db_session",
                                          "organisation", "make_consultation",
                                          "ready_definition", "editor")})
    return _written["folder"]


def _publish(out: Path, database_url, monkeypatch, db_session, organisation,
             make_consultation, ready_definition, editor) -> Path:
    closed = closed_consultation(db_session, organisation, make_consultation,
                                 ready_definition)
    consultation = closed.consultation
    decisions.update_summary(db_session, consultation, editor,
                             "Most people visit every week.", "Lots of people go every week.",
                             "We will start work in the spring.", ["visit", "safe", "postcode"])
    decisions.add_item(db_session, consultation, editor, {
        "you_said": "The park feels unsafe after dark.", "question_keys": ["safe", "visit"],
        "themes": ["Safety"], "we_did": "New lights on the main paths.",
        "status": "planned", "owner": "Parks team", "due": date(2027, 9, 30),
        "easy_read_text": "We will put up new lights.", "easy_read_picture": "house"})
    decisions.publish(db_session, consultation, editor)
    db_session.commit()
    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBUILDER_SECRET_KEY", "cli-test")
    result = CliRunner().invoke(main, ["publish-results", consultation.slug,
                                       "--output-dir", str(out)])
    assert result.exit_code == 0, result.output
    return out / f"{consultation.slug}-results"


class _Addresses(HTMLParser):
    """Every address a page would fetch or point to: src, href, srcset, and url(...)
    inside style."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in {"src", "href", "srcset", "action", "poster", "data"} and value:
                self.found.append(value)
            if name == "style" and value:
                self.found += re.findall(r"url\(([^)]*)\)", value)

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            for url, imported in re.findall(r"url\(([^)]*)\)|@import\s+([^;]+)", data):
                self.found.append(url or imported)


def test_every_file_is_written(folder):
    assert {p.name for p in folder.iterdir()} == FILES


def test_pages_ask_nothing_of_other_sites(folder):
    for name in ("index.html", "easy-read.html", "large-print.html"):
        parser = _Addresses()
        parser.feed((folder / name).read_text(encoding="utf-8"))
        assert parser.found, name
        for address in parser.found:
            assert not re.match(r"\s*(https?:)?//", address), (name, address)
            # mailto: and tel: (the contact details) open the resident's own app, fetching nothing
            assert address.startswith(("data:", "mailto:", "tel:")) or \
                (folder / address).exists(), (name, address)
    easy = (folder / "easy-read.html").read_text(encoding="utf-8")
    assert 'src="data:image/svg+xml;base64,' in easy  # the picture travels with the page


def test_open_data_hides_small_numbers(folder):
    rows = list(csv.DictReader((folder / "figures.csv").open(encoding="utf-8")))
    visit = {r["answer_key"]: r for r in rows if r["question_key"] == "visit"}
    # 12 weekly, 7 monthly, 2 never: "never" is under 5 and hidden; "monthly" is hidden
    # too, or the total of 21 less 12 would give "never" away.
    assert visit["weekly"]["people"] == "12"
    assert visit["never"]["people"] == "" and visit["never"]["people_shown_as"] == \
        "fewer than 5"
    assert visit["monthly"]["people"] == "" and visit["monthly"]["people_shown_as"] == "hidden"
    assert "postcode" not in {r["question_key"] for r in rows}  # personal data


def test_nothing_personal_is_published(folder):
    for path in folder.iterdir():
        if path.suffix in {".html", ".csv", ".json"}:
            text = path.read_text(encoding="utf-8")
            for secret in (*HEARD_BACK, POSTAL, "B70 1AA"):
                assert secret not in text, (path.name, secret)
    data = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert data["respondents"] == 21 and data["items"][0]["status"] == "planned"
    assert [q["key"] for q in data["items"][0]["questions"]] == ["safe", "visit"]


@pytest.mark.parametrize("name", sorted(MIN_POINTS))
def test_pdfs_are_tagged_and_big_enough(folder, name):
    with pikepdf.open(folder / name) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        figures = [e for e in _elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
        assert all("/Alt" in f for f in figures)
        if name == "results-easy-read.pdf":
            assert figures  # the item's picture
    with pdfplumber.open(folder / name) as pdf:
        chars = [c for page in pdf.pages for c in page.chars if c["text"].strip()]
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    sizes = [round(c["size"], 1) for c in chars]
    assert sizes and min(sizes) >= MIN_POINTS[name], (name, min(sizes))
    fonts = {c["fontname"] for c in chars}
    assert all(re.search(r"Arial|Liberation-?Sans", f) for f in fonts), fonts  # sans serif
    assert "The park feels unsafe after dark." in text.replace("\n", " ")


def _elements(node, seen=None):
    """Every structure element under a node of the structure tree."""
    seen = seen if seen is not None else set()
    kids = node.get("/K")
    if kids is None:
        return
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            key = kid.objgen
            if key in seen:
                continue
            seen.add(key)
            yield kid
            yield from _elements(kid, seen)
