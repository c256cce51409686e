"""A resident's pages in Welsh or Polish leave none of the application's own English
behind (issue 15 item 3, docs/translations.md): every fixed sentence of the language's
catalogue that the English page shows is shown translated on that language's page, and
not in English.

The same journey is walked in English and in the language (the Victoria Park of
tests/support/languages.py, whose own texts are all translated); the catalogue's ids
found on the English page are the fixed words that page uses."""

from __future__ import annotations

import html
import re

import pytest
from babel.messages.pofile import read_po
from support.languages import offered_in

from surveybuilder import catalogues, wording

SLUG = "/c/victoria-park-2027"


@pytest.fixture
def ready_definition(ready_definition):
    """Conftest's example offered in Welsh and Polish, every text translated, so
    conftest's `open_park` publishes it."""
    return offered_in(ready_definition, "cy", "pl")


def catalogue_words(code: str) -> dict[str, str]:
    """The catalogue's sentences with no places (those are found on a page as they are
    written), where the translation differs from the English. Ids starting in lower
    case ("or", "people") are pieces of other sentences, found inside staff's words
    too, so they are left out."""
    with wording.catalogue_path(code).open("rb") as handle:
        catalogue = read_po(handle, locale=code)
    return {m.id: m.string for m in catalogue
            if m.id and not m.pluralizable and m.string and m.string != m.id
            and not catalogues.places(m.id) and m.id[0].isupper()}


def visible(page: str) -> str:
    """The words of a page as a reader meets them, in one line."""
    body = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def found(words: str, text: str) -> bool:
    return re.search(rf"(?<![\w’']){re.escape(words)}(?![\w’'])", text) is not None


def journey(client, language: str | None) -> dict[str, str]:
    """The start page, a question page, its error page, check answers and the
    confirmation, as text."""
    query = f"?language={language}" if language else ""
    form = {"language": language} if language else {}
    pages = {"start": visible(client.get(SLUG + query).get_data(as_text=True))}
    first = client.post(f"{SLUG}/start", data=form).headers["Location"]
    pages["question"] = visible(client.get(first).get_data(as_text=True))
    pages["error"] = visible(client.post(first, data={"action": "continue"})
                             .get_data(as_text=True))
    url = first
    for fields in ({"visit": "weekly"}, {"safe": "agree"},
                   {"postcode": "B69 3DE", "hear_back": "no"}):
        url = client.post(url, data={"action": "continue", **fields}).headers["Location"]
    pages["check"] = visible(client.get(url).get_data(as_text=True))
    done = client.post(url.replace("/check", "/submit")).headers["Location"]
    pages["done"] = visible(client.get(done).get_data(as_text=True))
    return pages


@pytest.fixture(params=["cy", "pl"])
def both(request, client, open_park) -> tuple[str, dict[str, str], dict[str, str]]:
    return request.param, journey(client, None), journey(client, request.param)


def english_left(code: str, english: str, translated: str) -> tuple[list[str], list[str]]:
    """The catalogue's sentences the English page shows that the translated page
    shows in English, and the translations it lacks."""
    words = catalogue_words(code)
    used = [msgid for msgid in words if found(msgid, english)]
    assert len(used) >= 3, used  # the page does use the catalogue
    left = [msgid for msgid in used
            if found(msgid, translated) and not found(msgid, words[msgid])]
    return left, [words[msgid] for msgid in used if not found(words[msgid], translated)]


@pytest.mark.parametrize("name", ["start", "question", "check", "done"])
def test_pages_show_every_fixed_sentence_translated(both, name):
    code, english, translated = both
    assert english_left(code, english[name], translated[name]) == ([], [])


def test_the_error_page_has_no_english_left(both):
    code, english, translated = both
    assert english_left(code, english["error"], translated["error"]) == ([], [])
