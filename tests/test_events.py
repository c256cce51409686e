"""Events: the service keeps them valid, ordered and audited; the editor pages add,
change and delete them with plain error messages; the pages pass axe-core."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from selenium.webdriver.common.by import By
from sqlmodel import select
from support.browser import and_wait, assert_accessible, no_horizontal_scroll, small_targets

from surveybuilder.consultations import events
from surveybuilder.consultations.drafts import DraftError
from surveybuilder.consultations.snapshots import draft_definition
from surveybuilder.models import AuditEvent, Role

DROP_IN = {"title": "Drop-in at Tipton Library", "starts": datetime(2027, 2, 3, 18, 0),
           "ends": datetime(2027, 2, 3, 19, 30), "location": "Tipton Library, DY4 8QL"}
WORKSHOP = {"title": "Play area workshop", "starts": datetime(2027, 1, 20, 10, 0)}

FORM = {"title": "Drop-in at Tipton Library", "date-day": "3", "date-month": "2",
        "date-year": "2027", "start_time": "18:00", "end_time": "19:30",
        "location": "Tipton Library, DY4 8QL", "description": "Step-free access."}


def form(**changes) -> dict:
    """The form as posted: the three date boxes share one name."""
    data = {**FORM, **changes}
    data["date"] = [data.pop("date-day"), data.pop("date-month"), data.pop("date-year")]
    return data


def actions(session, consultation) -> list[str]:
    return [e.action for e in session.exec(select(AuditEvent).where(
        AuditEvent.consultation_id == consultation.id).order_by(AuditEvent.id)).all()]


@pytest.fixture
def draft(make_consultation, organisation):
    return make_consultation(organisation)


# The service ----------------------------------------------------------------------------

def test_events_are_kept_in_time_order_in_the_format_and_audited(db_session, draft, editor):
    events.add_event(db_session, draft, editor, DROP_IN)
    events.add_event(db_session, draft, editor, WORKSHOP)
    db_session.commit()
    assert [e["title"] for e in draft.events] == ["Play area workshop",
                                                  "Drop-in at Tipton Library"]
    assert draft.events[1]["starts"] == "2027-02-03T18:00:00"
    assert "ends" not in draft.events[0]  # defaults are left out, as in the file format
    definition = draft_definition(db_session, draft)  # the draft still loads
    assert [e.title for e in definition.events] == [e["title"] for e in draft.events]

    events.update_event(db_session, draft, editor, 1, {**DROP_IN, "location": "Tipton Library"})
    events.delete_event(db_session, draft, editor, 0)
    db_session.commit()
    assert [(e["title"], e["location"]) for e in draft.events] == [
        ("Drop-in at Tipton Library", "Tipton Library")]
    assert actions(db_session, draft)[-4:] == ["event.added", "event.added", "event.changed",
                                               "event.deleted"]


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"ends": datetime(2027, 2, 3, 17, 0)}, "ends", "The end time must be after the start"),
    ({"ends": datetime(2027, 2, 3, 18, 0)}, "ends", "The end time must be after the start"),
    ({"title": ""}, "title", "Enter this"),
])
def test_impossible_events_are_refused(db_session, draft, editor, change, field, message):
    with pytest.raises(DraftError) as refused:
        events.add_event(db_session, draft, editor, {**DROP_IN, **change})
    assert refused.value.problems[0][0] == field
    assert refused.value.problems[0][1].startswith(message)
    assert draft.events == []


def test_times_without_an_offset_are_sandwell_clock_times():
    summer = events.Event.from_data({"title": "x", "starts": "2027-07-01T18:00:00"})
    winter = events.Event.from_data({"title": "x", "starts": "2027-01-05T18:00:00"})
    assert events.ical_time(summer.starts) == "20270701T170000Z"  # BST is UTC+1
    assert events.ical_time(winter.starts) == "20270105T180000Z"
    offset = events.Event.from_data({"title": "x", "starts": "2027-07-01T18:00:00+02:00"})
    assert events.ical_time(offset.starts) == "20270701T160000Z"
    assert summer.local_starts.hour == 18


def test_upcoming_keeps_events_still_running_and_drops_finished_ones(draft):
    draft.events = [{"title": "Over", "starts": "2027-01-01T10:00:00",
                     "ends": "2027-01-01T11:00:00"},
                    {"title": "On now", "starts": "2027-01-01T10:00:00",
                     "ends": "2027-01-01T13:00:00"},
                    {"title": "Broken", "starts": "not a time"}]
    now = datetime(2027, 1, 1, 12, 0, tzinfo=UTC)
    assert [e.title for e in events.upcoming(draft, now)] == ["On now"]


# iCalendar text rules -----------------------------------------------------------------------

def test_text_is_escaped_backslash_first():
    assert events.escape_text("a\\b;c,d\r\ne\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "Café à Tipton – " * 20
    folded = events.fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join([pieces[0], *(p[1:] for p in pieces[1:])]) == line
    assert events.fold("SUMMARY:short") == "SUMMARY:short"


# The editor pages ---------------------------------------------------------------------------

def test_add_change_and_delete_through_the_pages(editor_client, db_session, draft):
    base = f"/staff/consultations/{draft.id}/events"
    assert "There are no events yet" in editor_client.get(base).get_data(as_text=True)

    response = editor_client.post(f"{base}/new", data=form())
    assert response.status_code == 302 and response.headers["Location"].endswith(base)
    db_session.refresh(draft)
    assert draft.events == [{"title": "Drop-in at Tipton Library",
                             "starts": "2027-02-03T18:00:00", "ends": "2027-02-03T19:30:00",
                             "location": "Tipton Library, DY4 8QL",
                             "description": "Step-free access."}]
    page = editor_client.get(base).get_data(as_text=True)
    assert "Wednesday 3 February 2027" in page and "18:00 to 19:30" in page

    edit = editor_client.get(f"{base}/0/edit").get_data(as_text=True)
    assert 'value="18:00"' in edit and 'value="19:30"' in edit and 'value="03"' in edit
    editor_client.post(f"{base}/0/edit", data=form(start_time="9:15", end_time="",
                                                    title="Morning drop-in"))
    db_session.refresh(draft)
    assert draft.events[0]["starts"] == "2027-02-03T09:15:00"
    assert "ends" not in draft.events[0] and draft.events[0]["title"] == "Morning drop-in"

    confirm = editor_client.get(f"{base}/0/delete").get_data(as_text=True)
    assert "delete the event “Morning drop-in”" in confirm
    editor_client.post(f"{base}/0/delete")
    db_session.refresh(draft)
    assert draft.events == []
    assert actions(db_session, draft)[-3:] == ["event.added", "event.changed",
                                               "event.deleted"]


@pytest.mark.parametrize(("changes", "anchor", "message"), [
    ({"start_time": "25:00"}, "start_time",
     "Start time must be a real time on the 24-hour clock, like 09:30 or 18:00"),
    ({"start_time": "6pm"}, "start_time", "Start time must be a real time"),
    ({"start_time": ""}, "start_time", "Enter the start time, like 18:00"),
    ({"end_time": "19:75"}, "end_time", "End time must be a real time"),
    ({"end_time": "17:00"}, "end_time", "The end time must be after the start time"),
    ({"date-day": "", "date-month": "", "date-year": ""}, "date-day",
     "Enter the date of the event"),
    ({"date-day": "31", "date-month": "2"}, "date-day", "Date must be a real date"),
    ({"title": ""}, "title", "Enter the name of the event"),
    ({"location": ""}, "location", "Enter where the event is"),
])
def test_problems_are_explained_and_what_was_typed_is_kept(editor_client, db_session, draft,
                                                           changes, anchor, message):
    response = editor_client.post(f"/staff/consultations/{draft.id}/events/new",
                                  data=form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert f'href="#{anchor}"' in page and message in page
    assert "Step-free access." in page  # nothing typed is lost
    for typed in (v for v in changes.values() if v):
        assert f'value="{typed}"' in page
    db_session.refresh(draft)
    assert draft.events == []


def test_events_of_other_organisations_and_missing_events_are_not_found(
        editor_client, make_org, make_consultation, draft, example_definition):
    other = make_consultation(make_org("healthwatch", "Healthwatch"),
                              {**example_definition, "slug": "theirs"})
    assert editor_client.get(f"/staff/consultations/{other.id}/events").status_code == 404
    assert editor_client.get(f"/staff/consultations/{draft.id}/events/0/edit"
                             ).status_code == 404
    assert editor_client.post(f"/staff/consultations/{draft.id}/events/3/delete"
                              ).status_code == 404


def test_viewers_can_see_events_but_not_change_them(client, make_user, organisation, draft,
                                                    db_session, editor):
    from conftest import sign_in

    events.add_event(db_session, draft, editor, DROP_IN)
    db_session.commit()
    viewer = make_user(organisation, "viewer@example.gov.uk", Role.VIEWER, "Vic Viewer")
    sign_in(client, viewer.email)
    page = client.get(f"/staff/consultations/{draft.id}/events").get_data(as_text=True)
    assert "Drop-in at Tipton Library" in page and "/events/0/edit" not in page
    assert client.get(f"/staff/consultations/{draft.id}/events/new").status_code == 403


def test_every_consultation_page_has_an_events_tab(editor_client, db_session, draft):
    link = f'href="/staff/consultations/{draft.id}/events"'
    assert link in editor_client.get(f"/staff/consultations/{draft.id}").get_data(as_text=True)
    draft.status = "closed"
    db_session.add(draft)
    db_session.commit()
    assert link in editor_client.get(f"/staff/consultations/{draft.id}/plan").get_data(
        as_text=True)


# In the browser --------------------------------------------------------------------------

def test_event_pages_are_accessible(signed_in_browser, live_server, draft):
    browser = signed_in_browser
    base = f"{live_server}/staff/consultations/{draft.id}/events"
    browser.get(base + "/new")
    browser.find_element(By.ID, "title").send_keys("Drop-in, with a hearing loop")
    browser.find_element(By.ID, "start_time").send_keys("25:00")
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button"))
    assert browser.title.startswith("Error: ")
    assert browser.execute_script("return document.activeElement.className").startswith(
        "govuk-error-summary")
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)
    assert small_targets(browser) == []
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1

    for name, value in (("date-day", "3"), ("date-month", "2"), ("date-year", "2027"),
                        ("location", "Tipton Library")):
        browser.find_element(By.ID, name).send_keys(value)
    start = browser.find_element(By.ID, "start_time")
    start.clear()
    start.send_keys("18:00")
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button"))
    assert browser.current_url == base
    assert "Drop-in, with a hearing loop" in browser.find_element(By.TAG_NAME, "main").text
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
    assert_accessible(browser)
    assert no_horizontal_scroll(browser)
    assert small_targets(browser) == []
