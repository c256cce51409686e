"""One dataset across languages (issue 15 item 6): responses answered in English,
Polish, Punjabi and Urdu are counted together; staff filter and cross-tabulate by the
language (checked against the rows themselves), small groups are suppressed when
published; a comment's English translation sits beside the original for theming;
exports carry the language; "You said, we did" is published in each offered language.

Responses are stored through the real storage code; their language is then set with
an UPDATE (the resident's language choice, which sets it on submit, is another
engineer's part)."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import Counter

import openpyxl
import pytest
from sqlalchemy import update
from sqlmodel import select
from support.languages import POLISH, PUNJABI, URDU, offered_in

from surveybuilder.consultations import lifecycle
from surveybuilder.feedback import decisions
from surveybuilder.models import Answer, AuditEvent, Response
from surveybuilder.responses.storage import submit
from surveybuilder.results import counting, exports, suppression, themes
from surveybuilder.results.counting import Filters, summarise
from surveybuilder.results.crosstab import LANGUAGE, crosstab
from surveybuilder.survey.loading import load_definition

# (language, how often they visit, why not): 6 English, 5 Polish, 2 Urdu, 1 Punjabi.
PEOPLE = ([("en", "weekly", None)] * 4 + [("en", "never", "Too dark")] * 2
          + [("pl", "weekly", None)] * 3 + [("pl", "monthly", None)]
          + [("pl", "never", "Jest za ciemno w nocy i nie ma świateł")]
          + [("ur", "never", "رات کو بہت اندھیرا ہوتا ہے")] * 2
          + [("pa", "monthly", None)])
POLISH_COMMENT = PEOPLE[10][2]
TRANSLATION = "It is too dark at night and there are no lights"


@pytest.fixture
def survey(db_session, organisation, make_consultation, ready_definition):
    """Victoria Park offered in Polish, Punjabi and Urdu, with PEOPLE's responses."""
    consultation = make_consultation(organisation,
                                     offered_in(ready_definition, "pl", "pa", "ur"))
    version = lifecycle.publish(db_session, consultation, None)
    db_session.commit()
    definition = load_definition(version.definition)
    for code, visit, why_not in PEOPLE:
        answers = {"visit": visit, "safe": "agree", "postcode": "B70 6AA"}
        if why_not:
            answers["why_not"] = why_not
        response, _ = submit(db_session, consultation, version.id, definition, answers,
                             "online", "standard")
        db_session.execute(update(Response).where(Response.id == response.id)
                           .values(language=code))
        db_session.commit()
    return consultation


def _rows(db_session, consultation) -> list[tuple[str, str]]:
    """(language, visit answer) of every response, read from the tables themselves."""
    return list(db_session.execute(
        select(Response.language, Answer.option_key)
        .join(Answer, Answer.response_id == Response.id)
        .where(Response.consultation_id == consultation.id,
               Answer.question_key == "visit")).all())


def test_every_language_is_counted_together_and_can_be_filtered(db_session, survey):
    rows = _rows(db_session, survey)
    everyone = summarise(db_session, survey)
    assert everyone.respondents == len(PEOPLE) == len(rows)
    assert {o.key: o.count for o in everyone.by_language} == {
        "en": 6, "pl": 5, "pa": 1, "ur": 2}
    assert [o.label for o in everyone.by_language] == [
        "English", "Polski (Polish)", "ਪੰਜਾਬੀ (Punjabi (Gurmukhi))", "اردو (Urdu)"]
    for code in ("en", "pl", "ur", "pa"):
        only = summarise(db_session, survey, Filters(language=code))
        expected = Counter(visit for language, visit in rows if language == code)
        assert only.respondents == sum(expected.values())
        assert {o.key: o.count for o in only.question("visit").options} == {
            key: expected.get(key, 0) for key in ("weekly", "monthly", "never")}
    both = summarise(db_session, survey, Filters(language="pl", answers=(("visit", "weekly"),)))
    assert both.respondents == sum(1 for c, v in rows if c == "pl" and v == "weekly")


def test_language_is_a_crosstab_dimension_either_way_round(db_session, survey):
    rows = _rows(db_session, survey)
    expected = Counter(rows)
    table = crosstab(db_session, survey, "visit", LANGUAGE)
    columns = [key for key, _ in table.column_labels]
    assert columns == ["en", "pl", "pa", "ur"]
    assert table.column_labels[1][1] == "Polski (Polish)"
    assert table.counts == tuple(tuple(expected.get((c, r), 0) for c in columns)
                                 for r, _ in table.row_labels)
    assert table.total == len(PEOPLE)
    assert table.caption.endswith("— by language") and "Columns: language" in \
        table.short_caption
    turned = crosstab(db_session, survey, LANGUAGE, "visit")
    assert turned.counts == tuple(zip(*table.counts, strict=True))
    filtered = crosstab(db_session, survey, LANGUAGE, "visit", Filters(language="ur"))
    assert filtered.total == 2 and filtered.counts[3] == (0, 0, 2)


def test_small_language_groups_are_suppressed_when_published(db_session, survey):
    published = suppression.publishable(summarise(db_session, survey), threshold=3)
    shown = {o.key: (o.count, o.hidden) for o in published.by_language}
    # Punjabi (1) and Urdu (2) are under 3; both hidden, so neither can be worked out.
    assert shown == {"en": (6, ""), "pl": (5, ""), "pa": (None, "small"),
                     "ur": (None, "small")}
    assert suppression.answered_in(published.by_language, 3) == (
        "Answered in: English 6, Polski 5, ਪੰਜਾਬੀ fewer than 3, اردو fewer than 3.")
    table = suppression.publishable_crosstab(
        crosstab(db_session, survey, "visit", LANGUAGE), threshold=3)
    assert table.col_totals[2] is None and table.col_marks[2] == "small"
    assert all(value is None or value == 0 or value >= 3 for row in table.counts
               for value in row)
    exact = suppression.publishable(summarise(db_session, survey), threshold=1)
    assert suppression.answered_in(exact.by_language, 1).startswith(
        "Answered in: English 6, Polski 5, ਪੰਜਾਬੀ 1")


def test_the_staff_results_page_filters_and_breaks_down_by_language(editor_client, survey):
    base = f"/staff/consultations/{survey.id}/results"
    page = editor_client.get(base).get_data(as_text=True)
    assert 'id="answered-in"' in page and '<span lang="ur" dir="rtl">اردو</span> 2' in page
    assert '<option value="pl">Polski (Polish)</option>' in page
    filtered = editor_client.get(f"{base}?language=pl").get_data(as_text=True)
    assert "5 responses match the filters" in filtered
    assert "14 responses" in editor_client.get(f"{base}?language=xx").get_data(as_text=True)
    published = editor_client.get(f"{base}?published=1").get_data(as_text=True)
    assert "fewer than 5" in published.split('id="answered-in"')[1].split("</p>")[0]
    table = editor_client.get(f"{base}/crosstab?rows=visit&columns={LANGUAGE}"
                              ).get_data(as_text=True)
    assert "Rows: question 1. Columns: language." in table
    assert "Language (the language they answered in)" in table


def test_a_translation_sits_beside_the_original_and_feeds_the_themes(
        db_session, survey, editor):
    polish = db_session.execute(select(Answer).join(Response).where(
        Response.consultation_id == survey.id, Response.language == "pl",
        Answer.question_key == "why_not")).scalars().one()
    before = themes.suggested_themes(db_session, survey)
    themes.translate_comment(db_session, survey, polish.response_id, "why_not",
                             f"  {TRANSLATION} ", editor)
    db_session.commit()
    db_session.expire_all()
    assert db_session.get(Answer, polish.id).text_value == POLISH_COMMENT
    found, total = themes.comments(db_session, survey, themes.CommentQuery(
        question_key="why_not", words="no lights"))
    assert total == 1 and found[0].text == POLISH_COMMENT
    assert (found[0].language, found[0].translation) == ("pl", TRANSLATION)
    after = dict(themes.suggested_themes(db_session, survey))
    # "Too dark" (English, twice) and the translation's "dark" now make three.
    assert after["dark"] == dict(before).get("dark", 0) + 1
    assert not any("ciemno" in phrase for phrase in after)
    event = db_session.execute(select(AuditEvent).where(
        AuditEvent.action == "comment.translated")).scalars().one()
    assert event.detail == {"response_id": polish.response_id, "question": "why_not",
                            "before": None, "after": TRANSLATION}
    with pytest.raises(themes.TranslationError, match="Enter the English translation"):
        themes.translate_comment(db_session, survey, polish.response_id, "why_not", " ",
                                 editor)
    with pytest.raises(themes.TranslationError, match="not part of this consultation"):
        themes.translate_comment(db_session, survey, polish.response_id, "visit", "x",
                                 editor)


def test_the_comments_page_shows_the_language_and_takes_a_translation(
        editor_client, db_session, survey):
    address = f"/staff/consultations/{survey.id}/results/comments?question=why_not"
    page = editor_client.get(address).get_data(as_text=True)
    assert '<strong class="govuk-tag govuk-tag--blue">اردو (Urdu)</strong>' in page
    assert 'lang="ur" dir="rtl">رات کو' in page and f'lang="pl">{POLISH_COMMENT}' in page
    assert page.count('name="translation"') == 3, "one form per comment not in English"
    polish = db_session.execute(select(Response.id).where(
        Response.consultation_id == survey.id, Response.language == "pl",
        Response.id.in_(select(Answer.response_id).where(
            Answer.question_key == "why_not")))).scalar_one()
    form = {"response_id": polish, "question_key": "why_not", "index": "0"}
    refused = editor_client.post(address, data={**form, "translation": "  "})
    assert refused.status_code == 200
    text = refused.get_data(as_text=True)
    assert "govuk-error-summary" in text and 'href="#c0-translation"' in text
    assert "Enter the English translation of the comment" in text
    saved = editor_client.post(address, data={**form, "translation": TRANSLATION})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#comment-0")
    page = editor_client.get(address).get_data(as_text=True)
    assert f'<p class="govuk-body sb-break-anywhere" lang="en">{TRANSLATION}</p>' in page
    assert f'lang="pl">{POLISH_COMMENT}</p>' in page


def test_exports_carry_the_language(db_session, survey, tmp_path):
    text = "".join(exports.responses_csv(db_session, survey))
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    expected = Counter(code for code, _, _ in PEOPLE)
    assert Counter(row["language"] for row in rows) == expected
    names = {row["language"]: row["language_name"] for row in rows}
    assert names == {"en": "English", "pl": "Polish", "ur": "Urdu",
                     "pa": "Punjabi (Gurmukhi)"}

    target = tmp_path / "responses.xlsx"
    exports.write_xlsx(db_session, survey, target, summarise(db_session, survey))
    sheet = openpyxl.load_workbook(target, read_only=True)["Responses"]
    header, _words, *body = [list(r) for r in sheet.iter_rows(values_only=True)]
    language = header.index("language")
    assert header[language + 1] == "language_name"
    assert Counter(r[language] for r in body) == expected
    assert {r[language]: r[language + 1] for r in body}["pl"] == "Polish"

    streamed = "".join(exports.responses_json(db_session, survey))
    assert streamed.count('"language": "ur"') == expected["ur"]
    assert "Answered in: English 6, Polski 5" in exports.summary_text(
        summarise(db_session, survey))


@pytest.fixture
def published(db_session, survey, editor):
    lifecycle.close(db_session, survey, None)
    decisions.update_summary(db_session, survey, editor, "Most people visit weekly.", "",
                             "We start in spring.", ["visit"])
    decisions.add_item(db_session, survey, editor, {
        "you_said": "The park feels unsafe after dark.", "question_keys": ["visit"],
        "we_did": "We will put in new lights.", "status": "planned"})
    decisions.publish(db_session, survey, editor)
    db_session.commit()
    return survey


def test_the_public_results_are_published_in_each_offered_language(client, published):
    page = client.get(f"/c/{published.slug}/results?language=ur").get_data(as_text=True)
    assert 'class="govuk-grid-row" lang="ur" dir="rtl"' in page
    assert URDU["questions.visit.text"] in page and URDU["title"] in page
    assert URDU["questions.visit.options.weekly.label"] in page
    # The staff's words are in English, marked and said to be so.
    assert '<p class="govuk-body" lang="en" dir="ltr">The park feels unsafe after dark.' in page
    assert 'id="in-english"' in page
    assert 'hreflang="pl" dir="ltr">Polski</a>' in page
    assert 'aria-current="true">اردو</strong>' in page
    assert "results/standard.pdf?language=ur" in page
    english = client.get(f"/c/{published.slug}/results?language=ro").get_data(as_text=True)
    assert 'id="in-english"' not in english and URDU["title"] not in english
    assert 'lang="en" dir="ltr">The park' not in english
    easy = client.get(f"/c/{published.slug}/results?language=pl&format=easy-read"
                      ).get_data(as_text=True)
    assert POLISH["questions.visit.text"] in easy
    assert 'hreflang="ur" dir="rtl">اردو</a>' in easy and "format=easy-read" in easy


def test_publishing_queues_a_pdf_for_each_format_in_each_language(db_session, published):
    from surveybuilder.feedback.jobs import DRAW_RESULTS_PDF
    from surveybuilder.models import BackgroundJob

    jobs = db_session.execute(select(BackgroundJob).where(
        BackgroundJob.kind == DRAW_RESULTS_PDF)).scalars().all()
    assert len(jobs) == 3 * 4
    assert {job.args["language"] for job in jobs} == {"en", "pl", "pa", "ur"}
    assert "Drawing the easy read PDF of the published results in Urdu" in {
        job.title for job in jobs}


@pytest.mark.pdf
def test_the_punjabi_pdf_has_the_punjabi_question_text(client, db_session, published,
                                                        run_jobs):
    import pdfplumber

    from surveybuilder.feedback.jobs import DRAW_RESULTS_PDF

    address = f"/c/{published.slug}/results/standard.pdf?language=pa"
    assert client.get(address).status_code == 503
    run_jobs(DRAW_RESULTS_PDF)
    response = client.get(address)
    assert response.status_code == 200
    assert "-results-standard-pa.pdf" in response.headers["Content-Disposition"]
    with pdfplumber.open(io.BytesIO(response.data)) as document:
        text = "".join(page.extract_text() for page in document.pages)
        fonts = {c["fontname"] for p in document.pages for c in p.chars}
    # pdfplumber reads shaped Gurmukhi back with its vowel signs moved or doubled (the
    # PDF maps glyphs, not letters, to text), so the letters themselves are compared,
    # in order: consonants and independent vowels (Unicode category Lo).
    assert letters(PUNJABI["questions.visit.text"]) in letters(text)
    assert letters(PUNJABI["title"]) in letters(text)
    assert any("Gurmukhi" in font for font in fonts), fonts
    assert "The park feels unsafe after dark." in text


def letters(text: str) -> str:
    """The letters of a text without vowel signs, spaces or punctuation."""
    return "".join(c for c in text if unicodedata.category(c) == "Lo")


def test_staff_names_of_languages():
    assert counting.staff_name("en") == "English"
    assert counting.staff_name("ur") == "اردو (Urdu)"
    assert counting.own_name("pa") == "ਪੰਜਾਬੀ" and counting.own_name("zz") == "zz"


def test_residents_hear_back_in_the_language_they_answered_in(
        db_session, organisation, make_consultation, ready_definition, editor):
    from support.feedback import POSTAL, published_results

    from surveybuilder.feedback import hear_back

    consultation, feedback = published_results(db_session, organisation, make_consultation,
                                               ready_definition, editor)
    posted = db_session.execute(select(Answer.response_id).where(
        Answer.question_key == "hear_back_post")).scalar_one()
    db_session.execute(update(Response).where(Response.id == posted).values(language="ur"))
    db_session.commit()
    links = hear_back.ResultLinks("https://x.example/c/p/results",
                                  "https://x.example/c/p/results?format=easy-read",
                                  "https://x.example/c/p/results?format=large-print")
    rows = list(csv.DictReader(io.StringIO(hear_back.letters_csv(
        db_session, consultation, feedback, links))))
    assert [(r["postal_address"], r["language"]) for r in rows] == [(POSTAL, "ur")]
    assert rows[0]["results_standard"] == "https://x.example/c/p/results?language=ur"
    assert rows[0]["results_easy_read"].endswith("?format=easy-read&language=ur")

    contact = hear_back.Contact("ABCD1234", "ola@example.org", "", language="pl")
    body = hear_back.message_for(consultation, contact, links, "council@example.org"
                                 ).get_content()
    assert "Przeczytaj tutaj:\nhttps://x.example/c/p/results?language=pl" in body
    assert "format=large-print&language=pl" in body
    english = hear_back.message_for(consultation, hear_back.Contact(
        "ABCD1234", "ann@example.org", ""), links, "council@example.org").get_content()
    assert "Read it here:\nhttps://x.example/c/p/results\n" in english


@pytest.mark.pdf
def test_the_static_folder_has_every_format_in_every_language(app, db_session, published,
                                                              tmp_path):
    from flask import render_template

    from surveybuilder.feedback.document import build_in_languages
    from surveybuilder.feedback.publication import write_folder

    feedback = decisions.published_feedback(db_session, published)
    docs = build_in_languages(db_session, published, feedback,
                              app.config["SUPPRESSION_THRESHOLD"])
    assert [d.language.code for d in docs] == ["en", "pl", "pa", "ur"]
    english, polish, _punjabi, urdu = docs
    with app.test_request_context("/"):
        written = write_folder(tmp_path, english, render_template, [urdu])
    names = {path.name for path in written}
    assert {"index.html", "index-ur.html", "easy-read-ur.html", "results-standard-ur.pdf",
            "results-large-print-ur.pdf", "figures.csv"} <= names and len(names) == 14
    page = (tmp_path / "index-ur.html").read_text(encoding="utf-8")
    assert '<html lang="ur" dir="rtl"' in page and URDU["questions.visit.text"] in page
    assert '<a href="easy-read-ur.html">' in page
    assert 'href="index.html" lang="en" hreflang="en" dir="ltr">English</a>' in page
    assert 'lang="en" dir="ltr">The park feels unsafe after dark.' in page
    english_page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="index-ur.html" lang="ur" hreflang="ur" dir="rtl">اردو</a>' in english_page
    assert '<a href="results-standard.pdf">PDF (standard)</a>' in english_page
    assert polish.title == POLISH["title"]


def test_a_json_export_imports_with_each_response_s_language(
        db_session, survey, organisation, make_consultation, ready_definition):
    from surveybuilder.paper.importing import import_responses, read_rows

    copy = make_consultation(organisation, {**offered_in(ready_definition, "pl", "pa", "ur"),
                                            "slug": "park-copy"})
    lifecycle.publish(db_session, copy, None)
    db_session.commit()
    exported = "".join(exports.responses_json(db_session, survey))
    report = import_responses(db_session, copy, read_rows(exported, "json"))
    assert not report.rejected and len(report.imported) == len(PEOPLE)
    assert {o.key: o.count for o in summarise(db_session, copy).by_language} == {
        "en": 6, "pl": 5, "pa": 1, "ur": 2}
    wrong = import_responses(db_session, copy, [(1, {"language": "xx", "answers": {}})])
    assert "language must be en or one of cy, pl" in wrong.rejected[0].reasons[0]
