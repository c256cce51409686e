"""Each organisation's own look (issue 16 item 3) and contact details kept apart (the
rough edge where "x@y.gov.uk or 01234 567890" became one broken mailto: link).

Two organisations side by side, each with its own name, logo and colour: residents'
pages, a printed form and the published results folder of each show its own brand
and never the other's. The admin page refuses a colour that fails 4.5:1 against white
with the ratio it measured, an SVG that could run or fetch anything, and a logo
without alt text, keeping what was typed and a logo that passed.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pdfplumber
import pytest
from flask import render_template
from PIL import Image
from selenium.webdriver.common.by import By
from support.browser import assert_accessible, no_horizontal_scroll
from support.feedback import published_results

from surveybuilder.branding import (
    BrandError,
    Look,
    brand_css,
    brand_for,
    checked_colour,
    checked_logo,
    contrast_ratio,
    save_look,
)
from surveybuilder.consultations.lifecycle import publish
from surveybuilder.models import Organisation, Role
from surveybuilder.survey.contact import ContactDetails, contact_html, split_contact

SVG_LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" '
            b'viewBox="0 0 120 40"><title>Dudley</title><rect width="120" height="40" '
            b'fill="#28a197"/><path d="M10 10h20v20H10z" fill="#fff"/></svg>')
SVG_FILL = (round(0x28 / 255, 2), round(0xa1 / 255, 2), round(0x97 / 255, 2))


def png_logo(width: int = 1600, height: int = 400) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (29, 112, 184)).save(out, format="PNG")
    return out.getvalue()


# --- The checks ---------------------------------------------------------------------

def test_a_colour_failing_against_white_is_refused_with_its_ratio():
    with pytest.raises(BrandError) as refused:
        checked_colour("#f47738")  # GOV.UK orange: 2.7:1 against white
    assert str(refused.value).startswith(
        "This colour has a contrast ratio of 2.7:1 against white; it needs at least 4.5:1")
    assert checked_colour("1D70B8") == "#1d70b8"  # GOV.UK blue: 5.2:1
    assert checked_colour("#17b") == "#1177bb"
    assert round(contrast_ratio("#ffffff", "#000000"), 1) == 21.0
    with pytest.raises(BrandError, match="hex code of 6 characters"):
        checked_colour("blue")


def test_a_ratio_just_under_the_line_is_never_shown_as_passing():
    # #777777 is 4.48:1 against white: said as 4.4:1, not rounded up to 4.5:1.
    with pytest.raises(BrandError, match=r"4\.4:1 against white"):
        checked_colour("#777777")


@pytest.mark.parametrize(("svg", "why"), [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "script"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "event handler"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p xmlns='
     b'"http://www.w3.org/1999/xhtml">Hi</p></foreignObject></svg>', "foreignObject"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/a.svg#x"/>'
     b'</svg>', "links to another file"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
     b'<image xlink:href="file:///etc/passwd"/></svg>', "image"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://e.example/x.css);'
     b'</style></svg>', "loads something from outside"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://e.example/p)"/>'
     b'</svg>', "loads something from outside"),
    (b'<!DOCTYPE svg [<!ENTITY big "lots">]><svg xmlns="http://www.w3.org/2000/svg">&big;'
     b'</svg>', "could not be read safely"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onclick" to="x()"/>'
     b'</svg>', "set"),
])
def test_an_svg_that_could_run_or_fetch_anything_is_refused(svg, why):
    with pytest.raises(BrandError, match=why):
        checked_logo(svg, 600)


def test_a_plain_svg_is_kept_as_it_is_and_a_png_is_redrawn_smaller():
    assert checked_logo(SVG_LOGO, 600).data == SVG_LOGO
    logo = checked_logo(png_logo() + b"trailing bytes hidden after the image", 600)
    with Image.open(io.BytesIO(logo.data)) as image:
        assert image.format == "PNG" and image.size == (600, 150)
    assert b"trailing bytes" not in logo.data
    with pytest.raises(BrandError, match="PNG file could not be read"):
        checked_logo(b"\x89PNG\r\n\x1a\n" + b"not really", 600)
    with pytest.raises(BrandError, match="must be a PNG or SVG"):
        checked_logo(b"GIF89a....", 600)


# --- Contact details apart ------------------------------------------------------------

@pytest.mark.parametrize(("typed", "email", "phone", "other"), [
    ("x@y.gov.uk or 01234 567890", "x@y.gov.uk", "01234 567890", ""),
    ("parks@example.gov.uk", "parks@example.gov.uk", "", ""),
    ("Tel: 0121 569 2000", "", "0121 569 2000", ""),
    ("Ask at the library desk", "", "", "Ask at the library desk"),
    ("Email: a.b@c.gov.uk, phone +44 121 569 2000, or visit the Council House",
     "a.b@c.gov.uk", "+44 121 569 2000", "visit the Council House"),
])
def test_one_contact_box_is_split_into_its_kinds(typed, email, phone, other):
    assert split_contact(typed) == ContactDetails(email, phone, other)


def test_the_migration_splits_stored_contacts_and_joins_them_again(tmp_path):
    """Migration 0018 on a database holding a consultation made before the split."""
    from alembic import command
    from sqlalchemy import text

    from surveybuilder.db import alembic_config, make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = alembic_config(engine.url.render_as_string(hide_password=False))

    def migrate(step, revision: str) -> None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, revision)

    def contacts() -> tuple:
        with engine.connect() as connection:
            return connection.execute(text(
                "SELECT contact_email, contact_phone, contact FROM consultation")).one()

    migrate(command.upgrade, "0017")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO organisation (id, slug, name, created_at) "
            "VALUES (1, 'o', 'O', '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO consultation (organisation_id, slug, title, summary, "
            "easy_read_summary, participation_level, can_change, cannot_change, audience, "
            "contact, return_address, drop_off, privacy_notice, one_question_per_page, "
            "statutory, topics, areas, formats, plan, events, glossary, languages, "
            "translations, status, created_at, updated_at) VALUES (1, 'c', 'C', '', '', "
            "'consult', '[]', '[]', '[]', 'x@y.gov.uk or 01234 567890', '', '[]', '', 0, 0, "
            "'[]', '[]', '[]', '{}', '[]', '[]', '[]', '{}', 'draft', '2026-01-01', "
            "'2026-01-01')"))
    migrate(command.upgrade, "0018")
    assert contacts() == ("x@y.gov.uk", "01234 567890", "")
    migrate(command.downgrade, "0017")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT contact FROM consultation")).scalar_one() == \
            "x@y.gov.uk or 01234 567890"
    engine.dispose()


def test_each_kind_of_contact_is_its_own_link(app):
    with app.test_request_context("/"):
        shown = str(contact_html(ContactDetails("x@y.gov.uk", "01234 567890", "Room 4")))
    assert shown == ('<a class="govuk-link" href="mailto:x@y.gov.uk">x@y.gov.uk</a>, '
                     '<a class="govuk-link" href="tel:01234567890">01234 567890</a> or Room 4')


def test_an_old_combined_contact_is_shown_as_two_working_links(client, open_park,
                                                                 make_consultation,
                                                                 organisation, db_session,
                                                                 ready_definition):
    """Failed before: the start page made `mailto:x@y.gov.uk or 01234 567890`. The
    definition is as published before the split, with everything in `contact`."""
    consultation = make_consultation(organisation, ready_definition, slug="old-contact",
                                     contact="x@y.gov.uk or 01234 567890",
                                     opens=date.today().isoformat(),
                                     closes=(date.today() + timedelta(days=30)).isoformat())
    publish(db_session, consultation, None)
    db_session.commit()
    page = client.get("/c/old-contact").get_data(as_text=True)
    assert 'href="mailto:x@y.gov.uk"' in page
    assert 'href="tel:01234567890"' in page
    assert "mailto:x@y.gov.uk or" not in page


def test_staff_give_each_kind_in_its_own_box(client, make_user, organisation, open_park,
                                             db_session):
    from conftest import sign_in

    make_user(organisation, "ed@example.gov.uk")
    sign_in(client, "ed@example.gov.uk")
    details = f"/staff/consultations/{open_park.id}/details"
    form = client.get(details).get_data(as_text=True)
    assert 'name="contact_email"' in form and 'name="contact_phone"' in form
    refused = client.post(details, data={
        "title": open_park.title, "slug": open_park.slug,
        "participation_level": open_park.participation_level,
        "contact_email": "parks@example.gov.uk or 0121 569 2000",
        "contact_phone": "ring us", "contact": "parks@example.gov.uk"}
    ).get_data(as_text=True)
    assert "Enter one e-mail address, like planning@example.gov.uk" in refused
    assert "Enter one phone number" in refused
    assert "Put the e-mail address in the e-mail box" in refused
    assert 'value="parks@example.gov.uk or 0121 569 2000"' in refused  # kept as typed


# --- The admin page -------------------------------------------------------------------

@pytest.fixture
def admin_client(client, make_user, organisation):
    from conftest import sign_in

    make_user(organisation, "admin@example.gov.uk", Role.ADMIN, "Ada Admin")
    assert sign_in(client, "admin@example.gov.uk").status_code == 302
    return client


def test_only_admins_set_the_look(editor_client):
    assert editor_client.get("/staff/look").status_code == 403


def test_a_refused_colour_says_its_ratio_and_keeps_everything_typed(admin_client, db_session,
                                                                    organisation):
    response = admin_client.post("/staff/look", data={
        "public_name": "Sandwell Council Consultations", "colour": "#f47738",
        "contact_email": "haveyoursay@sandwell.gov.uk", "contact_phone": "0121 569 2000",
        "logo": (io.BytesIO(png_logo()), "logo.png")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This colour has a contrast ratio of 2.7:1 against white" in page
    assert "Enter the logo&#39;s alt text" in page  # a logo needs its alt text
    assert 'value="Sandwell Council Consultations"' in page and 'value="#f47738"' in page
    pending = re.search(r'name="pending_logo"[^>]*value="([0-9a-f]{32}\.png)"', page)
    assert pending, "the logo that passed is kept aside, not lost"
    db_session.refresh(organisation)
    assert organisation.brand_version == 0 and organisation.logo_key is None  # nothing kept

    saved = admin_client.post("/staff/look", data={
        "public_name": "Sandwell Council Consultations", "colour": "#1d70b8",
        "logo_alt": "Sandwell Council", "contact_email": "haveyoursay@sandwell.gov.uk",
        "contact_phone": "0121 569 2000", "pending_logo": pending.group(1),
        "privacy_url": "https://www.sandwell.gov.uk/privacy"},
        content_type="multipart/form-data")
    assert saved.status_code == 302
    db_session.refresh(organisation)
    assert organisation.brand_colour == "#1d70b8" and organisation.logo_key.endswith(".png")
    store = admin_client.application.extensions["file_store"]
    assert store.get(organisation.logo_key) is not None
    assert store.get(f"brand/{organisation.id}/upload-{pending.group(1)}") is None


def test_an_unsafe_svg_is_refused_on_the_page(admin_client):
    page = admin_client.post("/staff/look", data={
        "logo_alt": "Us", "logo": (io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg">'
                                              b'<script>alert(1)</script></svg>'), "x.svg")},
        content_type="multipart/form-data").get_data(as_text=True)
    assert "The SVG file has a script, so it cannot be used safely" in page
    assert 'name="pending_logo"' in page and re.search(r'name="pending_logo"[^>]*value="[0-9a-f]',
                                                       page) is None


# --- Two organisations side by side ---------------------------------------------------

@dataclass
class Branded:
    organisation: Organisation
    name: str
    colour: str
    alt: str


@pytest.fixture
def two_brands(app, db_session, make_org) -> tuple[Branded, Branded]:
    store = app.extensions["file_store"]
    sandwell = make_org("sandwell", "Sandwell Metropolitan Borough Council")
    dudley = make_org("dudley", "Dudley Council")
    save_look(db_session, store, sandwell, Look(
        "Smethwick Town Council", "Smethwick Town Council crest", "#5a2d82",
        ContactDetails("haveyoursay@sandwell.gov.uk", "0121 569 2000", ""),
        "https://www.sandwell.gov.uk/privacy", ""), checked_logo(png_logo(), 600), False)
    save_look(db_session, store, dudley, Look(
        "Dudley Partnership", "Dudley Partnership logo", "#00703c",
        ContactDetails("", "01384 818181", "Dudley Council Plus, Castle Street"), "",
        "https://www.dudley.gov.uk/accessibility"), checked_logo(SVG_LOGO, 600), False)
    db_session.commit()
    return (Branded(sandwell, "Smethwick Town Council", "#5a2d82",
                    "Smethwick Town Council crest"),
            Branded(dudley, "Dudley Partnership", "#00703c", "Dudley Partnership logo"))


def _open(db_session, make_consultation, ready_definition, brand: Branded, slug: str):
    today = date.today()
    consultation = make_consultation(brand.organisation, ready_definition, slug=slug,
                                     opens=(today - timedelta(days=1)).isoformat(),
                                     closes=(today + timedelta(days=30)).isoformat())
    publish(db_session, consultation, None)
    db_session.commit()
    return consultation


def test_each_organisation_s_public_pages_carry_its_own_brand(client, db_session,
                                                              make_consultation,
                                                              ready_definition, two_brands):
    for mine, theirs, slug in ((*two_brands, "park-s"), (*reversed(two_brands), "park-d")):
        _open(db_session, make_consultation, ready_definition, mine, slug)
        start = client.get(f"/c/{slug}").get_data(as_text=True)
        started = client.post(f"/c/{slug}/start", data={})
        question = client.get(started.headers["Location"]).get_data(as_text=True)
        for page in (start, question):
            assert f"– {mine.name}</title>" in page
            assert f'alt="{mine.alt}"' in page
            assert f'/brand/{mine.organisation.slug}/1.css' in page
            assert theirs.name not in page and theirs.organisation.slug + "/" not in page
            assert "Surveybuilder</a>" not in page  # the header names the organisation
        css = client.get(f"/brand/{mine.organisation.slug}/1.css")
        assert mine.colour in css.get_data(as_text=True)
        assert "max-age=31536000" in css.headers["Cache-Control"]
        logo = client.get(f"/brand/{mine.organisation.slug}/1/logo")
        assert logo.status_code == 200
        assert "sandbox" in logo.headers["Content-Security-Policy"]
    sandwell_page = client.get("/c/park-s").get_data(as_text=True)
    assert 'href="mailto:haveyoursay@sandwell.gov.uk"' in sandwell_page  # footer contact
    assert 'href="https://www.sandwell.gov.uk/privacy"' in sandwell_page
    dudley_page = client.get("/c/park-d").get_data(as_text=True)
    assert 'href="tel:01384818181"' in dudley_page
    assert 'href="https://www.dudley.gov.uk/accessibility"' in dudley_page
    home = client.get("/").get_data(as_text=True)  # every organisation's: the site's own
    assert "Surveybuilder</a>" in home and "/brand/" not in home


def test_an_old_stylesheet_address_is_gone_and_the_css_never_has_a_failing_colour(
        client, two_brands, db_session):
    assert client.get("/brand/sandwell/0.css").status_code == 404
    sandwell = two_brands[0].organisation
    sandwell.brand_colour = "#f47738"  # put in by hand, past the page's check
    db_session.add(sandwell)
    db_session.commit()
    with pytest.raises(BrandError):
        brand_css(brand_for(sandwell))


def _colours(page) -> set[tuple[float, ...]]:
    """The fill colours of everything drawn on a PDF page but its text."""
    return {tuple(round(c, 2) for c in shape["non_stroking_color"])
            for shape in (*page.rects, *page.curves)
            if isinstance(shape.get("non_stroking_color"), tuple)}


def _logo_drawn(page, brand: Branded) -> bool:
    """A PNG logo is an image near the top; an SVG one is drawn in its own colours."""
    if brand.organisation.logo_key.endswith(".png"):
        return any(image["top"] < 150 for image in page.images)
    return SVG_FILL in _colours(page)


@pytest.mark.pdf
def test_each_organisation_s_printed_form_carries_its_own_brand(app, db_session,
                                                                make_consultation,
                                                                ready_definition, two_brands):
    from surveybuilder.printing.cache import printed_form
    from surveybuilder.printing.formats import print_format

    store = app.extensions["file_store"]
    for mine, theirs, slug in ((*two_brands, "park-s"), (*reversed(two_brands), "park-d")):
        consultation = _open(db_session, make_consultation, ready_definition, mine, slug)
        drawn = printed_form(db_session, store, consultation, print_format("standard"))
        with pdfplumber.open(io.BytesIO(store.get(drawn.key.pdf_key))) as pdf:
            first = pdf.pages[0]
            text = first.extract_text()
            assert _logo_drawn(first, mine), "the logo heads the cover"
            assert f"A consultation by {mine.name}." in text.replace("\n", " ")
            assert theirs.name not in "".join(p.extract_text() for p in pdf.pages)
            red, green, blue = (int(mine.colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
            assert (round(red, 2), round(green, 2), round(blue, 2)) in _colours(first)


@pytest.mark.pdf
def test_each_organisation_s_published_folder_carries_its_own_brand(
        app, db_session, make_consultation, ready_definition, two_brands, make_user,
        tmp_path):
    from surveybuilder.feedback import decisions
    from surveybuilder.feedback.document import build_in_languages
    from surveybuilder.feedback.publication import write_folder

    store = app.extensions["file_store"]
    for mine, theirs, slug in ((*two_brands, "park-s"), (*reversed(two_brands), "park-d")):
        editor = make_user(mine.organisation, f"editor@{slug}.example.gov.uk")
        consultation, _ = published_results(db_session, mine.organisation, make_consultation,
                                            {**ready_definition, "slug": slug}, editor)
        docs = build_in_languages(db_session, consultation,
                                  decisions.published_feedback(db_session, consultation),
                                  app.config["SUPPRESSION_THRESHOLD"], store)
        folder = tmp_path / slug
        with app.test_request_context("/"):
            write_folder(folder, docs[0], render_template, docs[1:])
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert f'<p class="sb-doc-brand__name">{mine.name}</p>' in page
        assert f'alt="{mine.alt}"' in page and 'src="data:image/' in page
        assert f"border-bottom: 6px solid {mine.colour}" in page
        assert theirs.colour not in page
        assert '<a class="govuk-link" href="mailto:parks@example.gov.uk">' in page  # contact
        assert theirs.name not in page, page[page.index(theirs.name) - 300:][:600]
        with pdfplumber.open(folder / "results-standard.pdf") as pdf:
            assert mine.name in pdf.pages[0].extract_text()
            assert _logo_drawn(pdf.pages[0], mine), "the logo heads the PDF"
            assert theirs.name not in "".join(p.extract_text() for p in pdf.pages)


# --- In the browser ---------------------------------------------------------------------

@pytest.mark.browser
def test_branded_pages_and_the_look_page_pass_axe_at_320px(live_server, browser, db_session,
                                                           make_consultation,
                                                           ready_definition, two_brands,
                                                           make_user):
    from conftest import browser_sign_in

    for mine, slug in ((two_brands[0], "park-s"), (two_brands[1], "park-d")):
        _open(db_session, make_consultation, ready_definition, mine, slug)
        browser.get(f"{live_server}/c/{slug}")
        assert browser.find_element(By.CSS_SELECTOR, ".sb-header__logo").get_attribute(
            "alt") == mine.alt
        header = browser.find_element(By.CSS_SELECTOR, ".sb-header")
        red, green, blue = (int(mine.colour[i:i + 2], 16) for i in (1, 3, 5))
        assert header.value_of_css_property("background-color") == \
            f"rgba({red}, {green}, {blue}, 1)"
        assert_accessible(browser)
        assert no_horizontal_scroll(browser), f"{slug} scrolls sideways at 320 CSS px"
        browser.find_element(By.CSS_SELECTOR, "form[action$='/start'] button").click()
        assert_accessible(browser)
        assert no_horizontal_scroll(browser)

    admin = make_user(two_brands[0].organisation, "admin@sandwell.example.gov.uk", Role.ADMIN)
    browser_sign_in(browser, live_server, admin.email)
    browser.get(f"{live_server}/staff/look")
    assert_accessible(browser)
    colour = browser.find_element(By.ID, "colour")
    colour.clear()
    colour.send_keys("#f47738")
    browser.find_element(By.ID, "logo_alt").clear()
    browser.find_element(By.ID, "submit").click()
    summary = browser.find_element(By.CLASS_NAME, "govuk-error-summary").text
    assert "contrast ratio of 2.7:1 against white" in summary
    assert "Enter the logo's alt text" in summary
    assert_accessible(browser)
    assert no_horizontal_scroll(browser), "the look page's errors scroll sideways at 320 px"
