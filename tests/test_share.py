"""The share area of a published consultation (issue 16, item 2): its public address
as a link made from PUBLIC_URL, selectable without JavaScript (no button in the HTML;
the browser test checks the button enhance.js adds)."""

from __future__ import annotations

import re


def test_published_consultation_shows_its_public_address_as_a_link(editor_client, open_park):
    html = editor_client.get(f"/staff/consultations/{open_park.id}").get_data(as_text=True)
    address = f"http://localhost/c/{open_park.slug}"
    assert (f'<a class="govuk-link" id="public-address" href="{address}">{address}</a>'
            in html)
    # Without JavaScript there is nothing to press: the holder is empty, the address text.
    assert re.search(r'<div class="sb-copy-link" data-copy-link="public-address"[^>]*></div>',
                     html)
    assert "<button" not in html.split('id="share"')[1].split("</div>")[0]


def test_a_draft_has_no_share_area(editor_client, make_consultation, organisation):
    draft = make_consultation(organisation)
    html = editor_client.get(f"/staff/consultations/{draft.id}").get_data(as_text=True)
    assert 'id="share"' not in html and "public-address" not in html


def test_without_a_public_url_the_page_says_what_to_set(editor_client, app, open_park):
    app.config["PUBLIC_URL"] = None
    html = editor_client.get(f"/staff/consultations/{open_park.id}").get_data(as_text=True)
    assert "SURVEYBUILDER_PUBLIC_URL" in html
    assert 'id="public-address"' not in html
