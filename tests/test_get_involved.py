"""Get involved: every partner's open consultations and upcoming events, filtered by
topic, area and audience, as a page, an Atom feed and an iCalendar file."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import pytest
from selenium.webdriver.common.by import By
from support.browser import and_wait, assert_accessible, no_horizontal_scroll, small_targets

from surveybuilder.consultations.events import LONDON
from surveybuilder.models import Status

A = "{http://www.w3.org/2005/Atom}"
NOW = datetime.now(LONDON).replace(tzinfo=None, microsecond=0, second=0)
TODAY = NOW.date()


def at(days: int, hour: int = 18) -> str:
    """A Sandwell clock time `days` from now, as the editor stores it."""
    return (NOW + timedelta(days=days)).replace(hour=hour, minute=0).isoformat()


def consultation_data(slug: str, title: str, topics: list[str], areas: list[str],
                      audience: list[str], **extra) -> dict:
    return {"format": "surveybuilder/1", "slug": slug, "title": title,
            "participation_level": "involve", "topics": topics, "areas": areas,
            "audience": audience, "sections": [], **extra}


@pytest.fixture
def partners(make_org, organisation):
    return organisation, make_org("healthwatch", "Healthwatch Sandwell"), make_org(
        "scvo", "Sandwell Council of Voluntary Organisations")


def make(db_session, make_consultation, owner, data: dict, status: Status,
         closes: date | None = None):
    consultation = make_consultation(owner, data)
    consultation.status = status
    consultation.opens = TODAY - timedelta(days=20)
    consultation.closes = closes or TODAY + timedelta(days=30)
    db_session.add(consultation)
    db_session.commit()
    return consultation


@pytest.fixture
def world(db_session, make_consultation, partners):
    council, healthwatch, scvo = partners
    park = make(db_session, make_consultation, council, consultation_data(
        "park", "Victoria Park & play <areas>", ["Parks", "Play"], ["Tipton"],
        ["families"], summary="New benches, lighting and play equipment.",
        events=[{"title": "Park walk, with tea; all welcome", "starts": at(10, 10),
                 "ends": at(10, 12), "location": "Main gate, Victoria Park, Tipton",
                 "description": "Step-free route.\nHearing loop in the café."},
                {"title": "Last week's stall", "starts": at(-7)}]), Status.OPEN)
    library = make(db_session, make_consultation, healthwatch, consultation_data(
        "library", "Library opening hours", ["libraries", "parks"], ["Wednesbury"],
        ["adults"]), Status.OPEN, closes=TODAY + timedelta(days=5))
    care = make(db_session, make_consultation, scvo, consultation_data(
        "care", "Adult social care charges", ["adult social care"], ["whole borough"],
        ["carers"], events=[{"title": "What you told us: feedback meeting",
                             "starts": at(20), "location": "Council House, Oldbury"}]),
        Status.CLOSED, closes=TODAY - timedelta(days=3))
    hidden = [
        make(db_session, make_consultation, council, consultation_data(
            "secret-draft", "A draft nobody should see", ["parks"], ["Tipton"], [],
            events=[{"title": "Draft event", "starts": at(3)}]), Status.DRAFT),
        make(db_session, make_consultation, healthwatch, consultation_data(
            "over", "Finished and quiet", ["bins"], ["Tipton"], [],
            events=[{"title": "Old meeting", "starts": at(-40)}]), Status.CLOSED,
            closes=TODAY - timedelta(days=30)),
        make(db_session, make_consultation, scvo, consultation_data(
            "past-closing", "Past its closing date", ["roads"], ["Tipton"], []),
            Status.OPEN, closes=TODAY - timedelta(days=1)),
    ]
    return park, library, care, hidden


def text(response) -> str:
    return response.get_data(as_text=True)


# The page -----------------------------------------------------------------------------------

def test_lists_open_consultations_and_upcoming_events_from_every_partner(client, world):
    park, library, care, hidden = world
    page = text(client.get("/get-involved"))
    assert "2 consultations and 2 events" in page
    for shown in ("Victoria Park &amp; play &lt;areas&gt;", 'href="/c/park"',
                  "Library opening hours", "Healthwatch Sandwell",
                  "Park walk, with tea; all welcome", "What you told us: feedback meeting",
                  "Sandwell Council of Voluntary Organisations", "Main gate, Victoria Park",
                  "10:00 to 12:00", "Involve: you help shape the work", "families"):
        assert shown in page, shown
    assert library.closes.strftime("%A %-d %B %Y") in page
    for absent in ("Last week", "A draft nobody should see", "Draft event",
                   "Finished and quiet", "Old meeting", "Past its closing date"):
        assert absent not in page, absent
    # The closed consultation is not offered for answers, only its event is listed.
    assert f'id="consultation-{care.id}"' not in page
    # Events come in time order.
    assert page.index("Park walk") < page.index("feedback meeting")


def test_filter_choices_come_from_the_values_in_use(client, world):
    page = text(client.get("/get-involved"))
    values = re.findall(r'name="topic" type="checkbox" value="([^"]+)"', page)
    assert values == ["adult social care", "libraries", "parks", "play"]  # Parks = parks
    assert re.findall(r'name="area" type="checkbox" value="([^"]+)"', page) == [
        "tipton", "wednesbury", "whole borough"]
    assert "roads" not in values and "bins" not in values
    assert "Apply filters" in page and "Clear filters" not in page


@pytest.mark.parametrize(("query", "consultations", "events"), [
    ("topic=parks", ["library", "park"], ["Park walk"]),
    ("topic=play&topic=libraries", ["library", "park"], ["Park walk"]),
    ("topic=parks&area=wednesbury", ["library"], []),
    ("audience=carers", [], ["feedback meeting"]),
    ("area=tipton&audience=adults", [], []),
    ("topic=no-such-topic", ["library", "park"], ["Park walk", "feedback meeting"]),
])
def test_filters_narrow_the_page(client, world, query, consultations, events):
    """Soonest closing first; any ticked value within a facet, every facet ticked."""
    page = text(client.get(f"/get-involved?{query}"))
    shown = re.findall(r'<h3 class="govuk-heading-m[^"]*"><a class="govuk-link" '
                       r'href="/c/([^"]+)"', page)
    assert shown == consultations
    assert [e for e in ("Park walk", "feedback meeting") if e in page] == events
    count = (f"{len(consultations)} consultation{'' if len(consultations) == 1 else 's'} "
             f"and {len(events)} event{'' if len(events) == 1 else 's'}")
    assert count in page
    if "no-such-topic" in query:
        assert "Clear filters" not in page
    else:
        assert "match your filters" in page and 'href="/get-involved">Clear filters' in page
        for value in re.findall(r"=([^&]+)", query):
            assert re.search(rf'value="{value}"\s+checked', page), value


def test_home_page_links_to_get_involved(client):
    assert 'href="/get-involved"' in text(client.get("/"))


# The Atom feed ------------------------------------------------------------------------------

def test_atom_feed_is_valid_and_matches_the_page(client, world):
    park, library, care, _ = world
    response = client.get("/get-involved/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{A}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{A}{required}") is not None, required
    assert feed.find(f"{A}link[@rel='self']").get("href") == \
        "http://localhost/get-involved/feed.atom"
    entries = feed.findall(f"{A}entry")
    titles = [e.findtext(f"{A}title") for e in entries]
    assert titles == ["Library opening hours", "Victoria Park & play <areas>",
                      "Event: Park walk, with tea; all welcome",
                      "Event: What you told us: feedback meeting"]
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert entry.findtext(f"{A}id").startswith("http://localhost/get-involved#")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.findtext(f"{A}updated"))
        assert entry.find(f"{A}author/{A}name").text
        assert entry.find(f"{A}link[@rel='alternate']").get("href").startswith(
            "http://localhost/c/")
    assert entries[0].find(f"{A}author/{A}name").text == "Healthwatch Sandwell"
    assert feed.findtext(f"{A}updated") == max(e.findtext(f"{A}updated") for e in entries)
    # Filters carry over, and change the feed's own id.
    filtered = ET.fromstring(client.get("/get-involved/feed.atom?audience=carers").data)
    assert [e.findtext(f"{A}title") for e in filtered.findall(f"{A}entry")] == [
        "Event: What you told us: feedback meeting"]
    assert filtered.findtext(f"{A}id") != feed.findtext(f"{A}id")


def test_page_links_to_feed_and_calendar_with_its_filters(client, world):
    page = text(client.get("/get-involved?topic=parks"))
    assert 'href="/get-involved/feed.atom?topic=parks"' in page
    assert 'href="/get-involved/events.ics?topic=parks"' in page
    assert 'rel="alternate" type="application/atom+xml"' in page


# The calendar -------------------------------------------------------------------------------

def unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def parse_calendar(body: str) -> list[dict[str, str]]:
    """Just enough RFC 5545 to read back what we wrote: VEVENTs as name → value."""
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in unfold(body):
        name, _, value = line.partition(":")
        name = name.split(";")[0]
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name] = unescape(value)
    return events


def test_calendar_follows_rfc_5545_and_reads_back(client, world):
    response = client.get("/get-involved/events.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    assert "\n" not in body.replace("\r\n", "")  # CRLF line ends only
    assert all(len(line.encode("utf-8")) <= 75 for line in body.split("\r\n"))
    lines = unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)

    events = parse_calendar(body)
    assert [e["SUMMARY"] for e in events] == ["Park walk, with tea; all welcome",
                                              "What you told us: feedback meeting"]
    walk = events[0]
    assert "\\," in body and "\\;" in body  # escaped on the way out
    assert walk["LOCATION"] == "Main gate, Victoria Park, Tipton"
    assert "Step-free route.\nHearing loop in the café." in walk["DESCRIPTION"]
    assert walk["URL"] == "http://localhost/c/park"
    start = datetime.fromisoformat(at(10, 10)).replace(tzinfo=LONDON)
    assert walk["DTSTART"] == _utc(start)
    assert walk["DTEND"] == _utc(start + timedelta(hours=2))
    assert "DTEND" not in events[1]
    for event in events:
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
        assert event["UID"].endswith("@localhost")
    assert len({e["UID"] for e in events}) == 2
    # The same event keeps its UID from one download to the next.
    again = parse_calendar(client.get("/get-involved/events.ics").get_data(as_text=True))
    assert [e["UID"] for e in again] == [e["UID"] for e in events]

    filtered = parse_calendar(client.get("/get-involved/events.ics?area=tipton").get_data(
        as_text=True))
    assert [e["SUMMARY"] for e in filtered] == ["Park walk, with tea; all welcome"]


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


# In the browser -------------------------------------------------------------------------------

def test_get_involved_is_accessible_unfiltered_and_filtered(browser, live_server, world):
    browser.get(f"{live_server}/get-involved")
    checks(browser)
    for value in ("parks", "tipton"):
        box = browser.find_element(By.CSS_SELECTOR, f"input[type=checkbox][value='{value}']")
        browser.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']").click()
    and_wait(browser, browser.find_element(By.XPATH, "//main//button[normalize-space(.)="
                                                     "'Apply filters']"))
    assert "topic=parks" in browser.current_url and "area=tipton" in browser.current_url
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "1 consultation and 1 event match your filters" in main
    checks(browser)
    and_wait(browser, browser.find_element(By.LINK_TEXT, "Clear filters"))
    assert browser.current_url == f"{live_server}/get-involved"


def checks(browser) -> None:
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)
    assert small_targets(browser) == []
