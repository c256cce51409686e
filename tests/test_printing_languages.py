"""Paper in every language (issue 15 item 5, decision 18): the printed forms of the
five-language Victoria Park in Punjabi, Bengali and Urdu, drawn once each by the real
pipeline and read back with pikepdf, pdfplumber and zxing; publishing drawing every
language; the resident's and staff's addresses serving each; and an Urdu copy keyed
by hand and an Urdu page scanned both landing as answers in Urdu."""

from __future__ import annotations

import io
import json
import logging
import re
import unicodedata
from collections import Counter

import numpy as np
import pdfplumber
import pikepdf
import pytest
import zxingcpp
from fontTools.ttLib import TTFont
from sqlmodel import select
from support import scanned_batch
from support.languages import BY_LANGUAGE, offered_in
from test_printing import page_images

from surveybuilder.consultations.lifecycle import publish
from surveybuilder.models import BackgroundJob, PaperCopy, Response, ScanBatch, ScannedCopy
from surveybuilder.paper import scanned
from surveybuilder.printing import text_layer
from surveybuilder.printing.cache import draw, key_for, printed_form
from surveybuilder.printing.document import build, to_html
from surveybuilder.printing.formats import print_format
from surveybuilder.printing.jobs import DRAW_PRINTED_FORM
from surveybuilder.printing.marks import parse_payload
from surveybuilder.printing.render import render_form
from surveybuilder.scanning.marks import RING_MM
from surveybuilder.survey.loading import load_definition
from surveybuilder.survey.translations import in_language

pytestmark = pytest.mark.pdf

MM_PER_PT = 25.4 / 72
NOTO = "/usr/share/fonts/truetype/noto/"
FONTS = {"pa": ("Noto-Sans-Gurmukhi", "NotoSansGurmukhi-Regular.ttf"),
         "bn": ("Noto-Sans-Bengali", "NotoSansBengali-Regular.ttf"),
         "ur": ("Noto-Nastaliq-Urdu", "NotoNastaliqUrdu-Regular.ttf")}
SCRIPTS = {"pa": "GURMUKHI", "bn": "BENGALI", "ur": "ARABIC"}
# Left untranslated in Urdu, so the Urdu form shows it in English (marked lang="en").
ENGLISH_IN_URDU = "questions.why_not.text"
SHOWN_TEXTS = ("title", "questions.visit.text", "questions.visit.options.weekly.label",
               "questions.visit.options.monthly.label", "questions.visit.options.never.label",
               "questions.safe.text", "questions.postcode.text", "questions.hear_back.text",
               "sections.0.title", "sections.1.title", "privacy_notice")


def _of_script(text: str, code: str) -> set[str]:
    """The letters and marks of the language's own script in `text`."""
    return {c for c in text if SCRIPTS[code] in unicodedata.name(c, "")}


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.said: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.said.append(record.getMessage())


@pytest.fixture(scope="module")
def forms(request) -> dict[str, dict]:
    """Each language's standard form drawn once: its PDF, layout, HTML and WeasyPrint's
    warnings (a missing glyph is logged as a .notdef)."""
    from conftest import DATA

    data = {**json.loads((DATA / "victoria-park.json").read_text(encoding="utf-8")),
            "privacy_notice": "We use your answers only to plan the park.",
            "return_address": "FREEPOST Parks Team\nSandwell Council House"}
    data = offered_in(data, "pa", "bn", "ur")
    del data["translations"]["ur"][ENGLISH_IN_URDU]
    definition = load_definition(data)
    drawn = {}
    for code in ("pa", "bn", "ur"):
        heard = _Warnings()
        logging.getLogger("weasyprint").addHandler(heard)
        try:
            shown = in_language(definition, code)
            form = render_form(shown, 1, print_format("standard"), "Sandwell Council")
        finally:
            logging.getLogger("weasyprint").removeHandler(heard)
        html = to_html(build(shown, 1, print_format("standard"), "Sandwell Council"))
        drawn[code] = {"pdf": form.pdf, "layout": form.layout, "html": html,
                       "warnings": heard.said}
    return drawn


def _chars(pdf: bytes) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [char for page in document.pages for char in page.chars]


@pytest.mark.parametrize("code", ["pa", "bn", "ur"])
def test_each_script_is_printed_in_its_embedded_noto_font_with_no_missing_glyph(forms, code):
    family, file_name = FONTS[code]
    drawn = forms[code]
    with pikepdf.open(io.BytesIO(drawn["pdf"])) as pdf:
        embedded = {str(font.BaseFont) for page in pdf.pages
                    for font in page.Resources.Font.values()
                    if "/FontFile2" in font.DescendantFonts[0].FontDescriptor
                    or "/FontFile3" in font.DescendantFonts[0].FontDescriptor}
        assert pdf.Root.Lang == code
    assert any(family in name for name in embedded), embedded
    assert not [w for w in drawn["warnings"] if ".notdef" in w]
    # Every letter of the script is drawn in the Noto font, which has a glyph for each.
    in_script = [c for c in _chars(drawn["pdf"]) if _of_script(c["text"], code)]
    assert in_script and all(family in c["fontname"] for c in in_script)
    covered = TTFont(NOTO + file_name).getBestCmap()
    source = set("".join(BY_LANGUAGE[code].values()))
    assert {c for c in _of_script("".join(source), code) if ord(c) not in covered} == set()


def _text_layer(pdf: bytes) -> str:
    """The form's text as pdfplumber reads its characters, in the order they are drawn
    (lines joined by a space, spaces collapsed, NFC). Not `extract_text()`: that starts
    a new word wherever a vowel sign is drawn back over its letter (ਨੂੰ's ੰ), putting
    spaces inside words that the text layer does not have."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        lines, last_top = [], None
        for page in document.pages:
            for char in page.chars:
                if last_top is None or abs(char["top"] - last_top) > 3:
                    lines.append("")
                    last_top = char["top"]
                lines[-1] += char["text"]
    return unicodedata.normalize("NFC", " ".join(" ".join(lines).split()))


@pytest.mark.parametrize("code", ["pa", "bn"])
def test_punjabi_and_bengali_text_reads_back_as_written(forms, code):
    text = _text_layer(forms[code]["pdf"])
    written = {i: unicodedata.normalize("NFC", " ".join(BY_LANGUAGE[code][i].split()))
               for i in SHOWN_TEXTS}
    assert [i for i, words in written.items() if words not in text] == []


def test_urdu_reads_back_with_the_characters_of_the_source(forms):
    """pdfplumber gives Urdu in visual order (right to left drawn left to right), so
    each text's characters are compared, not its order."""
    read = Counter(unicodedata.normalize("NFC", "".join(c["text"] for c in
                                                        _chars(forms["ur"]["pdf"]))))
    short = {i: Counter(BY_LANGUAGE["ur"][i].replace(" ", "")) - read for i in SHOWN_TEXTS
             if i != ENGLISH_IN_URDU}
    assert {i: gap for i, gap in short.items() if gap} == {}


def test_a_cluster_drawn_as_several_glyphs_shares_its_text_among_them():
    """What WeasyPrint notes for "ভি" (the vowel sign drawn first, with no text) and "পো"
    (ো drawn in two halves around its letter) becomes a share for each glyph, joining
    up to the text; Urdu's first glyph keeps a letter too short to share."""
    assert text_layer.spread([(9, "ক"), (5, ""), (6, "ভি")]) == [
        (9, "ক"), (5, "ভ"), (6, "ি")]
    shared = text_layer.spread([(1, ""), (2, ""), (3, "পো")])
    assert [t for _, t in shared] == ["প", "ে", "া"]
    assert unicodedata.normalize("NFC", "".join(t for _, t in shared)) == "পো"
    assert text_layer.spread([(7, "ب"), (8, ""), (4, "ا")]) == [(7, "ب"), (8, ""), (4, "ا")]
    # Each glyph standing for one text (a Latin form): the PDF is not even opened.
    assert text_layer.retext(b"untouched", {"F1": [(3, "a"), (3, "a"), (4, "b")]}) == \
        b"untouched"


def _overlap(word: dict, rect: dict) -> float:
    """How much of the page's height a word and a box share."""
    return min(word["bottom"], rect["bottom"]) - max(word["top"], rect["top"])


def test_urdu_tick_boxes_sit_on_the_right_of_their_words(forms):
    drawn = forms["ur"]
    assert (drawn["layout"]["language"], drawn["layout"]["direction"]) == ("ur", "rtl")
    assert '<html lang="ur" dir="rtl">' in drawn["html"]
    assert "Sunday" not in drawn["html"] and "March" not in drawn["html"]  # the return date
    ticks = [b for b in drawn["layout"]["boxes"] if b["kind"] == "tick"]
    checked = 0
    with pdfplumber.open(io.BytesIO(drawn["pdf"])) as document:
        for box in ticks:
            page = document.pages[box["page"] - 1]
            rect = next(r for r in page.rects
                        if abs(r["x0"] * MM_PER_PT - box["x_mm"]) < 0.5
                        and abs(r["top"] * MM_PER_PT - box["y_mm"]) < 0.5)
            middle = (rect["top"] + rect["bottom"]) / 2
            # The answer's words, not the option number printed on the box's other
            # side: at least half a word's height beside the box (Nastaliq sits low,
            # so a short word like ہاں can end just below the box's middle).
            beside = [w for w in page.extract_words()
                      if _overlap(w, rect) >= (w["bottom"] - w["top"]) / 2
                      and not w["text"].isdigit()]
            assert beside, box["id"]
            assert all(w["x1"] < rect["x0"] for w in beside), box["id"]
            number = [w for w in page.extract_words() if w["top"] < middle < w["bottom"]
                      and w["text"] == str(box["option_number"])]
            assert number and number[0]["x0"] > rect["x1"], box["id"]  # mirrored too
            checked += 1
    assert checked == len(ticks) >= 8  # visit 3, safe 5, hear back 2
    # No ink of the words (Nastaliq strokes reach past where a word starts) falls in
    # the ring of paper a scanner reads around each box.
    images, px = page_images(drawn["pdf"], 200), 200 / 25.4
    near, far = RING_MM
    for box in ticks:
        ring = np.array(images[box["page"] - 1])[
            int(box["y_mm"] * px):int((box["y_mm"] + box["height_mm"]) * px),
            int((box["x_mm"] - far) * px):int((box["x_mm"] - near) * px)]
        assert (ring < 128).sum() == 0, box["id"]


def test_english_words_on_an_urdu_form_keep_their_own_direction(forms):
    drawn = forms["ur"]
    english = "What stops you visiting?"
    assert re.search(r'<span class="line" lang="en" dir="ltr">' + re.escape(english),
                     drawn["html"])
    assert '<p class="address" lang="en" dir="ltr">' in drawn["html"]
    with pdfplumber.open(io.BytesIO(drawn["pdf"])) as document:
        for phrase in (english, "FREEPOST Parks Team"):
            found = []
            for page in document.pages:
                words = page.extract_words()
                for start in range(len(words)):
                    run = words[start:start + len(phrase.split())]
                    if sorted(w["text"] for w in run) == sorted(phrase.split()):
                        found = run
            assert found, phrase
            by_place = [w["text"] for w in sorted(found, key=lambda w: w["x0"])]
            assert by_place == phrase.split()  # left to right, in reading order


def test_the_layout_and_page_code_say_the_language(forms):
    layouts = {code: drawn["layout"] for code, drawn in forms.items()}
    assert {code: layout["language"] for code, layout in layouts.items()} == {
        "pa": "pa", "bn": "bn", "ur": "ur"}
    assert len({layout["layout_id"] for layout in layouts.values()}) == 3
    first = page_images(forms["ur"]["pdf"], 150)[0]
    page = parse_payload(zxingcpp.read_barcodes(first)[0].text)
    assert (page.language, page.layout, page.page) == ("ur", layouts["ur"]["layout_id"], 1)


# Publishing, pages, keying and scanning -------------------------------------------------

@pytest.fixture
def urdu_park(make_consultation, organisation, db_session, ready_definition):
    consultation = make_consultation(organisation, offered_in(ready_definition, "ur", "pa"))
    publish(db_session, consultation, None)
    db_session.commit()
    return consultation


def test_publishing_queues_each_language_in_each_format(urdu_park, db_session):
    jobs = db_session.exec(select(BackgroundJob).where(
        BackgroundJob.kind == DRAW_PRINTED_FORM)).all()
    assert Counter(job.args["language"] for job in jobs) == {"en": 5, "ur": 5, "pa": 5}
    assert "in Urdu" in next(j.title for j in jobs if j.args["language"] == "ur")


def test_residents_and_staff_get_the_form_in_each_language(app, client, editor_client,
                                                          urdu_park, db_session):
    store = app.extensions["file_store"]
    draw(db_session, store, key_for(urdu_park.id, 1, print_format("standard"),
                                    language="ur"))
    address = f"/c/{urdu_park.slug}/print/standard.pdf"
    sent = client.get(f"{address}?language=ur")
    assert sent.status_code == 200 and sent.data.startswith(b"%PDF")
    with pikepdf.open(io.BytesIO(sent.data)) as pdf:
        assert pdf.Root.Lang == "ur"
    assert client.get(f"{address}?language=pa").status_code == 503  # not drawn yet
    assert client.get(f"{address}?language=bn").status_code == 404  # not offered
    page = editor_client.get(f"/staff/consultations/{urdu_park.id}/print").get_data(
        as_text=True)
    assert '<span lang="ur" dir="rtl">اردو</span> (Urdu)' in page
    assert "print/standard.pdf?language=ur" in page
    staff = editor_client.get(f"/staff/consultations/{urdu_park.id}/print/standard.pdf"
                              "?language=ur")
    assert staff.status_code == 200 and staff.data == sent.data


def test_a_copy_keyed_as_urdu_is_stored_in_urdu(editor_client, urdu_park, db_session):
    base = f"/staff/consultations/{urdu_park.id}/paper"
    made = editor_client.post(f"{base}/batches/new", data={"label": "Mosque open day"})
    start = re.search(r"/staff/.*/batches/\d+/key", made.location).group(0)
    asked = editor_client.get(start).get_data(as_text=True)
    assert "Language of the form" in asked and "اردو (Urdu)" in asked
    begun = editor_client.post(start, data={"copy_number": "7", "answer_format": "standard",
                                            "form_language": "ur"})
    assert begun.status_code == 302, begun.get_data(as_text=True)
    first = editor_client.get(begun.location).get_data(as_text=True)
    assert '<span lang="ur" dir="rtl">اردو</span> (Urdu)' in first
    other = editor_client.post(start, data={"copy_number": "7", "answer_format": "standard",
                                            "form_language": "en"}).get_data(as_text=True)
    assert "Copy 7 was started as a form in Urdu" in other
    second = editor_client.post(begun.location, data={"visit": "1", "safe": "2"})
    check = editor_client.post(second.location, data={"hear_back": "2"})
    assert editor_client.post(check.location).status_code == 302
    copy = db_session.exec(select(PaperCopy)).one()
    db_session.refresh(copy)
    assert copy.language == "ur"
    assert db_session.get(Response, copy.response_id).language == "ur"


def test_a_scanned_urdu_page_is_read_with_the_urdu_layout_and_stored_in_urdu(
        app, editor, editor_client, urdu_park, db_session, run_jobs):
    store = app.extensions["file_store"]
    printed = printed_form(db_session, store, urdu_park, print_format("standard"),
                           copies=1, language="ur")
    layout = json.loads(store.get(printed.key.layout_key))
    on_copy = {1: scanned_batch.OnCopy(ticks=["box-visit-monthly", "box-safe-disagree",
                                              "box-hear_back-no"])}
    files = scanned_batch.scanned_pages(store.get(printed.key.pdf_key), layout, on_copy)
    uploaded = editor_client.post(
        f"/staff/consultations/{urdu_park.id}/paper/scans/new",
        data={"label": "Urdu forms", "scans": [(io.BytesIO(b), n) for n, b in files]},
        content_type="multipart/form-data")
    assert uploaded.status_code == 302, uploaded.get_data(as_text=True)
    assert run_jobs(scanned.READ_SCANNED_FORMS)
    copy = db_session.exec(select(ScannedCopy)).one()
    assert copy.layout_id == layout["layout_id"]
    read = {q["question"]: q["answer"] for q in copy.questions if q["status"] == "answered"}
    assert read == {"visit": "monthly", "safe": "disagree", "hear_back": "no"}
    check = editor_client.get(f"/staff/consultations/{urdu_park.id}/paper/scans/"
                              f"{copy.scan_batch_id}/forms/{copy.ordinal}")
    assert '<span lang="ur" dir="rtl">اردو</span> (Urdu)' in check.get_data(as_text=True)
    scan = db_session.get(ScanBatch, copy.scan_batch_id)
    response = scanned.confirm(db_session, urdu_park, scan, copy,
                               {"visit": "2", "safe": "4", "hear_back": "2"}, editor,
                               language=scanned.copy_language(store, urdu_park, copy))
    stored = db_session.exec(select(PaperCopy)).one()
    assert stored.language == "ur" and stored.response_id == response.id
    assert db_session.get(Response, response.id).language == "ur"
