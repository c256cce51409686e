"""Posters (A4) and flyers (A5) of a published consultation (issue 16, item 2), read
back as a person's printer and phone would: tagged PDF, the right page size, the
title and closing date in the text, and a QR code that decodes (pypdfium2 draws the
page, zxing-cpp reads it) to the consultation's public address."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pdfplumber
import pikepdf
import pypdfium2
import pytest
import zxingcpp

from surveybuilder.branding import Brand
from surveybuilder.consultations.lifecycle import publish
from surveybuilder.printing.poster import poster_facts
from surveybuilder.survey.loading import load_definition

PAGE_POINTS = {"a4": (595, 842), "a5": (420, 595)}
FORMATS = ("standard", "easy-read", "large-print")


@pytest.fixture
def with_events(make_consultation, organisation, db_session, ready_definition):
    """Victoria Park, open, with an event still to come and one already held."""
    today = date.today()
    organisation.public_name = "Sandwell Metropolitan Borough Council"
    db_session.add(organisation)
    consultation = make_consultation(
        organisation, ready_definition, opens=(today - timedelta(days=3)).isoformat(),
        closes=(today + timedelta(days=30)).isoformat(),
        events=[{"title": "Drop-in at the library", "location": "Tipton Library",
                 "starts": (datetime.now() + timedelta(days=7)).isoformat(timespec="minutes")},
                {"title": "Launch walk", "location": "Park gates",
                 "starts": (datetime.now() - timedelta(days=2)).isoformat(timespec="minutes")}])
    publish(db_session, consultation, None,
            override_reason="Posters only: the access needs block is not what is tested")
    db_session.commit()
    return consultation


def _read(pdf: bytes) -> tuple[bool, list[tuple[int, int]], str, list[str]]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        tagged = "/StructTreeRoot" in document.Root
        sizes = [tuple(round(float(v)) for v in page.MediaBox[2:]) for page in document.pages]
        figures = sum(1 for element in _structure(document.Root.StructTreeRoot)
                      if element.get("/S") == "/Figure" and "/Alt" in element)
    with pdfplumber.open(io.BytesIO(pdf)) as read:
        text = "\n".join(page.extract_text() or "" for page in read.pages)
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=2).to_pil()
    codes = [found.text for found in zxingcpp.read_barcodes(image)]
    return tagged, sizes, text, codes, figures


def _structure(element):
    """Every element of a tagged PDF's structure tree, depth first."""
    kids = element.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _structure(kid)


@pytest.mark.pdf
@pytest.mark.parametrize("paper", ["a4", "a5"])
def test_poster_and_flyer_in_every_format(editor_client, with_events, paper):
    closes = date.today() + timedelta(days=30)
    for slug in FORMATS:
        response = editor_client.get(
            f"/staff/consultations/{with_events.id}/share/{paper}/{slug}.pdf")
        assert response.status_code == 200, slug
        assert response.mimetype == "application/pdf"
        tagged, sizes, text, codes, figures = _read(response.data)
        assert tagged, f"{paper} {slug} is not a tagged PDF"
        assert set(sizes) == {PAGE_POINTS[paper]}, (paper, slug, sizes)
        flat = " ".join(text.split())
        assert "Have your say on Victoria Park" in flat, slug
        assert f"{closes.strftime('%A')} {closes.day} {closes.strftime('%B %Y')}" in flat
        assert "Sandwell Metropolitan Borough Council" in flat  # the brand's name
        assert "Drop-in at the library" in flat and "Tipton Library" in flat
        assert "Launch walk" not in flat  # held already: no use on a wall
        assert codes == [f"http://localhost/c/{with_events.slug}"], (paper, slug)
        easy_words = "Point your phone camera at the code."
        assert (easy_words in flat) == (slug == "easy-read"), slug
        # the QR code, and in easy read a picture beside each block, each with its /Alt
        assert figures >= 1 and (figures > 1) == (slug == "easy-read"), (slug, figures)
        assert ("Pictures: All emojis designed by OpenMoji" in flat) == (slug == "easy-read")


def test_posters_are_linked_from_the_share_area(editor_client, open_park):
    html = editor_client.get(f"/staff/consultations/{open_park.id}").get_data(as_text=True)
    for paper in ("a4", "a5"):
        for slug in FORMATS:
            assert f'href="/staff/consultations/{open_park.id}/share/{paper}/{slug}.pdf"' in html


def test_no_poster_without_a_live_version_an_address_or_a_known_size(
        editor_client, app, make_consultation, organisation, open_park):
    draft = make_consultation(organisation, slug="a-draft")
    assert editor_client.get(f"/staff/consultations/{draft.id}/share/a4/standard.pdf"
                             ).status_code == 404
    for wrong in ("a3/standard", "a4/braille"):
        assert editor_client.get(f"/staff/consultations/{open_park.id}/share/{wrong}.pdf"
                                 ).status_code == 404
    app.config["PUBLIC_URL"] = None
    assert editor_client.get(f"/staff/consultations/{open_park.id}/share/a4/standard.pdf"
                             ).status_code == 404


def test_another_organisations_staff_cannot_draw_its_posters(client, make_org, make_user,
                                                             open_park):
    from conftest import sign_in
    other = make_org("dudley-council", "Dudley Council")
    make_user(other, "someone@dudley.example.gov.uk")
    sign_in(client, "someone@dudley.example.gov.uk")
    assert client.get(f"/staff/consultations/{open_park.id}/share/a4/standard.pdf"
                      ).status_code == 404


def test_contact_is_each_part_on_its_own(ready_definition):
    definition = load_definition({**ready_definition, "contact_email": "parks@example.gov.uk",
                                  "contact_phone": "0121 569 2200", "contact": ""})
    facts = poster_facts(definition, Brand("Sandwell Council"), "https://x.example/c/p",
                         date(2027, 1, 1))
    assert facts.contact.parts() == [("mailto", "parks@example.gov.uk"),
                                     ("tel", "0121 569 2200")]
