"""Easy read and large print online, over HTTP: the format in the address, the format a
journey starts in and is stored with, switching mid-journey without losing answers or
place, one question per page in easy read, pictures (and their credit), and the
"What this word means" panel.

The browser checks (styles, sizes, contrast, axe) are in test_formats_browser.py,
which answers the survey defined here.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlmodel import select

import easyread
from surveybuilder import formats
from surveybuilder.consultations import lifecycle
from surveybuilder.models import Journey, Response

SLUG = "bus-routes"
TODAY = date.today()

# Two sections; the consultation does not ask for one question per page, so the
# standard format shows each section on one page and easy read shows eight pages.
SECTIONS = [
    {"title": "Your bus trips",
     "questions": [
         {"key": "travel", "type": "single_choice", "required": True,
          "text": "How do you usually travel to the town centre?",
          "easy_read": {"text": "How do you get to town?", "picture": "bus"},
          "options": [
              {"key": "bus", "label": "By bus", "easy_read": {"text": "Bus", "picture": "bus"}},
              {"key": "car", "label": "By car", "easy_read": {"text": "Car", "picture": "car"}},
              {"key": "walk", "label": "On foot",
               "easy_read": {"text": "Walking", "picture": "walk"}}]},
         {"key": "days", "type": "multiple_choice",
          "text": "On which days do you travel by bus?",
          "easy_read": {"text": "Which days do you go on the bus?", "picture": "calendar"},
          "options": [{"key": "weekdays", "label": "Monday to Friday"},
                      {"key": "saturday", "label": "Saturday"},
                      {"key": "sunday", "label": "Sunday"}]},
         {"key": "often", "type": "scale", "scale": "agree",
          "text": "Buses run frequently enough on my route.",
          "easy_read": {"text": "The buses come often enough.", "picture": "bus stop"}},
     ]},
    {"title": "Your views",
     "questions": [
         {"key": "night", "type": "yes_no", "required": True,
          "text": "Would you use a night bus service?",
          "easy_read": {"text": "Would you use a bus at night?", "picture": "night"}},
         {"key": "again", "type": "yes_no", "dont_know": True,
          "text": "May we consult you again about bus routes?",
          "easy_read": {"text": "Should we consult you again?", "picture": "question"}},
         {"key": "ideas", "type": "long_text", "max_length": 500,
          "text": "What would improve the bus service?",
          "easy_read": {"text": "What would make the buses better?", "picture": "idea"}},
         {"key": "last_trip", "type": "date", "required": True,
          "text": "When did you last travel by bus?",
          "easy_read": {"text": "When did you last go on a bus?", "picture": "calendar"}},
         {"key": "postcode", "type": "postcode", "text": "What is your postcode?",
          "personal_data": True},
     ]},
]

# The same answers in every format, as form fields (and what is stored).
ANSWERS = {
    "travel": {"travel": "bus"},
    "days": {"days": ["weekdays", "saturday"]},
    "often": {"often": "disagree"},
    "night": {"night": "yes"},
    "again": {"again": "dont_know"},
    "ideas": {"ideas": "More buses after 10pm"},
    "last_trip": {"last_trip-day": "3", "last_trip-month": "2", "last_trip-year": "2025"},
    "postcode": {"postcode": "b69 3de"},
}
STORED = {"travel": "bus", "days": ["weekdays", "saturday"], "often": "disagree",
          "night": "yes", "again": "dont_know", "ideas": "More buses after 10pm",
          "last_trip": date(2025, 2, 3), "postcode": "B69 3DE"}


def publish_buses(make_consultation, organisation, ready_definition, db_session,
                  slug: str = SLUG, opens: int = -1, closes: int = 30):
    """Publish the bus survey with dates relative to today (also for the browser tests)."""
    consultation = make_consultation(organisation, {
        **ready_definition, "slug": slug, "title": "Bus routes in Sandwell",
        "sections": SECTIONS,
        "opens": (TODAY + timedelta(days=opens)).isoformat(),
        "closes": (TODAY + timedelta(days=closes)).isoformat(),
        "feedback_by": (TODAY + timedelta(days=60)).isoformat()})
    lifecycle.publish(db_session, consultation, None)
    db_session.commit()
    return consultation


@pytest.fixture
def buses(make_consultation, organisation, ready_definition, db_session):
    """The bus survey, published and open (opened yesterday, closes in 30 days)."""
    return publish_buses(make_consultation, organisation, ready_definition, db_session)


def body(response) -> str:
    return response.get_data(as_text=True)


def classes(page: str, tag: str) -> set[str]:
    found = re.search(rf'<{tag}\b[^>]*\bclass="([^"]*)"', page)
    assert found, f"no <{tag}> with a class"
    return set(found.group(1).split())


def question_names(page: str) -> set[str]:
    """The questions a page asks, from its form fields (dates have three boxes)."""
    names = set(re.findall(r'<(?:input|textarea)\b[^>]*\bname="([a-z_]+)(?:-day|-month|-year)?"',
                           page))
    return names - {"website", "format", "csrf_token"}


def start(client, format_slug: str | None = None) -> str:
    data = {"format": format_slug} if format_slug else {}
    response = client.post(f"/c/{SLUG}/start", data=data)
    assert response.status_code == 302, body(response)[:500]
    return response.headers["Location"]


def token_of(url: str) -> str:
    return url.split("/r/")[1].split("/")[0]


def answer_everything(client, url: str) -> str:
    """Answer each page the journey leads to with ANSWERS; returns the check page."""
    for _ in range(20):
        if url.endswith("/check"):
            return url
        page = body(client.get(url))
        fields = {"action": "continue"}
        for key in question_names(page):
            fields.update(ANSWERS[key])
        response = client.post(url, data=fields)
        assert response.status_code == 302, body(response)[:3000]
        url = response.headers["Location"]
    raise AssertionError("the journey never reached check answers")


def switcher(page: str) -> list[tuple[str, str, bool]]:
    """The format switcher's links: (label, href, marked current); on a question page
    the other formats are buttons submitting the answers form: (label, "switch_format=
    <format>", False)."""
    nav = re.search(r'<nav class="sb-format-switcher".*?</nav>', page, re.S)
    assert nav, "no format switcher on the page"
    links = [(unescape(text), unescape(href), "aria-current" in attrs)
             for href, attrs, text in re.findall(
                 r'<a [^>]*href="([^"]+)"([^>]*)>([^<]+)</a>', nav.group(0))]
    buttons = [(text, f"{name}={value}", False) for name, value, text in re.findall(
        r'<button type="submit" form="answers" name="([a-z_]+)" value="([a-z-]+)"[^>]*>'
        r'([^<]+)</button>', nav.group(0))]
    return links + buttons


def switch_on_question_page(client, url: str, label: str, **typed) -> str:
    """Press the switcher's button for `label` on a question page, sending what was
    typed; returns where it leads."""
    target = dict((name, href) for name, href, _ in switcher(body(client.get(url))))[label]
    name, value = target.split("=")
    response = client.post(url, data={name: value, **typed})
    assert response.status_code == 302, body(response)[:2000]
    return response.headers["Location"]


# --- The format in the address -----------------------------------------------------------

@pytest.mark.parametrize(("slug", "css"), [
    (None, "sb-format--standard"), ("standard", "sb-format--standard"),
    ("easy-read", "sb-format--easy-read"), ("large-print", "sb-format--large-print"),
    ("no-such-format", "sb-format--standard")])
def test_the_address_picks_the_format_of_the_consultation_page(client, buses, slug, css):
    page = body(client.get(f"/c/{SLUG}" + (f"?format={slug}" if slug else "")))
    assert css in classes(page, "body") and css in classes(page, "html")
    others = {f.css_class for f in formats.FORMATS} - {css}
    assert not others & classes(page, "body")
    shown = formats.from_slug(slug) or formats.STANDARD
    # The Start form carries the format, so the journey begins in it.
    assert f'name="format" value="{shown.slug}"' in page
    links = switcher(page)
    assert [label for label, _, _ in links] == ["Standard", "Easy read", "Large print"]
    assert [label for label, _, current in links if current] == [shown.label]


def test_starting_in_easy_read_keeps_the_format_on_the_journey_and_the_response(
        client, buses, db_session):
    first = start(client, "easy-read")
    journey = db_session.exec(select(Journey)).one()
    assert journey.format == "easy_read"
    assert "sb-format--easy-read" in classes(body(client.get(first)), "body")
    check = answer_everything(client, first)
    assert "sb-format--easy-read" in classes(body(client.get(check)), "body")
    done = client.post(check.replace("/check", "/submit"))
    assert done.status_code == 302
    assert "sb-format--easy-read" in classes(body(client.get(done.headers["Location"])), "body")
    assert db_session.exec(select(Response)).one().format == "easy_read"


def test_large_print_is_stored_too_and_no_format_means_standard(client, buses, db_session):
    for slug in ("large-print", None):
        check = answer_everything(client, start(client, slug))
        client.post(check.replace("/check", "/submit"))
    stored = [r.format for r in db_session.exec(select(Response).order_by(Response.id))]
    assert stored == ["large_print", "standard"]


def test_the_same_answers_are_stored_whatever_the_format(client, buses, db_session):
    from surveybuilder.results.exports import iter_responses

    for slug in ("standard", "easy-read", "large-print"):
        check = answer_everything(client, start(client, slug))
        assert client.post(check.replace("/check", "/submit")).status_code == 302
    stored = list(iter_responses(db_session, buses))
    assert [r.format for r, _, _ in stored] == ["standard", "easy_read", "large_print"]
    for _response, _version, values in stored:
        assert values == STORED


# --- One question per page ------------------------------------------------------------------

def test_easy_read_asks_one_question_per_page_and_standard_groups_them(client, buses):
    standard = body(client.get(start(client, "standard")))
    assert question_names(standard) == {"travel", "days", "often"}
    url = start(client, "easy-read")
    seen = []
    for _ in range(10):
        if url.endswith("/check"):
            break
        names = question_names(body(client.get(url)))
        assert len(names) == 1, (url, names)
        seen.extend(names)
        fields = {"action": "continue"}
        for key in names:
            fields.update(ANSWERS[key])
        url = client.post(url, data=fields).headers["Location"]
    assert seen == [q["key"] for s in SECTIONS for q in s["questions"]]


def test_the_easy_read_page_heading_is_the_easy_read_words(client, buses):
    page = body(client.get(start(client, "easy-read")))
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    assert "How do you get to town?" in h1
    assert "<strong" in h1  # the question in bold
    assert "usually travel" not in page
    assert "<title>How do you get to town? – Bus routes in Sandwell" in page
    assert "<em" not in page and "<i>" not in page


# --- Switching format mid-journey -------------------------------------------------------------

def test_switching_format_keeps_the_answers_and_the_place(client, buses, db_session):
    first = start(client)  # standard: section 1 on page 1, section 2 on page 2
    second = client.post(first, data={"action": "continue", **ANSWERS["travel"],
                                      **ANSWERS["days"], **ANSWERS["often"]})
    second = second.headers["Location"]
    assert second.endswith("/2")
    # To easy read, from page 2 (section 2): the same place is its first question.
    easy_page = switch_on_question_page(client, second, "Easy read")
    assert "format=" not in easy_page
    page = body(client.get(easy_page))
    assert question_names(page) == {"night"}
    assert "sb-format--easy-read" in classes(page, "body")
    assert db_session.exec(select(Journey)).one().format == "easy_read"

    # Back a page in easy read: the answers given in standard are still there.
    back = re.search(r'<a href="([^"]+)" class="govuk-back-link"', page).group(1)
    page = body(client.get(back))
    assert question_names(page) == {"often"}
    assert re.search(r'value="disagree"\s+checked', page)

    # And to large print from there: the page that holds that question, answers kept.
    page = body(client.get(switch_on_question_page(client, back, "Large print")))
    assert "sb-format--large-print" in classes(page, "body")
    assert question_names(page) == {"travel", "days", "often"}
    assert re.search(r'value="bus"\s+checked', page)
    assert re.search(r'value="saturday"\s+checked', page)
    db_session.expire_all()
    assert db_session.exec(select(Journey)).one().format == "large_print"


def test_switching_keeps_a_change_from_check_answers_going_back_to_check(client, buses):
    check = answer_everything(client, start(client))
    change = re.search(r'href="([^"]+\?return=check)"', body(client.get(check))).group(1)
    moved = switch_on_question_page(client, change, "Easy read")
    assert moved.endswith("?return=check")
    page = body(client.get(moved))
    assert "sb-format--easy-read" in classes(page, "body")
    assert client.post(moved, data={"action": "continue", **ANSWERS["travel"]}
                       ).headers["Location"].endswith("/check")


def test_every_resident_page_has_the_switcher_in_the_journeys_format(client, buses):
    first = start(client, "large-print")
    token = token_of(first)
    saved = client.post(first, data={"action": "save", **ANSWERS["travel"]})
    saved_url = saved.headers["Location"]
    code = re.search(r'id="resume-code">([A-Z0-9-]+)<', body(client.get(saved_url))).group(1)
    check = answer_everything(client, first)
    addresses = [f"/c/{SLUG}?format=large-print", first, saved_url, check,
                 f"/c/{SLUG}/resume?format=large-print"]
    for address in addresses:
        page = body(client.get(address))
        assert "sb-format--large-print" in classes(page, "body"), address
        assert [label for label, _, current in switcher(page) if current] == ["Large print"]
    done = client.post(f"/c/{SLUG}/r/{token}/submit").headers["Location"]
    page = body(client.get(done))
    assert "sb-format--large-print" in classes(page, "body")
    # Switching on the confirmation page changes only how it looks.
    page = body(client.get(client.get(done + "?format=easy-read").headers["Location"]))
    assert "sb-format--easy-read" in classes(page, "body")
    assert code


def test_a_failed_submit_keeps_the_format_and_its_switcher_leads_to_check_answers(
        client, buses):
    token = token_of(start(client, "easy-read"))
    page = client.post(f"/c/{SLUG}/r/{token}/submit")
    assert page.status_code == 200 and "There is a problem" in body(page)
    assert "sb-format--easy-read" in classes(body(page), "body")
    links = dict((label, href) for label, href, _ in switcher(body(page)))
    assert links["Large print"] == f"/c/{SLUG}/r/{token}/check?format=large-print"
    assert client.get(links["Large print"]).headers["Location"] == f"/c/{SLUG}/r/{token}/check"


def test_resuming_in_another_format_carries_on_at_the_same_question(client, buses, db_session):
    first = start(client, "easy-read")
    url = client.post(first, data={"action": "continue", **ANSWERS["travel"]}).headers["Location"]
    url = client.post(url, data={"action": "continue", **ANSWERS["days"]}).headers["Location"]
    saved = client.post(url, data={"action": "save", **ANSWERS["often"]}).headers["Location"]
    code = re.search(r'id="resume-code">([A-Z0-9-]+)<', body(client.get(saved))).group(1)
    resume = body(client.get(f"/c/{SLUG}/resume?format=large-print"))
    assert 'name="format" value="large-print"' in resume
    back = client.post(f"/c/{SLUG}/resume", data={"code": code.lower(), "format": "large-print"})
    assert back.status_code == 302
    page = body(client.get(back.headers["Location"]))
    assert "sb-format--large-print" in classes(page, "body")
    assert question_names(page) == {"travel", "days", "often"}  # the same place
    assert re.search(r'value="disagree"\s+checked', page)
    assert db_session.exec(select(Journey)).one().format == "large_print"


def test_resuming_without_choosing_a_format_keeps_the_journeys_own(client, buses, db_session):
    first = start(client, "easy-read")
    saved = client.post(first, data={"action": "save", **ANSWERS["travel"]}).headers["Location"]
    code = re.search(r'id="resume-code">([A-Z0-9-]+)<', body(client.get(saved))).group(1)
    resume = body(client.get(f"/c/{SLUG}/resume"))
    assert 'name="format"' not in resume
    back = client.post(f"/c/{SLUG}/resume", data={"code": code})
    page = body(client.get(back.headers["Location"]))
    assert "sb-format--easy-read" in classes(page, "body")
    assert question_names(page) == {"travel"} and re.search(r'value="bus"\s+checked', page)
    assert db_session.exec(select(Journey)).one().format == "easy_read"


def test_errors_come_from_the_same_checks_in_every_format(client, buses):
    messages = {}
    for slug in ("standard", "easy-read", "large-print"):
        first = start(client, slug)
        page = body(client.post(first, data={"action": "continue"}))
        assert "<title>Error: " in page and "There is a problem" in page
        assert f"sb-format--{slug}" in classes(page, "body")
        messages[slug] = re.findall(r'href="#travel">([^<]+)<', page)
    # Easy read says the same check's message in its own words (docs/decisions/0012).
    named = "How do you usually travel to the town centre?"
    assert messages["standard"] == messages["large-print"] == [
        f"Select an answer to “{named}”"]
    assert messages["easy-read"] == [f"Choose an answer to “{named}”."]


# --- Pictures, their credit, and hard words -------------------------------------------------

def test_pictures_are_served_to_anyone_and_kept_by_browsers(client, buses):
    concept = easyread.find_concept("bus")
    response = client.get(f"/pictures/bus.svg?v={concept.code}")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.get_data().lstrip().startswith(b"<svg")
    assert response.get_data() == easyread.picture_path("bus").read_bytes()
    assert response.cache_control.public and response.cache_control.max_age >= 365 * 86400
    assert response.cache_control.immutable
    # Synonyms are looked up too; an address without the picture's version is kept
    # for a day only, as the name may get a different picture later.
    synonym = client.get("/pictures/walk.svg")
    assert synonym.status_code == 200
    assert synonym.get_data() == easyread.picture_path("walking").read_bytes()
    assert synonym.cache_control.max_age <= 86400 and not synonym.cache_control.immutable
    # Unknown names and anything like a path are not found.
    for missing in ("/pictures/no-such-picture.svg", "/pictures/..%2F..%2Fsecret.svg",
                    "/pictures/2714-0.svg"):
        assert client.get(missing).status_code == 404, missing


def test_easy_read_pages_show_pictures_with_words_and_the_credit(client, buses):
    page = body(client.get(start(client, "easy-read")))
    images = re.findall(r"<img\b[^>]*>", page)
    # The notice that parts are not in easy read yet (these questions have no easy-read
    # wording: tests/test_easy_read_gaps.py), the question's picture and each option's.
    assert len(images) == 5 and 'alt="warning"' in images[0]
    for image in images:
        assert re.search(r'\balt="[^"]+"', image), image
        assert re.search(r'\bsrc="/pictures/[^"]+\.svg\?v=[0-9A-F-]+"', image), image
        width = int(re.search(r'width="(\d+)"', image).group(1))
        assert width >= 80
    assert easyread.ATTRIBUTION in unescape(page)
    assert 'alt="car"' in page and "Walking" in page

    # The same page in standard and large print: no pictures, no credit.
    for slug in ("standard", "large-print"):
        other = body(client.get(start(client, slug)))
        assert "<img" not in other and easyread.ATTRIBUTION not in unescape(other)


def test_yes_no_shows_a_tick_and_a_cross_and_a_scale_five_faces(client, buses):
    url = start(client, "easy-read")
    pages = {}
    for _ in range(8):
        page = body(client.get(url))
        names = question_names(page)
        pages.update({name: page for name in names})
        fields = {"action": "continue"}
        for key in names:
            fields.update(ANSWERS[key])
        url = client.post(url, data=fields).headers["Location"]
        if url.endswith("/check"):
            break
    yes_no = pages["night"]
    assert re.search(r'value="yes">\s*<label[^>]*>\s*<img[^>]*/pictures/tick\.svg', yes_no)
    assert re.search(r'value="no">\s*<label[^>]*>\s*<img[^>]*/pictures/cross\.svg', yes_no)
    scale = pages["often"]
    faces = re.findall(r'<img class="sb-easy-read__choice-picture" src="/pictures/([^.]+)\.svg',
                       scale)
    assert len(faces) == 5 and len(set(faces)) == 5
    # The words go with each face, in the label.
    assert re.search(r'sad\.svg[^>]*><span class="sb-easy-read__choice-words">Do not agree<', scale)
    assert easyread.ATTRIBUTION in unescape(scale)


def test_what_this_word_means_explains_a_hard_word_that_stayed(client, buses):
    url = start(client, "easy-read")
    for _ in range(8):
        page = body(client.get(url))
        names = question_names(page)
        if names == {"again"}:
            break
        fields = {"action": "continue"}
        for key in names:
            fields.update(ANSWERS[key])
        url = client.post(url, data=fields).headers["Location"]
    else:
        raise AssertionError("never reached the question with a hard word")
    panel = re.search(r'<div class="sb-word-help".*?</dl>', page, re.S)
    assert panel, "no 'What this word means' panel"
    text = unescape(re.sub(r"<[^>]+>", " ", panel.group(0)))
    assert "What this word means" in text
    # The easy-read dictionary's meaning, which beats the jargon list's "ask".
    assert "“consult” means to ask people what they think before you decide." in text
    # A page whose words are all plain has no panel; nor has the standard format.
    assert "sb-word-help" not in body(client.get(start(client, "easy-read")))
    standard = answer_everything(client, start(client))
    assert "What this word means" not in body(client.get(standard))


def test_the_editor_preview_still_draws_the_standard_format(editor_client, buses):
    """The preview uses the same page_body macro without a format: standard words,
    no pictures, no panel."""
    for number in (1, 2):
        response = editor_client.get(f"/staff/consultations/{buses.id}/preview/{number}")
        assert response.status_code == 200
        page = body(response)
        assert "<img" not in page and "What this word means" not in page
        assert "sb-easy-read" not in page
    assert "May we consult you again about bus routes?" in page


def test_the_editor_previews_each_format_and_switches_at_the_same_question(
        editor_client, buses):
    preview = f"/staff/consultations/{buses.id}/preview"
    page = body(editor_client.get(f"{preview}/2?format=easy-read"))
    assert "sb-format--easy-read" in classes(page, "body")
    assert question_names(page) == {"days"}  # one question a page, as residents get it
    assert "Which days do you go on the bus?" in page and "<img" in page
    assert "Pictures: " in page  # the OpenMoji credit
    assert editor_client.get(f"{preview}/9?format=easy-read").status_code == 404
    links = dict((label, href) for label, href, _ in switcher(page))
    # Standard shows the whole first section on page 1, which holds "days".
    assert links["Standard"].endswith(f"{preview}/1")
    assert links["Large print"].endswith(f"{preview}/1?format=large-print")
    large = body(editor_client.get(links["Large print"]))
    assert "sb-format--large-print" in classes(large, "body")
    assert question_names(large) == {"travel", "days", "often"}
    # Continue stays in the format being previewed.
    assert f'href="{preview}/3?format=easy-read"' in page


def test_words_typed_but_not_sent_go_with_a_switch_of_format(client, buses, db_session):
    first = start(client)
    second = answer_everything_on(client, first)
    easy = switch_on_question_page(client, second, "Easy read", ideas="Later buses, please",
                                   **ANSWERS["night"])
    assert "sb-format--easy-read" in classes(body(client.get(easy)), "body")
    db_session.expire_all()
    journey = db_session.exec(select(Journey)).one()
    assert journey.format == "easy_read"
    assert journey.answers["ideas"] == "Later buses, please"
    assert journey.answers["night"] == ANSWERS["night"]["night"]
    # Nothing was required just to switch: the required date is still to be asked.
    assert "last_trip" not in journey.answers


def test_a_typed_answer_that_cannot_be_kept_stops_the_switch_and_says_why(client, buses,
                                                                          db_session):
    second = answer_everything_on(client, start(client))
    response = client.post(second, data={"switch_format": "large-print",
                                         "last_trip-day": "31", "last_trip-month": "2",
                                         "last_trip-year": "2026",
                                         "ideas": "Keep the 74 route"})
    page = body(response)
    assert response.status_code == 200 and "There is a problem" in page
    assert "Keep the 74 route" in page
    assert 'value="31"' in page
    db_session.expire_all()
    assert db_session.exec(select(Journey)).one().format == "standard"


def test_a_journey_address_with_a_format_still_switches(client, buses, db_session):
    """Addresses carrying ?format= (bookmarks, links in letters) keep working."""
    second = answer_everything_on(client, start(client))
    moved = client.get(second + "?format=large-print")
    assert moved.status_code == 302 and "format=" not in moved.headers["Location"]
    db_session.expire_all()
    assert db_session.exec(select(Journey)).one().format == "large_print"


def answer_everything_on(client, first: str) -> str:
    """Answer the standard format's first page; returns the second page's address."""
    response = client.post(first, data={"action": "continue", **ANSWERS["travel"],
                                        **ANSWERS["days"], **ANSWERS["often"]})
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.mark.parametrize("address", ["/", "/get-involved", "/results", "/accessibility",
                                     "/privacy"])
def test_public_pages_have_the_switcher_and_carry_the_chosen_format_on(client, buses,
                                                                        address):
    page = body(client.get(address + "?format=easy-read"))
    assert "sb-format--easy-read" in classes(page, "body")
    links = switcher(page)
    assert [label for label, _, current in links if current] == ["Easy read"]
    assert dict((label, href) for label, href, _ in links)["Large print"] == (
        address + "?format=large-print")
    # Onward links keep the format: the header's home link, and any consultation listed.
    assert 'href="/?format=easy-read"' in page
    if f'/c/{SLUG}' in page:
        assert f'href="/c/{SLUG}?format=easy-read"' in page
    for form in re.findall(r'<form method="get".*?</form>', page, re.S):
        assert '<input type="hidden" name="format" value="easy-read">' in form
    standard = body(client.get(address))
    assert "sb-format--standard" in classes(standard, "body")
    assert 'href="/"' in standard and "format=easy-read\"" not in standard.split("<main")[1]


@pytest.mark.parametrize(("referrer", "easy"), [
    ("http://localhost/c/x?format=easy-read", True),
    ("https://elsewhere.example/c/x?format=easy-read", False),
    ("http://localhost/c/x", False),
    (None, False),
])
def test_a_page_with_no_format_of_its_own_takes_its_words_from_the_page_before(
        client, referrer, easy):
    """Only a page on this site that named easy read makes a page with no format of its
    own (here: not found) speak easy read."""
    headers = {"Referer": referrer} if referrer else {}
    easy_page = client.get("/c/no-such-thing", headers={
        "Referer": "http://localhost/c/x?format=easy-read"}).get_data(as_text=True)
    page = client.get("/c/no-such-thing", headers=headers).get_data(as_text=True)
    standard = client.get("/c/no-such-thing").get_data(as_text=True)
    assert easy_page != standard
    assert page == (easy_page if easy else standard)
