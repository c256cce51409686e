"""The duplicate-theme finder: partners' open and recent work on the same themes is found,
ranked and explained; unrelated, old, private and self matches are not."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import Session

from surveybuilder.consultations.similar import (
    DEFAULT_THRESHOLD,
    find_similar,
    stem,
    terms,
)
from surveybuilder.consultations.snapshots import draft_definition, questions_of
from surveybuilder.models import Consultation, Organisation, Status, SurveyVersion

TODAY = date.today()


def definition(slug: str, title: str, summary: str, topics: list[str], areas: list[str],
               questions: list[str], can_change: list[str] | None = None, **extra) -> dict:
    return {
        "format": "surveybuilder/1", "slug": slug, "title": title, "summary": summary,
        "participation_level": "consult", "topics": topics, "areas": areas,
        "can_change": can_change or [], "contact": f"{slug}@example.org.uk",
        "sections": [{"title": "Your views", "questions": [
            {"key": f"q{n}", "type": "long_text", "text": text}
            for n, text in enumerate([*questions, "What is your postcode?"], start=1)]}],
        **extra}


DRAFT = definition(
    "victoria-park-improvements", "Victoria Park improvements",
    "We are planning improvements to Victoria Park in Tipton: new benches, better lighting "
    "and a refurbished play area.",
    ["parks", "green spaces"], ["Tipton"],
    ["How often do you visit Victoria Park?",
     "What would make the park feel safer after dark?",
     "Which play equipment would your children use?"],
    can_change=["Where new benches and lighting go", "Which play equipment we buy"])

NEAR_DUPLICATE = definition(
    "future-of-victoria-park", "The future of Victoria Park, Tipton",
    "Local families asked us to find out how the park could be made better. Tell us about "
    "lighting, seating and the playground.",
    ["parks", "play areas"], ["Tipton"],
    ["When did you last go to Victoria Park?",
     "Do you feel safe in the park in the evening?",
     "What new play equipment should the playground have?"],
    can_change=["What we ask the council to improve in the park"])

UNRELATED = [
    definition("library-hours", "Library opening hours",
               "Tell us when you use Tipton library and what would help you visit more.",
               ["libraries"], ["Tipton"],
               ["Which library do you use most?",
                "What time should the library open on Saturdays?"]),
    definition("bin-collections", "Changes to bin collections",
               "We are changing how often we collect green waste and recycling.",
               ["waste", "recycling"], ["whole borough"],
               ["How often should we collect your green bin?",
                "Do you have enough space for another recycling bin?"]),
    definition("housing-repairs", "Council housing repairs service",
               "Tell us about your experience of getting a repair done in your council home.",
               ["housing"], ["whole borough"],
               ["How satisfied were you with your last repair?",
                "How long did you wait for the repair to be done?"]),
    definition("care-charging", "Adult social care charging policy",
               "We are reviewing how people contribute to the cost of their care and support.",
               ["adult social care"], ["whole borough"],
               ["Do you pay towards your care and support?",
                "How could we explain the charges more clearly?"]),
]


def publish_as_is(session: Session, consultation: Consultation, status: Status,
                  opens: date, closes: date) -> Consultation:
    """Freeze the draft as a version, as publishing does, without the editor's checks."""
    consultation.opens, consultation.closes = opens, closes
    session.add(SurveyVersion(consultation_id=consultation.id, number=1,
                              definition=draft_definition(session, consultation).to_json()))
    consultation.status = status
    session.add(consultation)
    session.commit()
    return consultation


@pytest.fixture
def partners(make_org, organisation) -> tuple[Organisation, Organisation, Organisation]:
    return (organisation, make_org("healthwatch", "Healthwatch Sandwell"),
            make_org("scvo", "Sandwell Council of Voluntary Organisations"))


@pytest.fixture
def world(db_session, make_consultation, partners):
    """The council's draft, a partner's open near-duplicate and four unrelated pieces of
    recent work from every partner."""
    council, healthwatch, scvo = partners
    draft = make_consultation(council, DRAFT)
    near = publish_as_is(db_session, make_consultation(healthwatch, NEAR_DUPLICATE),
                         Status.OPEN, TODAY - timedelta(days=10), TODAY + timedelta(days=40))
    unrelated = []
    for n, data in enumerate(UNRELATED):
        owner = partners[n % 3]
        status = Status.OPEN if n % 2 else Status.CLOSED
        unrelated.append(publish_as_is(db_session, make_consultation(owner, data), status,
                                       TODAY - timedelta(days=90), TODAY - timedelta(days=30)
                                       if status == Status.CLOSED else TODAY + timedelta(30)))
    return draft, near, unrelated


def test_near_duplicate_ranks_first_and_unrelated_fall_below_threshold(db_session, world):
    draft, near, unrelated = world
    results = find_similar(db_session, draft)
    assert [r.consultation_id for r in results] == [near.id]
    best = results[0]
    assert best.organisation == "Healthwatch Sandwell"
    assert best.status == Status.OPEN and best.closes == near.closes
    assert DEFAULT_THRESHOLD <= best.similarity <= 1

    everything = find_similar(db_session, draft, threshold=0, limit=100)
    scores = {r.consultation_id: r.similarity for r in everything}
    assert everything[0].consultation_id == near.id
    assert scores == dict(sorted(scores.items(), key=lambda kv: -kv[1]))
    for other in unrelated:
        assert scores.get(other.id, 0) < DEFAULT_THRESHOLD, other.title
    assert best.similarity > 2 * max(scores.get(o.id, 0) for o in unrelated)


def test_why_it_matched_uses_the_drafts_own_words(db_session, world):
    draft, near, _ = world
    best = find_similar(db_session, draft)[0]
    assert 1 <= len(best.shared_terms) <= 4
    assert "victoria park" in best.shared_terms
    # A word inside a chosen phrase is not repeated on its own.
    assert "victoria" not in best.shared_terms
    assert all(term == term.lower() for term in best.shared_terms)


def test_threshold_and_limit_are_honoured(db_session, world):
    draft, near, _ = world
    assert find_similar(db_session, draft, threshold=1.01) == []
    assert len(find_similar(db_session, draft, threshold=0, limit=2)) == 2


def test_work_over_twelve_months_old_is_left_out(db_session, make_consultation, partners,
                                                  world):
    draft, *_ = world
    old = make_consultation(partners[1], {**NEAR_DUPLICATE, "slug": "victoria-park-2024"})
    publish_as_is(db_session, old, Status.RESULTS_PUBLISHED, TODAY - timedelta(days=500),
                  TODAY - timedelta(days=400))
    recent = make_consultation(partners[2], {**NEAR_DUPLICATE, "slug": "victoria-park-2026"})
    publish_as_is(db_session, recent, Status.CLOSED, TODAY - timedelta(days=420),
                  TODAY - timedelta(days=300))
    found = {r.consultation_id for r in find_similar(db_session, draft, threshold=0,
                                                     limit=100)}
    assert recent.id in found
    assert old.id not in found


def test_the_consultation_itself_is_never_listed(db_session, world, make_consultation,
                                                 partners):
    draft, near, _ = world
    twin = make_consultation(partners[0], {**DRAFT, "slug": "victoria-park-twin"})
    found = find_similar(db_session, draft, threshold=0, limit=100)
    assert draft.id not in {r.consultation_id for r in found}
    assert found[0].consultation_id == twin.id and found[0].similarity > 0.99
    assert draft.id not in {r.consultation_id for r in find_similar(db_session, near)}


def test_other_partners_drafts_stay_private_but_our_own_drafts_count(
        db_session, make_consultation, partners, world):
    draft, *_ = world
    theirs = make_consultation(partners[1], {**NEAR_DUPLICATE, "slug": "their-draft"})
    ours = make_consultation(partners[0], {**NEAR_DUPLICATE, "slug": "our-draft"})
    found = {r.consultation_id for r in find_similar(db_session, draft, limit=100)}
    assert ours.id in found
    assert theirs.id not in found


def test_published_work_is_compared_by_its_live_questions(db_session, make_consultation,
                                                          partners, world):
    """The newest version's questions count, not an unpublished draft of them."""
    draft, *_ = world
    plain = definition("park-questions-only", "Summer survey", "", [], [],
                       ["Which play equipment would your children use in Victoria Park?",
                        "What would make Victoria Park feel safer after dark?"])
    candidate = publish_as_is(db_session, make_consultation(partners[1], plain), Status.OPEN,
                              TODAY, TODAY + timedelta(days=30))
    for row in questions_of(db_session, candidate):
        row.text = "Anything else?"  # an unpublished change to the draft
        db_session.add(row)
    db_session.commit()
    match = next(r for r in find_similar(db_session, draft, threshold=0, limit=100)
                 if r.consultation_id == candidate.id)
    assert {"play equipment", "victoria park"} & set(match.shared_terms)


def test_the_number_of_queries_does_not_grow_with_the_corpus(db_session, make_consultation,
                                                             partners, world, app):
    draft, *_ = world
    engine = app.extensions["db_engine"]

    def queries() -> int:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            find_similar(db_session, draft)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    before = queries()
    for n in range(6):
        publish_as_is(db_session, make_consultation(
            partners[n % 3], {**UNRELATED[n % 4], "slug": f"extra-{n}"}), Status.OPEN,
            TODAY, TODAY + timedelta(days=20))
    assert queries() == before


@pytest.mark.parametrize(("words", "same"), [
    (["improvements", "improving", "improve", "improved"], True),
    (["libraries", "library"], True),
    (["services", "service", "servicing"], True),
    (["planning", "plan"], True),
    (["families", "family"], True),
    (["care", "cars"], False),
])
def test_stemming_joins_forms_of_a_word(words, same):
    assert (len({stem(w) for w in words}) == 1) is same


def test_terms_drop_stop_words_and_pair_neighbours():
    found = dict(terms("Have your say on the future of Victoria Park"))
    assert "victoria park" in found.values()
    assert "futur victoria" in found  # stop words dropped before pairing
    assert not {"have", "your", "say", "on", "the", "of"} & set(found.values())


# The overview page ------------------------------------------------------------------------

def test_overview_of_a_draft_shows_similar_work_with_a_contact(editor_client, db_session,
                                                               world):
    draft, near, _ = world
    best = find_similar(db_session, draft)[0]
    page = editor_client.get(f"/staff/consultations/{draft.id}").get_data(as_text=True)
    assert "Similar work across partners" in page
    assert near.title in page and "Healthwatch Sandwell" in page
    assert f"{best.percent}%" in page
    assert "“victoria park”" in page
    assert 'href="mailto:future-of-victoria-park@example.org.uk"' in page
    for other in ("Library opening hours", "Changes to bin collections"):
        assert other not in page


def test_overview_says_none_found_and_leaves_published_work_alone(
        editor_client, db_session, make_consultation, organisation):
    lonely = make_consultation(organisation, UNRELATED[3])
    page = editor_client.get(f"/staff/consultations/{lonely.id}").get_data(as_text=True)
    assert "Similar work across partners" in page and "None found" in page

    publish_as_is(db_session, lonely, Status.OPEN, TODAY, TODAY + timedelta(days=30))
    page = editor_client.get(f"/staff/consultations/{lonely.id}").get_data(as_text=True)
    assert "Similar work across partners" not in page


def test_creating_a_consultation_leads_to_its_similar_work(editor_client, db_session, world):
    _, near, _ = world
    response = editor_client.post("/staff/consultations/new", data={
        "title": "Improving Victoria Park", "slug": "improving-victoria-park",
        "participation_level": "consult", "topics": "parks", "areas": "Tipton",
        "summary": "New play equipment, benches and lighting for Victoria Park.",
        "opens": ["1", "2", str(TODAY.year + 1)], "closes": ["1", "4", str(TODAY.year + 1)],
        "feedback_by": ["1", "6", str(TODAY.year + 1)]},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Similar work across partners" in page and near.title in page
