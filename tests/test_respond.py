"""The resident journey over HTTP: pages, routing, validation that keeps input, check
answers, submitting once (also under a race), save and return, closing, abuse limits,
and the staff JSON export of what was stored."""

from __future__ import annotations

import email
import email.policy
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta

import pytest
from sqlmodel import select

from surveybuilder.consultations.lifecycle import close, live_version, publish
from surveybuilder.consultations.snapshots import draft_data, write_draft
from surveybuilder.models import Answer, BackgroundJob, Journey, RateEvent, Response
from surveybuilder.responses import journeys, storage
from surveybuilder.survey.loading import load_definition

TODAY = date.today()


@pytest.fixture
def park(open_park):
    return open_park


def start(client, slug="victoria-park-2027") -> str:
    response = client.post(f"/c/{slug}/start")
    assert response.status_code == 302
    return response.headers["Location"]


def answer(client, url: str, **fields) -> str:
    response = client.post(url, data={"action": "continue", **fields})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def body(response) -> str:
    return response.get_data(as_text=True)


def finish(client, url: str, visit="never", **extra) -> str:
    """Answer the example through to check answers; returns the check page address."""
    url = answer(client, url, visit=visit)
    if visit == "never":
        url = answer(client, url, why_not="Too dark", safe="disagree")
    else:
        url = answer(client, url, safe="agree")
    fields = {"postcode": "b69 3de", "hear_back": "no", **extra}
    return answer(client, url, **fields)


def test_consultation_page_says_what_residents_need(client, park):
    page = body(client.get("/c/victoria-park-2027"))
    for text in ("Have your say on Victoria Park", "Where new benches and lighting go",
                 "The total budget of £250,000", "Sandwell Council", "Start now",
                 "parks@example.gov.uk", "How we use your answers",
                 "We will publish what people said"):
        assert text in page, text
    assert client.get("/c/no-such-thing").status_code == 404


def test_a_draft_is_not_public(client, make_consultation, organisation):
    make_consultation(organisation, slug="secret-draft")
    assert client.get("/c/secret-draft").status_code == 404


def test_full_journey_stores_one_whole_response_without_the_skipped_branch(
        client, park, db_session):
    check = finish(client, start(client), visit="weekly")
    page = body(client.get(check))
    assert "Check your answers before sending" in page and "B69 3DE" in page
    done = client.post(check.replace("/check", "/submit"))
    assert done.status_code == 302
    confirmation = body(client.get(done.headers["Location"]))
    reference = re.search(r'sb-reference">([A-Z0-9-]+)<', confirmation).group(1)
    assert re.fullmatch(r"[ACDEFGHJKMNPQRTUVWXY34679]{4}-[ACDEFGHJKMNPQRTUVWXY34679]{4}",
                        reference)
    stored = db_session.exec(select(Response)).one()
    assert (stored.channel, stored.format) == ("online", "standard")
    keys = sorted(a.question_key for a in db_session.exec(select(Answer)).all())
    assert keys == ["hear_back", "postcode", "safe", "visit"]
    assert not hasattr(stored, "address") and "ip" not in Response.model_fields


def test_changing_an_answer_drops_what_routing_no_longer_shows(client, park, db_session):
    first = start(client)
    check = finish(client, first, visit="never")
    assert "Too dark" in body(client.get(check))
    # Change the first answer from the check page: the why_not answer must go.
    change = answer(client, first + "?return=check", visit="weekly")
    assert change.endswith("/check")
    assert "Too dark" not in body(client.get(change))
    client.post(change.replace("/check", "/submit"))
    assert "why_not" not in {a.question_key for a in db_session.exec(select(Answer)).all()}


def test_errors_say_how_to_fix_and_keep_what_was_typed(client, park):
    first = start(client)
    page = body(client.post(first, data={"action": "continue"}))
    assert "<title>Error: " in page
    assert "There is a problem" in page and 'href="#visit"' in page
    assert "Select an answer to “How often do you visit Victoria Park?”" in page
    url = answer(client, first, visit="weekly")
    url = answer(client, url, safe="agree")
    page = body(client.post(url, data={"action": "continue", "postcode": "XYZ 123",
                                       "hear_back": "yes"}))
    assert "Enter a real UK postcode, like B69 3DE" in page
    assert 'value="XYZ 123"' in page
    assert re.search(r'value="yes"\s+checked', page)


def test_required_answers_are_checked_again_at_submit(client, park, db_session):
    journey_url = start(client)
    token = journey_url.split("/r/")[1].split("/")[0]
    page = client.post(f"/c/victoria-park-2027/r/{token}/submit")
    assert page.status_code == 200
    assert "Answer “How often do you visit Victoria Park?”: it is required" in body(page)
    assert db_session.exec(select(Response)).all() == []


def test_a_second_submit_gives_back_the_first_response(client, park, db_session):
    check = finish(client, start(client))
    submit = check.replace("/check", "/submit")
    first = client.post(submit)
    second = client.post(submit)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(db_session.exec(select(Response)).all()) == 1


def test_the_same_final_page_submitted_twice_at_once_makes_one_response(
        live_server, park, db_session):
    opener = urllib.request.build_opener(NoRedirect)
    journey = opener_post(opener, f"{live_server}/c/victoria-park-2027/start")
    url = live_server + journey
    for fields in ({"visit": "weekly"}, {"safe": "agree"},
                   {"postcode": "B69 3DE", "hear_back": "no"}):
        url = live_server + opener_post(opener, url, {"action": "continue", **fields})
    submit = url.replace("/check", "/submit")
    barrier = threading.Barrier(4)
    results: list[str] = []

    def send() -> None:
        barrier.wait()
        results.append(opener_post(opener, submit))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(results) == 4 and len(set(results)) == 1
    db_session.expire_all()
    assert len(db_session.exec(select(Response)).all()) == 1


def test_a_reference_already_taken_is_drawn_again(db_session, park, monkeypatch):
    """References are random; a clash with a stored one is caught by the unique index
    and the response gets a fresh reference, with nothing stored twice."""
    version = live_version(db_session, park)
    definition = load_definition(version.definition)
    first, _ = storage.submit(db_session, park, version.id, definition, {"visit": "weekly"},
                              "online", "standard")
    drawn = iter([first.reference, "ACDEFGHJ"])
    monkeypatch.setattr(storage, "random_code", lambda _length: next(drawn))
    second, created = storage.submit(db_session, park, version.id, definition,
                                     {"visit": "never"}, "online", "standard")
    assert created and second.reference == "ACDEFGHJ"
    stored = db_session.exec(select(Response).order_by(Response.id)).all()
    assert [r.reference for r in stored] == [first.reference, "ACDEFGHJ"]
    answers = db_session.exec(select(Answer.response_id, Answer.option_key)).all()
    assert sorted(answers) == [(first.id, "weekly"), (second.id, "never")]


def test_work_given_with_a_response_is_undone_if_the_response_is_not_stored(db_session,
                                                                           park):
    """`also` runs in the response's own transaction: when storing fails, neither the
    response nor that work is kept."""
    version = live_version(db_session, park)
    definition = load_definition(version.definition)
    journey = journeys.start(db_session, park, version.id, "standard")
    db_session.commit()

    def mark_then_fail(response: Response) -> None:
        journeys.mark_sent(db_session, journey, response)
        db_session.flush()
        db_session.add(Response(consultation_id=park.id, version_id=version.id,
                                reference=response.reference))  # the same reference
        db_session.flush()

    with pytest.raises(storage.SubmissionError):
        storage.submit(db_session, park, version.id, definition, {"visit": "weekly"},
                       "online", "standard", also=mark_then_fail)
    db_session.expire_all()
    assert db_session.exec(select(Response)).all() == []
    assert db_session.exec(select(Answer)).all() == []
    assert db_session.get(Journey, journey.id).response_id is None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener_post(opener, url: str, fields: dict | None = None) -> str:
    data = urllib.parse.urlencode(fields or {}, doseq=True).encode()
    try:
        opener.open(url, data=data, timeout=10)
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302, redirect.read()[:500]
        return redirect.headers["Location"]
    raise AssertionError(f"{url} did not redirect")


def test_save_and_return_on_another_device(client, app, park):
    first = start(client)
    url = answer(client, first, visit="never")
    saved = client.post(url, data={"action": "save", "why_not": "No toilets"})
    code = re.search(r'id="resume-code">([A-Z0-9-]+)<', body(client.get(
        saved.headers["Location"]))).group(1)
    assert len(code.replace("-", "")) == 12

    other_device = app.test_client()
    wrong = other_device.post("/c/victoria-park-2027/resume", data={"code": "AAAA-AAAA-AAAA"})
    assert "We could not find that code" in body(wrong)
    back = other_device.post("/c/victoria-park-2027/resume",
                             data={"code": code.lower().replace("-", " ")})
    assert back.headers["Location"] == url
    page = body(other_device.get(back.headers["Location"]))
    assert "No toilets" in page
    assert other_device.get(f"/c/victoria-park-2027/resume?code={code}").headers[
        "Location"] == url


def test_resume_look_ups_are_limited(client, app, park):
    app.config["RESUME_LOOKUP_LIMIT"] = 3
    for _ in range(3):
        assert client.post("/c/victoria-park-2027/resume",
                           data={"code": "AAAA-AAAA-AAAA"}).status_code == 200
    refused = client.post("/c/victoria-park-2027/resume", data={"code": "AAAA-AAAA-AAAA"})
    assert refused.status_code == 429
    assert "You have tried too many codes" in body(refused)


def test_submissions_are_rate_limited_per_address_without_keeping_addresses(
        client, app, park, db_session):
    app.config["SUBMIT_RATE_LIMIT"] = 2
    for _ in range(2):
        check = finish(client, start(client))
        assert client.post(check.replace("/check", "/submit")).status_code == 302
    check = finish(client, start(client))
    refused = client.post(check.replace("/check", "/submit"))
    assert refused.status_code == 429
    assert "Your answers are saved" in body(refused)
    assert len(db_session.exec(select(Response)).all()) == 2
    keys = {event.key for event in db_session.exec(select(RateEvent)).all()}
    assert keys and "127.0.0.1" not in keys


def test_a_zero_limit_lets_a_day_centre_send_many(client, app, park, db_session):
    app.config["SUBMIT_RATE_LIMIT"] = 0
    for _ in range(5):
        check = finish(client, start(client))
        assert client.post(check.replace("/check", "/submit")).status_code == 302
    assert len(db_session.exec(select(Response)).all()) == 5


def test_honeypot_looks_like_success_but_stores_nothing(client, park, db_session):
    check = finish(client, start(client))
    page = client.post(check.replace("/check", "/submit"), data={"website": "spam.example"})
    assert page.status_code == 200 and "Response sent" in body(page)
    assert db_session.exec(select(Response)).all() == []


def test_long_text_limit_is_stated_and_enforced(client, app, park):
    app.config["LONG_TEXT_MAX"] = 40
    url = answer(client, start(client), visit="never")
    page = body(client.get(url))
    assert "You can enter up to 40 characters" in page
    refused = body(client.post(url, data={"action": "continue", "why_not": "x" * 41}))
    assert "Your answer must be 40 characters or fewer" in refused


def test_too_large_a_request_gets_a_clear_page(client, app, park):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    url = start(client)
    response = client.post(url, data={"action": "continue", "visit": "x" * 5000})
    assert response.status_code == 413
    assert "too large" in body(response).lower()


def test_after_closing_nothing_is_accepted_and_saved_answers_cannot_be_sent(
        client, park, db_session):
    check = finish(client, start(client))
    close(db_session, park, None)
    db_session.commit()
    page = client.get(check)
    assert page.status_code == 410 and "This consultation has closed" in body(page)
    late = client.post(check.replace("/check", "/submit"))
    assert late.status_code == 410
    assert db_session.exec(select(Response)).all() == []
    assert "This consultation has closed" in body(client.get("/c/victoria-park-2027"))
    assert client.post("/c/victoria-park-2027/start").status_code == 410


def test_after_the_closing_date_the_journey_stops_kindly(client, make_consultation,
                                                        organisation, db_session,
                                                        ready_definition):
    closed = make_consultation(organisation, ready_definition, slug="closed-one",
                               opens=(TODAY - timedelta(days=40)).isoformat(),
                               closes=(TODAY - timedelta(days=1)).isoformat(),
                               feedback_by=(TODAY + timedelta(days=30)).isoformat())
    publish(db_session, closed, None, override_reason="Testing a closed consultation")
    db_session.commit()
    page = client.post("/c/closed-one/start")
    assert page.status_code == 410
    assert "Answers that were saved but not sent cannot be sent now" in body(page)


def test_the_journey_needs_no_cookies(app, park):
    client = app.test_client(use_cookies=False)
    check = finish(client, start(client))
    assert client.post(check.replace("/check", "/submit")).status_code == 302


def test_staff_json_export_has_the_answers(editor_client, client, park, db_session):
    check = finish(client, start(client), visit="weekly")
    client.post(check.replace("/check", "/submit"))
    exported = json.loads(editor_client.get(
        f"/staff/consultations/{park.id}/responses.json").data)
    assert exported["consultation"] == "victoria-park-2027"
    [record] = exported["responses"]
    assert record["answers"] == {"visit": "weekly", "safe": "agree", "postcode": "B69 3DE",
                                 "hear_back": "no"}
    assert record["channel"] == "online" and record["version"] == 1


def test_viewers_cannot_download_responses(client, make_user, organisation, park):
    from conftest import sign_in

    from surveybuilder.models import Role

    make_user(organisation, "viewer@example.gov.uk", Role.VIEWER)
    sign_in(client, "viewer@example.gov.uk")
    assert client.get(f"/staff/consultations/{park.id}/responses.json").status_code == 403


def test_unsent_journeys_of_closed_consultations_are_forgotten(client, park, db_session):
    from surveybuilder.responses.journeys import forget_closed

    start(client)
    assert forget_closed(db_session, TODAY) == 0
    assert forget_closed(db_session, TODAY + timedelta(days=31)) == 1
    db_session.commit()
    assert db_session.exec(select(Journey)).all() == []


def test_saving_with_an_invalid_answer_keeps_it_and_says_why(client, park):
    url = answer(client, start(client), visit="weekly")
    url = answer(client, url, safe="agree")
    page = client.post(url, data={"action": "save", "postcode": "XYZ"})
    assert page.status_code == 200
    assert "Enter a real UK postcode" in body(page) and 'value="XYZ"' in body(page)


def test_a_change_that_brings_in_a_required_question_asks_it_before_check_answers(
        client, make_consultation, organisation, db_session, ready_definition):
    data = json.loads(json.dumps(ready_definition))
    data["sections"][0]["questions"][1]["required"] = True  # why_not, shown for "never"
    consultation = make_consultation(organisation, data, slug="required-branch",
                                     opens=(TODAY - timedelta(days=1)).isoformat(),
                                     closes=(TODAY + timedelta(days=30)).isoformat(),
                                     feedback_by=(TODAY + timedelta(days=60)).isoformat())
    publish(db_session, consultation, None)
    db_session.commit()
    first = start(client, "required-branch")
    check = finish(client, first, visit="weekly")
    assert check.endswith("/check")
    after = answer(client, first + "?return=check", visit="never")
    assert after.endswith("/2?return=check")
    assert "What stops you visiting?" in body(client.get(after))


def test_the_export_stream_gives_back_its_database_connection(editor_client, client, app,
                                                              park):
    check = finish(client, start(client))
    client.post(check.replace("/check", "/submit"))
    pool = app.extensions["db_engine"].pool
    before = pool.checkedout()
    editor_client.get(f"/staff/consultations/{park.id}/responses.json").get_data()
    assert pool.checkedout() <= before


def test_a_journey_keeps_its_version_and_new_journeys_get_the_new_one(
        client, park, db_session):
    """Pages are drawn from cached versions: a new version must show at once to new
    journeys, while a journey already started keeps the wording it began with."""
    old_journey = start(client)
    assert "How often do you visit Victoria Park?" in body(client.get(old_journey))
    changed = draft_data(db_session, park)
    changed["sections"][0]["questions"][0]["text"] = "How often do you go to Victoria Park?"
    write_draft(db_session, park, load_definition(changed))
    publish(db_session, park, None)
    db_session.commit()

    new_page = body(client.get(start(client)))
    assert "How often do you go to Victoria Park?" in new_page
    assert "How often do you visit Victoria Park?" not in new_page
    old_page = body(client.get(old_journey))
    assert "How often do you visit Victoria Park?" in old_page
    assert "How often do you go to Victoria Park?" not in old_page


def saved_page(client) -> str:
    """Answer the first page, save, and return the saved page's address."""
    first = start(client)
    saved = client.post(first, data={"action": "save", "visit": "weekly"})
    assert saved.status_code == 302
    return saved.headers["Location"]


@pytest.fixture
def mail(app, smtp_server):
    inbox, port = smtp_server
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False,
                      SMTP_FROM="consult@example.gov.uk")
    return inbox


def test_residents_can_email_themselves_the_link_and_the_address_is_not_kept(
        client, park, mail, db_session, run_jobs):
    saved = saved_page(client)
    page = body(client.get(saved))
    code = re.search(r'id="resume-code">([A-Z0-9-]+)<', page).group(1)
    assert "Send the code and link to yourself (optional)" in page

    sent = client.post(saved, data={"email": " Resident@Example.com "})
    assert sent.status_code == 200
    assert "We are sending the code and the link to Resident@Example.com" in body(sent)
    assert mail.messages == []  # sent by a background job, after the page
    run_jobs("send-resume-link")
    [(recipients, raw)] = mail.messages
    assert recipients == ["Resident@Example.com"]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    text = message.get_content()
    assert message["Subject"] == "Carry on with “Have your say on Victoria Park”"
    assert code in text
    assert f"/c/victoria-park-2027/resume?code={code.replace('-', '')}" in text
    assert "weekly" not in text and "Every week" not in text  # no answers in the mail
    # The address is nowhere in the database once sent.
    assert "example.com" not in json.dumps(
        [j.args for j in db_session.exec(select(BackgroundJob)).all()]).lower()
    for journey in db_session.exec(select(Journey)).all():
        assert "resident@example.com" not in json.dumps(journey.answers).lower()
    assert "example.com" not in json.dumps(
        [e.model_dump(mode="json") for e in db_session.exec(select(RateEvent)).all()])


def test_a_wrong_address_is_explained_and_kept_to_fix(client, park, mail):
    saved = saved_page(client)
    response = client.post(saved, data={"email": "resident at example"})
    page = body(response)
    assert response.status_code == 200
    assert "<title>Error: " in page and 'href="#email"' in page
    assert "Enter an email address in the correct format" in page
    assert 'value="resident at example"' in page
    assert mail.messages == []


def test_emailing_the_link_is_limited_per_address(client, app, park, mail, run_jobs):
    app.config["RESUME_EMAIL_LIMIT"] = 1
    saved = saved_page(client)
    assert client.post(saved, data={"email": "a@example.com"}).status_code == 200
    refused = client.post(saved, data={"email": "a@example.com"})
    assert refused.status_code == 429
    assert "We have sent too many e-mails from here" in body(refused)
    run_jobs("send-resume-link")
    assert len(mail.messages) == 1


def test_without_a_mail_server_the_link_is_not_offered(client, park, smtp_server):
    inbox, _port = smtp_server
    saved = saved_page(client)
    assert "Send the code and link to yourself" not in body(client.get(saved))
    assert client.post(saved, data={"email": "a@example.com"}).status_code == 200
    assert inbox.messages == []


def test_a_blank_page_drawn_once_carries_each_journeys_own_token(app, editor_client, park):
    """Blank question pages are drawn once and the journey's token put in: two journeys
    get the same page but for their own addresses, a page with a saved answer is drawn
    afresh, and signed-in staff (whose header differs) get their own drawing."""
    client = app.test_client()  # a resident, not signed in
    first, second = start(client), start(client)
    first_token, second_token = first.split("/r/")[1].split("/")[0], \
        second.split("/r/")[1].split("/")[0]
    first_page, second_page = body(client.get(first)), body(client.get(second))
    assert first_token in first_page and second_token not in first_page
    assert second_token in second_page and first_token not in second_page
    assert first_page.replace(first_token, "T") == second_page.replace(second_token, "T")
    answer(client, first, visit="never")
    again = body(client.get(first))
    assert 'value="never" checked' in again and 'checked' not in second_page
    staff_page = body(editor_client.get(start(editor_client)))
    assert "Sign out" in staff_page and "Sign out" not in first_page
