"""`surveybuilder read-scans`: forms printed, filled in and scanned, read back by the
command against the layout and the survey version each was printed with, after the
survey and the drawing have both changed; the report as docs/scanning.md describes."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from click.testing import CliRunner
from support import scan_corpus as corpus

from surveybuilder.cli import main
from surveybuilder.consultations.lifecycle import publish
from surveybuilder.consultations.snapshots import write_draft
from surveybuilder.printing import cache, render
from surveybuilder.printing.cache import printed_form
from surveybuilder.printing.formats import print_format
from surveybuilder.survey.loading import load_definition

pytestmark = pytest.mark.pdf

# Version 2 asks "visit" differently: another option first, so every box moves and the
# first box means something else.
CHANGED = corpus.survey(sections=[
    {**corpus.SURVEY["sections"][0], "questions": [
        {**corpus.SURVEY["sections"][0]["questions"][0],
         "options": [{"key": "daily", "label": "Every day"},
                     *corpus.SURVEY["sections"][0]["questions"][0]["options"]]},
        *corpus.SURVEY["sections"][0]["questions"][1:]]},
    corpus.SURVEY["sections"][1]])


def _tick(image, layout, page: int, boxes: list[str], dpi: int):
    """Thin-pen ticks in the named boxes of one page."""
    rng = random.Random(page)
    ink = np.zeros(image.shape, np.float32)
    for box in layout["boxes"]:
        if box["page"] == page and box["id"] in boxes:
            corpus.draw_mark(ink, box, "tick", "thin", dpi / 25.4, rng)
    return np.clip(image * (1 - ink), 0, 255).astype(np.uint8)


def test_old_forms_are_read_against_their_own_layout_and_version(
        app, database_url, db_session, organisation, make_consultation, tmp_path,
        monkeypatch):
    consultation = make_consultation(organisation, corpus.SURVEY)
    publish(db_session, consultation, None)
    db_session.commit()
    store = app.extensions["file_store"]
    printed = printed_form(db_session, store, consultation, print_format("standard"), copies=2)
    old_pdf, old_layout = store.get(printed.key.pdf_key), json.loads(
        store.get(printed.key.layout_key))

    # Then the survey changes (version 2) and so does the drawing (more space above
    # each question): new forms have new layouts.
    write_draft(db_session, consultation, load_definition(CHANGED))
    publish(db_session, consultation, None)
    db_session.commit()
    drawn = render.form_html

    def roomier(*args, **kwargs):
        document, html = drawn(*args, **kwargs)
        return document, html.replace("</head>", "<style>.question{margin-top:9mm}</style>"
                                      "</head>")

    monkeypatch.setattr(render, "form_html", roomier)
    monkeypatch.setattr(cache, "PIPELINE", "p-roomier")
    newer = printed_form(db_session, store, consultation, print_format("standard"))
    new_layout = json.loads(store.get(newer.key.layout_key))
    assert new_layout["version"] == 2 and new_layout["layout_id"] != old_layout["layout_id"]
    moved = {b["id"]: b["y_mm"] for b in new_layout["boxes"]}
    assert any(moved.get(b["id"]) != b["y_mm"] for b in old_layout["boxes"])

    # The old copies come back filled in: copy 1 "weekly", walking and the cafe; copy 2
    # "never", two boxes for one answer at "safe", and writing in the date boxes.
    pages = corpus.rasterise(old_pdf, 200)
    per_copy = old_layout["pages"]
    wanted = {1: ["box-visit-weekly", "box-uses-walk", "box-uses-cafe"],
              2: ["box-visit-never", "box-safe-agree", "box-safe-disagree"]}
    files = []
    rng = random.Random(7)
    for index, image in enumerate(pages):
        copy, page = index // per_copy + 1, index % per_copy + 1
        marked = _tick(image, old_layout, page, wanted[copy], 200)
        scanned = corpus.distort(marked, "scanner", rng)
        path = tmp_path / f"copy{copy}-page{page}.png"
        path.write_bytes(corpus.encode(scanned))
        files.append(str(path))
    files.reverse()  # numbered copies come together in any order

    monkeypatch.setenv("SURVEYBUILDER_DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEYBUILDER_SECRET_KEY", "cli-test")
    monkeypatch.setenv("SURVEYBUILDER_EXPORTS_DIR", str(tmp_path / "exports"))
    report_path = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["read-scans", "scan-park", *files, "--batch",
                                       "Day centre", "--report", str(report_path)])
    assert result.exit_code == 0, result.output
    assert f"Read {len(files)} pages" in result.output
    report = json.loads(report_path.read_text())
    assert report["format"] == "surveybuilder-scan-report/1"
    assert report["batch"] == "Day centre"
    assert {(p["version"], p["layout_id"]) for p in report["pages"]} == {
        (1, old_layout["layout_id"])}
    copies = {c["copy_number"]: c for c in report["copies"]}
    assert sorted(copies) == [1, 2] and all(c["version"] == 1 for c in copies.values())
    one = {q["question"]: q for q in copies[1]["questions"]}
    two = {q["question"]: q for q in copies[2]["questions"]}
    assert (one["visit"]["status"], one["visit"]["answer"]) == ("answered", "weekly")
    assert one["uses"]["answer"] == ["walk", "cafe"]
    assert one["why_not"]["status"] == "skipped"
    assert two["visit"]["answer"] == "never"
    assert two["safe"]["status"] == "doubt" and "2 boxes are ticked" in two["safe"]["doubts"][0]
    assert copies[2]["needs_person"]

    unknown = CliRunner().invoke(main, ["read-scans", "no-such-thing", files[0]])
    assert unknown.exit_code != 0 and "no-such-thing" in unknown.output
