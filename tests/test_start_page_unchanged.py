"""The start page's standard and large-print bytes are those it had before its "Start
now" form became one macro (`tests/data/start-page/`, drawn by the code of that time),
so a change residents would see fails here rather than passing unnoticed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from surveybuilder.consultations.lifecycle import publish

EXPECTED = Path(__file__).parent / "data" / "start-page"
FIXED_DATES = {"opens": "2026-01-05", "closes": "2099-03-07", "feedback_by": "2099-05-01"}


def drawn(client, slug: str, fmt: str) -> str:
    """The page's main content (the layout around it carries asset hashes that change
    with every stylesheet build)."""
    query = "" if fmt == "standard" else f"?format={fmt}"
    body = client.get(f"/c/{slug}{query}").get_data(as_text=True)
    return re.search(r"<main.*?</main>", body, re.S).group(0)


@pytest.fixture
def park(make_consultation, organisation, db_session):
    consultation = make_consultation(organisation, **FIXED_DATES)
    publish(db_session, consultation, None)
    db_session.commit()
    return consultation


@pytest.mark.parametrize("fmt", ["standard", "large-print"])
def test_the_start_page_is_drawn_as_before(client, park, fmt):
    assert drawn(client, park.slug, fmt) == (EXPECTED / f"{fmt}.html").read_text()
