"""The Feedback tab before results are out (issue 16, item 2): "Close the consultation"
while it is open (the existing close page does it), and a staff-only preview of the
public results page in each format that publishes nothing."""

from __future__ import annotations

import pytest
from support.browser import and_wait, assert_usable
from support.feedback import closed_consultation

from surveybuilder.feedback import decisions
from surveybuilder.models import Status

FORMATS = {"": "standard", "?format=easy-read": "easy-read", "?format=large-print":
           "large-print"}


@pytest.fixture
def written(db_session, organisation, make_consultation, ready_definition):
    """Closed, with a summary and one item written but not published."""
    consultation = closed_consultation(db_session, organisation, make_consultation,
                                       {**ready_definition, "slug": "park-results"}
                                       ).consultation
    decisions.update_summary(db_session, consultation, None, "21 people answered.",
                             "21 people told us what they think.",
                             "The cabinet decides in June.", ["visit"])
    decisions.add_item(db_session, consultation, None, {
        "you_said": "The park feels unsafe after dark.", "question_keys": ["safe"],
        "themes": [], "we_did": "New lights on the main paths.", "status": "planned",
        "reason": "", "owner": "Parks team", "due": None, "easy_read_text": "",
        "easy_read_picture": ""})
    db_session.commit()
    return consultation


def test_an_open_consultation_can_be_closed_from_the_feedback_tab(editor_client, open_park):
    html = editor_client.get(f"/staff/consultations/{open_park.id}/feedback"
                             ).get_data(as_text=True)
    assert f'href="/staff/consultations/{open_park.id}/close">Close the consultation' in html
    closing = editor_client.post(f"/staff/consultations/{open_park.id}/close")
    assert closing.status_code == 302
    html = editor_client.get(f"/staff/consultations/{open_park.id}/feedback"
                             ).get_data(as_text=True)
    assert "Close the consultation" not in html


def test_preview_in_each_format_changes_nothing_public(editor_client, client, written,
                                                       db_session):
    overview = editor_client.get(f"/staff/consultations/{written.id}/feedback"
                                 ).get_data(as_text=True)
    for query in FORMATS:
        address = f"/staff/consultations/{written.id}/feedback/preview{query}"
        assert f'href="{address}"' in overview, query
        response = editor_client.get(address)
        assert response.status_code == 200, query
        html = response.get_data(as_text=True)
        assert "Only staff can see this page" in html
        assert "The park feels unsafe after dark." in html
    easy = editor_client.get(f"/staff/consultations/{written.id}/feedback/preview"
                             "?format=easy-read").get_data(as_text=True)
    assert "21 people told us what they think." in easy  # the easy-read summary
    db_session.expire_all()
    assert decisions.feedback_of(db_session, written).published_at is None
    assert written.status == Status.CLOSED
    editor_client.get("/sign-out")
    assert client.get(f"/c/{written.slug}/results").status_code == 404


def test_no_preview_without_feedback_or_for_other_organisations(
        editor_client, client, open_park, written, make_org, make_user):
    assert editor_client.get(f"/staff/consultations/{open_park.id}/feedback/preview"
                             ).status_code == 404
    from conftest import sign_in
    other = make_org("dudley-council", "Dudley Council")
    make_user(other, "someone@dudley.example.gov.uk")
    client.post("/sign-out")
    sign_in(client, "someone@dudley.example.gov.uk")
    assert client.get(f"/staff/consultations/{written.id}/feedback/preview"
                      ).status_code == 404


def test_close_button_and_previews_in_a_browser(signed_in_browser, live_server, open_park,
                                                written):
    driver = signed_in_browser
    driver.get(f"{live_server}/staff/consultations/{open_park.id}/feedback")
    assert_usable(driver, "feedback tab of an open consultation")
    from selenium.webdriver.common.by import By
    and_wait(driver, driver.find_element(By.LINK_TEXT, "Close the consultation"))
    assert driver.current_url.endswith(f"/staff/consultations/{open_park.id}/close")
    for query, name in FORMATS.items():
        driver.get(f"{live_server}/staff/consultations/{written.id}/feedback/preview{query}")
        assert_usable(driver, f"results preview, {name}")
