"""The Translations pages (issue 15 item 2): each offered language's counts, the two
downloads, and the upload that imports all of a file or nothing; only the
organisation's own consultations, and only editors may upload."""

from __future__ import annotations

import io
import re

from conftest import sign_in
from sqlmodel import select
from support.languages import POLISH
from support.translator_files import fill_xlsx

from surveybuilder.models import AuditEvent, Role

BASE = "/staff/consultations"


def _upload(client, url: str, content: bytes, name: str = "park-pl.xlsx"):
    return client.post(url, data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data", follow_redirects=True)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_staff_download_translate_and_upload_a_language(
        editor_client, make_consultation, organisation, ready_definition, db_session):
    park = make_consultation(organisation, {**ready_definition, "languages": ["pl", "ur"]})
    listing = _text(editor_client.get(f"{BASE}/{park.id}/translations"))
    assert "Polski (Polish) 0 translated 17 missing 0 need updating" in listing
    assert "اردو (Urdu) 0 translated 17 missing" in listing
    page = editor_client.get(f"{BASE}/{park.id}/translations/pl")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'href="{BASE}/{park.id}/translations/pl/xliff"' in html
    assert 'type="file"' in html and 'enctype="multipart/form-data"' in html

    xliff = editor_client.get(f"{BASE}/{park.id}/translations/pl/xliff")
    assert xliff.headers["Content-Type"] == "application/xliff+xml"
    assert "victoria-park-2027-pl.xlf" in xliff.headers["Content-Disposition"]
    assert b'trgLang="pl"' in xliff.data
    sheet = editor_client.get(f"{BASE}/{park.id}/translations/pl/xlsx")
    assert sheet.headers["Content-Disposition"].endswith('-pl.xlsx"')

    words = {k: v for k, v in POLISH.items() if k != "privacy_notice"}
    done = _upload(editor_client, f"{BASE}/{park.id}/translations/pl",
                   fill_xlsx(sheet.data, words))
    assert "16 texts were imported." in _text(done)
    assert "16 translated 1 missing 0 need updating" in _text(done)
    db_session.refresh(park)
    assert park.translations["pl"]["title"]["text"] == POLISH["title"]
    actions = db_session.exec(select(AuditEvent.action).where(
        AuditEvent.consultation_id == park.id, AuditEvent.action.like("translations.%"))
        .order_by(AuditEvent.id)).all()
    assert actions == ["translations.downloaded", "translations.downloaded",
                       "translations.imported"]


def test_a_wrong_file_shows_every_problem_and_imports_nothing(
        editor_client, make_consultation, organisation, ready_definition, db_session):
    park = make_consultation(organisation, {**ready_definition, "languages": ["pl", "cy"]})
    welsh_file = editor_client.get(f"{BASE}/{park.id}/translations/cy/xlsx").data
    words = {**POLISH, "title": "T" * 250}
    response = _upload(editor_client, f"{BASE}/{park.id}/translations/pl",
                       fill_xlsx(welsh_file, words))
    text = _text(response)
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Instructions sheet: the file is for the language “cy”, not Polish (pl)" in text
    assert "row 2: the translation has 250 characters; the limit is 200" in text
    assert "The file has 2 problems, listed above. Nothing was imported" in text
    assert text.count('href="#file"') == 0  # (tags stripped) ...
    assert response.get_data(as_text=True).count('<a href="#file">') == 2
    db_session.refresh(park)
    assert park.translations == {}
    nothing = _upload(editor_client, f"{BASE}/{park.id}/translations/pl", b"", name="")
    assert "Choose the XLIFF or Excel file to upload" in _text(nothing)


def test_only_offered_languages_own_consultations_and_editors(
        client, editor_client, make_consultation, make_org, make_user, organisation,
        ready_definition):
    park = make_consultation(organisation, {**ready_definition, "languages": ["pl"]})
    assert editor_client.get(f"{BASE}/{park.id}/translations/cy").status_code == 404
    assert editor_client.get(f"{BASE}/{park.id}/translations/pl/pdf").status_code == 404
    english_only = make_consultation(organisation, slug="english-only")
    assert "offered in English only" in _text(
        editor_client.get(f"{BASE}/{english_only.id}/translations"))
    elsewhere = make_org("dudley", "Dudley Council")
    theirs = make_consultation(elsewhere, {**ready_definition, "languages": ["pl"]},
                               slug="their-park")
    assert editor_client.get(f"{BASE}/{theirs.id}/translations").status_code == 404
    assert editor_client.get(f"{BASE}/{theirs.id}/translations/pl/xliff").status_code == 404
    make_user(organisation, "viewer@example.gov.uk", Role.VIEWER, "Vic Viewer")
    client.get("/sign-out")
    sign_in(client, "viewer@example.gov.uk")
    page = client.get(f"{BASE}/{park.id}/translations/pl")
    assert page.status_code == 200 and 'type="file"' not in page.get_data(as_text=True)
    assert _upload(client, f"{BASE}/{park.id}/translations/pl", b"<x/>").status_code == 403


def test_the_details_page_links_to_the_translations(editor_client, make_consultation,
                                                    organisation):
    park = make_consultation(organisation)
    html = editor_client.get(f"{BASE}/{park.id}/details").get_data(as_text=True)
    assert f'href="{BASE}/{park.id}/translations"' in html


def test_a_file_over_the_size_setting_is_refused(app, editor_client, make_consultation,
                                                  organisation, ready_definition, db_session):
    park = make_consultation(organisation, {**ready_definition, "languages": ["pl"]})
    app.config["TRANSLATION_FILE_MAX_MB"] = 0.001
    url = f"{BASE}/{park.id}/translations/pl"
    read = _text(_upload(editor_client, url, b"<xliff>" + b" " * 2_000 + b"</xliff>"))
    assert "file: the file is larger than 0.001 MB" in read
    # past the site's request limit too, so only this page's own limit lets it in
    too_big = _text(_upload(editor_client, url, b"x" * 2_100_000))
    assert "The file is larger than 0.001 MB. Nothing was imported" in too_big
    db_session.refresh(park)
    assert park.translations == {}
