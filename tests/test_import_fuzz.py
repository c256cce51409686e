"""Broken files through the real import commands: every one is refused with a plain
reason that names the problem, never a traceback, and nothing is imported.

Each kind of broken file is made from a good file of the command's own kind (a survey
definition, a responses file), so the only thing wrong with it is the one problem under
test. Files a spreadsheet or editor writes that are not broken (a byte-order mark,
Windows or old-Mac line ends) are imported as usual.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from click.testing import CliRunner
from sqlmodel import func, select
from support.paper_survey import SECTIONS, SLUG, publish_paper_survey

from surveybuilder.cli import main
from surveybuilder.models import Consultation, Response


@dataclass(frozen=True)
class Good:
    """A good file's data and the places a case may break: a number, a text and the
    path of the object holding the number, as the refusal names it."""
    data: dict
    number: str  # e.g. '"max": 120' as json.dumps writes it
    text: str
    number_path: str


def _deep(levels: int) -> list:
    value: list = []
    for _ in range(levels):
        value = [value]
    return value


def _with(good: Good, old: str, new: str) -> str:
    text = json.dumps(good.data, ensure_ascii=False)
    assert old in text
    return text.replace(old, new, 1)


def _number(good: Good, value: str) -> bytes:
    key = good.number.split(":")[0]
    return _with(good, good.number, f"{key}: {value}").encode()


def _text(good: Good) -> str:
    return json.dumps(good.data, ensure_ascii=False)


# name: (file maker, words the refusal must contain)
JSON_CASES: dict[str, tuple[Callable[[Good], bytes], list[str]]] = {
    "deep list nesting": (lambda g: b"[" * 100_000 + b"]" * 100_000, ["nested too deeply"]),
    "deep object nesting": (lambda g: b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
                            ["nested too deeply"]),
    "nesting past the limit": (lambda g: json.dumps({**g.data, "deep": _deep(40)}).encode(),
                               ["nested more than 32 levels"]),
    "UTF-16 with BOM": (lambda g: _text(g).encode("utf-16"), ["UTF-16", "UTF-8"]),
    "UTF-16 big-endian with BOM": (lambda g: b"\xfe\xff" + _text(g).encode("utf-16-be"),
                                   ["UTF-16", "UTF-8"]),
    "UTF-16 without BOM": (lambda g: _text(g).encode("utf-16-le"),
                           ["UTF-16", "little-endian", "UTF-8"]),
    "UTF-16 big-endian without BOM": (lambda g: _text(g).encode("utf-16-be"),
                                      ["UTF-16", "big-endian"]),
    "UTF-32": (lambda g: _text(g).encode("utf-32"), ["UTF-32", "UTF-8"]),
    "Latin-1": (lambda g: _with(g, g.text, "Café fête").encode("latin-1"),
                ["Windows-1252", "0xE9", "UTF-8"]),
    "Windows-1252 quotes": (lambda g: _with(g, g.text, "“Parks”").encode("cp1252"),
                            ["Windows-1252", "0x93"]),
    "not UTF-8 nor Windows-1252": (lambda g: _with(g, g.text, "x").encode()
                                   .replace(b'"x"', b'"\x81\x8d"'), ["not UTF-8"]),
    "100,000-digit number": (lambda g: _number(g, "9" * 100_000), ["100,000 digits"]),
    "19-digit number": (lambda g: _number(g, "1" * 19), ["19 digits"]),
    "number beyond a float": (lambda g: _number(g, "1e400"), ["too large", "1e400"]),
    "100,000-digit decimal": (lambda g: _number(g, "1" * 100_000 + ".5"), ["too large"]),
    "NaN": (lambda g: _number(g, "NaN"), ["NaN"]),
    "Infinity": (lambda g: _number(g, "Infinity"), ["Infinity", "finite"]),
    "-Infinity": (lambda g: _number(g, "-Infinity"), ["-Infinity"]),
    "repeated top-level key": (
        lambda g: ("{" + f'"{next(iter(g.data))}": null, ' + _text(g)[1:]).encode(),
        ["top level", "appears more than once"]),
    "repeated nested key": (lambda g: _with(g, g.number, f"{g.number}, {g.number}").encode(),
                            ["appears more than once"]),
    "empty file": (lambda g: b"", ["empty"]),
    "only white space": (lambda g: b"  \r\n\t\n ", ["empty"]),
    "binary garbage": (lambda g: random.Random(17).randbytes(4096), ["not a text file"]),
    "control characters": (lambda g: bytes(range(1, 32)) * 100, ["not a text file"]),
    "a spreadsheet saved as a workbook": (
        lambda g: b"PK\x03\x04\x14\x00\x06\x00" + random.Random(3).randbytes(2000),
        ["not a text file"]),
    "NUL in the text": (lambda g: _with(g, g.text, "a\x00b").encode(), ["NUL byte", "line 1"]),
    "cut off half-way": (lambda g: _text(g)[:len(_text(g)) // 2].encode(),
                         ["not valid JSON", "line 1"]),
    "trailing text": (lambda g: (_text(g) + "}").encode(), ["not valid JSON", "Extra data"]),
    "comments and single quotes": (lambda g: b"// survey\n{'format': 1}",
                                   ["line 1, column 1", "not valid JSON"]),
    "a lone surrogate": (lambda g: _with(g, g.text, "\\ud800").encode(), ["surrogate"]),
    "top level a list of numbers": (lambda g: b"[1, 2]", ["must be"]),
    "top level a number": (lambda g: b"42", ["must be"]),
    "top level null": (lambda g: b"null", ["must be"]),
    "top level a string": (lambda g: b'"responses"', ["must be"]),
}


# The survey definition's side --------------------------------------------------------------

@pytest.fixture
def survey_good(ready_definition) -> Good:
    data = {**ready_definition, "slug": "fuzzed", "title": "Victoria Park on paper",
            "sections": SECTIONS}
    return Good(data, '"max": 120', "Victoria Park on paper", "sections[1].questions[2]")


@pytest.fixture
def run(app, database_url, monkeypatch):
    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBUILDER_SECRET_KEY", "cli-test")
    return lambda *args: CliRunner().invoke(main, list(args))


def _count(db_session, model) -> int:
    db_session.expire_all()
    return db_session.exec(select(func.count()).select_from(model)).one()


def _assert_refused(result, words: list[str]) -> str:
    """Exit status 1 through click (not an escaped exception), a short plain message,
    every word of the reason present on one line."""
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert len(result.output) < 1500, result.output[:300]
    lines = result.output.lower().splitlines()
    assert any(all(w.lower() in line for w in words) for line in lines), result.output
    return result.output


@pytest.mark.parametrize("kind", JSON_CASES)
def test_import_survey_refuses_a_broken_file(kind, run, organisation, survey_good,
                                             db_session, tmp_path):
    make, words = JSON_CASES[kind]
    file = tmp_path / "survey.json"
    file.write_bytes(make(survey_good))
    before = _count(db_session, Consultation)
    output = _assert_refused(run("import-survey", str(file), "--org", organisation.slug),
                             words)
    assert output.startswith(f"Error: {file} was not imported"), output
    assert _count(db_session, Consultation) == before


def test_a_repeated_key_is_refused_naming_the_key_and_its_place(run, organisation,
                                                                survey_good, tmp_path):
    file = tmp_path / "survey.json"
    file.write_bytes(JSON_CASES["repeated nested key"][0](survey_good))
    result = run("import-survey", str(file), "--org", organisation.slug)
    assert f"{survey_good.number_path}: the key “max” appears more than once" \
        in result.output


def test_import_survey_refuses_a_file_over_the_size_setting(run, organisation, survey_good,
                                                            db_session, tmp_path,
                                                            monkeypatch):
    file = tmp_path / "survey.json"
    file.write_text(_text(survey_good), encoding="utf-8")
    monkeypatch.setenv("SURVEYBUILDER_IMPORT_FILE_MAX_MB", "0.001")
    _assert_refused(run("import-survey", str(file), "--org", organisation.slug),
                    ["the largest accepted is 1,000 bytes", "IMPORT_FILE_MAX_MB"])
    assert _count(db_session, Consultation) == 0


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_import_survey_reads_a_byte_order_mark_and_any_line_ends(line_end, run,
                                                                 organisation, survey_good,
                                                                 db_session, tmp_path):
    file = tmp_path / "survey.json"
    text = json.dumps(survey_good.data, indent=2).replace("\n", line_end)
    file.write_bytes(b"\xef\xbb\xbf" + text.encode())
    result = run("import-survey", str(file), "--org", organisation.slug)
    assert result.exit_code == 0, result.output
    assert _count(db_session, Consultation) == 1


# The responses' side -------------------------------------------------------------------------

@pytest.fixture
def consultation(make_consultation, organisation, ready_definition, db_session):
    return publish_paper_survey(make_consultation, organisation, ready_definition, db_session)


RESPONSES = Good({"responses": [{"id": "paper-1", "answers": {"visit": "weekly", "age": 99}}]},
                 '"age": 99', "paper-1", "responses[0].answers")


def _import(run, file):
    return run("import-responses", SLUG, str(file))


@pytest.mark.parametrize("kind", JSON_CASES)
def test_import_responses_refuses_a_broken_json_file(kind, run, consultation, db_session,
                                                     tmp_path):
    make, words = JSON_CASES[kind]
    file = tmp_path / "responses.json"
    file.write_bytes(make(RESPONSES))
    if kind == "top level a list of numbers":  # a list of rows, each rejected on its own
        words = ["Row 2: it is not an object with “answers”"]
    output = _assert_refused(_import(run, file), words)
    assert output.startswith(f"Error: Nothing was imported from {file}") \
        or output.startswith("Imported 0 responses."), output
    assert _count(db_session, Response) == 0


GOOD_CSV = "id,visit,why_not,age\npaper-1,weekly,,67\npaper-2,never,Too far,\n"

CSV_CASES: dict[str, tuple[bytes, list[str]]] = {
    "a 10 MB cell": (("visit,why_not\nnever," + "x" * 10_000_000 + "\n").encode(),
                     ["Row 2", "longer than 131,072 characters"]),
    "a 10 MB quoted cell": (('visit,why_not\nnever,"' + "y" * 10_000_000 + '"\n').encode(),
                            ["longer than 131,072 characters"]),
    "repeated columns": (b"visit,age,visit,age,why_not\nweekly,1,never,2,\n",
                         ["appear more than once", "“visit”, “age”"]),
    "only the heading row": (b"visit,why_not,age\n", ["only its heading row"]),
    "only the heading row, Windows line ends": (b"visit,age\r\n\r\n", ["only its heading"]),
    "empty": (b"", ["empty"]),
    "only blank lines": (b"\r\n\r\n\n", ["empty"]),
    "UTF-16, as Excel's Unicode text": (GOOD_CSV.encode("utf-16"), ["UTF-16"]),
    "UTF-16 without BOM": (GOOD_CSV.encode("utf-16-le"), ["UTF-16", "little-endian"]),
    "Latin-1": (GOOD_CSV.replace("Too far", "Trop éloigné").encode("latin-1"),
                ["Windows-1252", "line 3", "“é”"]),
    "NUL": (GOOD_CSV.replace("Too far", "Too\x00far").encode(), ["NUL byte", "line 3"]),
    "binary garbage": (random.Random(5).randbytes(3000), ["not a text file"]),
    "a workbook named .csv": (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4,
                              ["not a text file"]),
    "columns that are not questions": (b"visit,colour\nweekly,red\n",
                                       ["not questions", "“colour”"]),
}


@pytest.mark.parametrize("kind", CSV_CASES)
def test_import_responses_refuses_a_broken_csv_file(kind, run, consultation, db_session,
                                                    tmp_path):
    data, words = CSV_CASES[kind]
    file = tmp_path / "responses.csv"
    file.write_bytes(data)
    output = _assert_refused(_import(run, file), words)
    assert output.startswith(f"Error: Nothing was imported from {file}"), output
    assert _count(db_session, Response) == 0


def test_import_responses_refuses_a_file_over_the_size_setting(run, consultation,
                                                               db_session, tmp_path,
                                                               monkeypatch):
    file = tmp_path / "responses.csv"
    file.write_text(GOOD_CSV * 100, encoding="utf-8")
    monkeypatch.setenv("SURVEYBUILDER_IMPORT_FILE_MAX_MB", "0.002")
    _assert_refused(_import(run, file), [f"the file is {len(GOOD_CSV) * 100:,} bytes",
                                         "largest accepted is 2,000 bytes"])
    assert _count(db_session, Response) == 0


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_import_responses_reads_a_byte_order_mark_and_any_line_ends(line_end, run,
                                                                    consultation,
                                                                    db_session, tmp_path):
    file = tmp_path / "responses.csv"
    text = 'id,visit,why_not\npaper-1,never,"Too far\nand no bus"\npaper-2,weekly,\n'
    file.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", line_end).encode())
    result = _import(run, file)
    assert result.output.startswith("Imported 2 responses."), result.output
    assert _count(db_session, Response) == 2


ODD_ROWS = [
    {"answers": {"age": {"years": 3}}},
    {"answers": {"age": [1, 2]}},
    {"answers": {"age": 1e300}},
    {"answers": {"age": True}},
    {"answers": {"visit": ["weekly", ["monthly"]]}},
    {"answers": {"visit": {"weekly": 1}}},
    {"answers": {"uses": [[["walk"]]]}},
    {"answers": {"uses": "walk;" * 10_000 + "swim"}},
    {"answers": {"visited_on": 20250101}},
    {"answers": {"visited_on": "9999999999-01-01"}},
    {"answers": {"agree": {"x": 1}}},
    {"answers": {"postcode": ["B69", "3DE"]}},
    {"answers": {"why_not": 12}, "id": {"a": 1}},
    {"answers": {"visit": "weekly"}, "submitted_at": 12},
    {"answers": {"visit": "weekly"}, "language": ["cy"]},
    {"answers": {"visit": "weekly"}, "channel": None, "format": 3.5, "id": "x" * 1000},
    {"answers": []},
    {"answers": "visit=weekly"},
    [],
    "weekly",
    None,
]


def test_odd_rows_are_each_rejected_with_a_reason_and_nothing_stored(run, consultation,
                                                                    db_session, tmp_path):
    file = tmp_path / "odd.json"
    file.write_text(json.dumps(ODD_ROWS), encoding="utf-8")
    result = _import(run, file)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    lines = result.output.splitlines()
    assert lines[:2] == ["Imported 0 responses.",
                         f"Rejected {len(ODD_ROWS)} rows; nothing from them was stored:"]
    assert [line.split(":")[0] for line in lines[2:]] == \
        [f"  Row {n}" for n in range(1, len(ODD_ROWS) + 1)]
    assert _count(db_session, Response) == 0
