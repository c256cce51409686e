"""Formats on the web: the one format switcher every blueprint draws, and easy-read
pictures as addresses of the public picture route.

The format travels in the address, never in a cookie (docs/decisions/0003): before a
journey exists as `?format=easy-read` (and a hidden field of the Start form); after,
on the journey itself, which `?format=` on any journey page changes. Resident pages,
public pages and the editor's preview all build their switcher with `switcher_context`,
so the links, the current format and the way a chosen format is carried on are the
same everywhere. The formats themselves are `surveybuilder.formats`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from flask import Flask, current_app, g, has_app_context, has_request_context, request, url_for
from flask_babel import Babel
from markupsafe import Markup, escape
from werkzeug.exceptions import RequestEntityTooLarge

from surveybuilder import easy_read_view, wording
from surveybuilder.charter import checks as charter
from surveybuilder.config import ConfigError
from surveybuilder.easy_read_view import EasyReadQuestion, PictureFinder
from surveybuilder.feedback.hear_back import ResultLinks
from surveybuilder.formats import EASY_READ, FORMATS, LARGE_PRINT, STANDARD, AnswerFormat, from_slug
from surveybuilder.survey import languages
from surveybuilder.survey.definition import QuestionBase, SectionDef, SurveyDefinition
from surveybuilder.survey.languages import ENGLISH

PARAMETER = "format"  # the name of the query parameter and of the Start form's field
LANGUAGE = "language"  # the same for the language a resident chose (issue 15)
# Whether each parsed definition's easy read is incomplete, by the definition object's
# id while it lives (a published version's parsed definition is kept and never changes;
# scoring its questions takes tens of milliseconds, too long for every page).
_GAPS: dict[int, bool] = {}


def easy_read_gaps(definition: SurveyDefinition) -> bool:
    """True when easy read is offered but the charter check says it is not ready (it
    was published with a recorded reason), so easy-read pages must say parts are
    missing rather than seem complete."""
    key = id(definition)
    if key not in _GAPS:
        _GAPS[key] = not charter.easy_read_readiness(definition).ready
        weakref.finalize(definition, _GAPS.pop, key, None)
    return _GAPS[key]


def asked_format() -> AnswerFormat | None:
    """The format this address asks for (`?format=easy-read`), if any."""
    return from_slug(request.args.get(PARAMETER))


def chosen_anywhere() -> AnswerFormat | None:
    """The format named in the address or the posted form; a body too large to read (the
    413 page is being drawn) counts as none."""
    try:
        return from_slug(request.values.get(PARAMETER))
    except RequestEntityTooLarge:
        return asked_format()


def without_format(path: str, args: Iterable[tuple[str, str]]) -> str:
    """`path` with the query arguments `args` except the format and the language (the
    switches a page takes in; what it is drawn in is said again by the links)."""
    kept = [(k, v) for k, v in args if k not in (PARAMETER, LANGUAGE)]
    return path + ("?" + urlencode(kept) if kept else "")


def same_address(path: str | None = None) -> str:
    """This address, or `path`, with this address's query except the format and the
    language."""
    return without_format(path or request.path, request.args.items(multi=True))


def in_format(address: str, answer_format: AnswerFormat) -> str:
    """`address` (which names no format) asking for `answer_format`."""
    joiner = "&" if "?" in address else "?"
    return address + joiner + urlencode({PARAMETER: answer_format.slug})


def switcher_context(current: AnswerFormat | None = None,
                     address: str | Callable[[AnswerFormat], str] | None = None,
                     chosen: bool | None = None) -> dict[str, Any]:
    """What a page with the format switcher needs: the format it is drawn in, a link
    for each format, and how a format the reader chose travels on to the next page.

    By default the page is in the format the address asks for (else standard), each
    link is this address in another format, and a format is "chosen" when the address
    or the posted form names one (it then travels on to pages with no journey yet).
    `address` may instead be one address (which must answer a GET), or a function
    giving each format its own (the preview's matching page)."""
    shown = current or asked_format() or STANDARD
    if address is None:
        address = same_address()
    language = page_language()
    link = address if callable(address) else (
        lambda f, a=address: in_language(in_format(a, f), language))
    is_chosen = chosen_anywhere() is not None if chosen is None else chosen
    return {"answer_format": shown,
            "format_links": [{"format": f, "current": f == shown, "url": link(f)}
                             for f in FORMATS],
            "format_chosen": is_chosen,
            "format_args": ({PARAMETER: shown.slug} if is_chosen else {})
            | ({LANGUAGE: language} if language != ENGLISH else {}),
            "format_field": PARAMETER,
            "language_field": LANGUAGE}


def public_url(endpoint: str, **values: Any) -> str:
    """A full address for e-mails and letters, made from the PUBLIC_URL setting and never
    from the Host header the request arrived with (which anyone can forge)."""
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if not base:
        raise ConfigError("Set SURVEYBUILDER_PUBLIC_URL to the site's public address (like "
                          "https://haveyoursay.example.gov.uk), so messages can link to it.")
    return base + url_for(endpoint, **values)[len(request.script_root):]


def result_links(slug: str) -> ResultLinks:
    """The published results page's full addresses in each format, for e-mails, letters
    and feeds (the editor and the command line send them; a command makes them inside a
    request context for the PUBLIC_URL setting)."""
    def link(answer_format: AnswerFormat) -> str:
        query = {} if answer_format == STANDARD else {PARAMETER: answer_format.slug}
        return public_url("public.results", slug=slug, **query)

    return ResultLinks(link(STANDARD), link(EASY_READ), link(LARGE_PRINT))


# Easy-read pictures on web pages ----------------------------------------------------------

web_picture: PictureFinder = easy_read_view.picture_finder(
    lambda concept: url_for("public.picture", concept=concept.name, v=concept.code))


def results_picture(concept: str) -> dict[str, str] | None:
    """An easy-read picture as the results body (_body.html) takes it, linked from the
    picture route: the public results page and its staff preview."""
    found = web_picture(concept)
    return {"src": found.url, "alt": found.alt} if found else None


def easy_read(question: QuestionBase, glossary: Mapping[str, str] | None = None
              ) -> EasyReadQuestion:
    """The easy-read view of a question with pictures linked from the picture route,
    its hard words explained with the consultation's own `glossary` first."""
    return easy_read_view.question_view(question, web_picture, glossary)


def easy_read_section(section: SectionDef) -> easy_read_view.EasyReadSection:
    """A section's introduction in easy read, its picture linked from the picture route."""
    return easy_read_view.section_view(section, web_picture)


def easy_picture(concept: str, alt: str = "") -> easy_read_view.Picture | None:
    """A picture for a block of easy-read text on an information page, by concept name
    (`easyread/pictures.yaml`); None when there is none, so a page never breaks."""
    return web_picture(concept, alt or None)


# Which catalogue a page's words come from -------------------------------------------------
# A page's format decides it (docs/decisions/0012): easy read reads `en@easyread`, every
# other format the English source. Before a view has decided the format, the address or
# the posted form may name it, and so may the page the reader came from (an error page
# reached from an easy-read page); a view that loads a journey sets it again with
# `show_in_format`.

def referrer_format() -> AnswerFormat | None:
    """The format named by the address of the page on this site the reader came from.
    Every request asks (`_choose_wording`) and most came from no such address, so the
    site's own address, which takes a while to build, is looked at last."""
    referrer = request.referrer
    if not referrer:
        return None
    named = parse_qs(urlsplit(referrer).query).get(PARAMETER)
    if not named or not referrer.startswith(request.host_url):
        return None
    return from_slug(named[0])


def show_in_format(answer_format: AnswerFormat, language: str = ENGLISH) -> None:
    """Give this request's words in the catalogue of `answer_format` in `language`
    (the page is drawn in it)."""
    wording.use(wording.locale_for(answer_format == EASY_READ, language))


def _choose_wording() -> None:
    """Every request starts from the format and language its address, form or
    referring page names (a server thread keeps the last request's context, so it is
    always set). A resident page sets both again from its journey or consultation,
    which may not offer the language named; a page of no consultation (an error page)
    keeps any language the tool has."""
    named = chosen_anywhere() or referrer_format() or STANDARD
    show_in_format(named, named_language() or referrer_language() or ENGLISH)


# Languages (issue 15, docs/decisions/0017) ----------------------------------------------
# A resident's language travels like the format: `?language=ur` (and the Start form's
# hidden field) before a journey, on the journey after. The page's language is the
# catalogue's: `wording.current()` is "ur" on an Urdu page in every format.

def asked_language(offered: Iterable[str] = wording.LANGUAGES) -> str | None:
    """The language this address asks for (`?language=ur`), if it is one of `offered`."""
    return _offered(request.args.get(LANGUAGE), offered)


def named_language(offered: Iterable[str] = wording.LANGUAGES) -> str | None:
    """The language named in the address or the posted form, if one of `offered`."""
    try:
        named = request.values.get(LANGUAGE)
    except RequestEntityTooLarge:
        named = request.args.get(LANGUAGE)
    return _offered(named, offered)


def referrer_language() -> str | None:
    """The language named by the address of the page on this site the reader came from
    (an error page reached from an Urdu page is in Urdu)."""
    referrer = request.referrer
    if not referrer or LANGUAGE not in referrer or not referrer.startswith(request.host_url):
        return None
    return _offered(parse_qs(urlsplit(referrer).query).get(LANGUAGE, [None])[0],
                    wording.LANGUAGES)


def _offered(code: str | None, offered: Iterable[str]) -> str | None:
    return code if code and code != ENGLISH and code in offered else None


def page_language() -> str:
    """The BCP 47 code of the language this page is drawn in: its catalogue's."""
    locale = wording.current()
    return locale if locale in wording.LANGUAGES else ENGLISH


def page_direction() -> str:
    """"rtl" for a page in Urdu or Arabic, else "ltr"."""
    code = page_language()
    return languages.language(code).direction if code != ENGLISH else "ltr"


def in_language(address: str, code: str) -> str:
    """`address` asking for the language `code` (English: unchanged)."""
    if code == ENGLISH:
        return address
    return address + ("&" if "?" in address else "?") + urlencode({LANGUAGE: code})


def language_links(offered: Iterable[str], format_chosen: AnswerFormat | None
                   ) -> list[dict[str, Any]]:
    """The start page's choice of language: English and each offered language named in
    itself, each a link to this address in that language (keeping a chosen format)."""
    base = same_address()
    if format_chosen is not None:
        base = in_format(base, format_chosen)
    shown = page_language()
    return [{"language": each, "current": each.code == shown,
             "url": in_language(base, each.code)}
            for each in (languages.ENGLISH_LANGUAGE, *map(languages.language, offered))]


def local_date(day: date) -> str:
    """A date as residents of the page's language write it: the page's catalogue is
    that language's (`choose_wording`), so `wording.long_date` writes it that way."""
    return wording.long_date(day)


def fell_back(text_id: str, text: str) -> Markup:
    """A survey text as drawn: escaped, and marked `lang="en"` (`dir="ltr"`) when the
    page's language has no translation of it, so a screen reader switches voice."""
    if not _in_english(text_id):
        return escape(text)
    return Markup('<span lang="en" dir="ltr">%s</span>') % text


def fell_back_attributes(text_id: str) -> Markup:
    """`fell_back` as attributes for an element that holds only that text."""
    return Markup(' lang="en" dir="ltr"') if _in_english(text_id) else Markup("")


def _in_english(text_id: str) -> bool:
    """Whether the page is in another language but shows this survey text in English
    (`g.in_language`, set by the resident pages when they load a definition)."""
    shown = g.get("in_language") if has_app_context() else None
    return shown is not None and shown.language != ENGLISH and text_id in shown.english


def _outside_blueprints() -> dict[str, Any]:
    """An address no view answers (a mistyped consultation link: the 404 page) is drawn
    in the format it asks for, with the switcher, like every resident page; pages of a
    blueprint get theirs from it, and staff addresses keep the plain page."""
    if (not has_request_context() or request.blueprint is not None
            or request.path.startswith("/staff")):
        return {}
    return switcher_context()


def init_app(app: Flask) -> None:
    """What the shared question macros need to draw easy read on any page (resident
    pages and the editor's preview), and the message catalogues: templates' `_()` and
    `gettext()` read `surveybuilder.wording` (the same words a PDF renderer gets), and
    Flask-Babel's locale is the same decision."""
    app.add_template_global(easy_read, "easy_read")
    app.add_template_global(easy_read_section, "easy_read_section")
    app.add_template_global(easy_read_view.pictures_shown, "easy_read_pictures_shown")
    app.add_template_global(easy_read_view.credit, "easy_read_credit")
    app.add_template_global(easy_picture, "easy_picture")
    app.add_template_global(lambda shown: wording.gettext(shown.label), "format_label")
    app.add_template_global(wording.lines, "easy_lines")
    app.add_template_global(easy_read_view.lines, "sentences")
    app.add_template_global(easy_read_gaps, "easy_read_gaps")
    app.add_template_global(lambda: wording.current() == wording.EASY_READ, "reading_easy")
    app.add_template_global(page_language, "page_language")
    app.add_template_global(page_direction, "page_direction")
    app.add_template_global(local_date, "local_date")
    app.add_template_global(fell_back, "fell_back")
    app.add_template_global(fell_back_attributes, "fell_back_attributes")
    Babel(app, locale_selector=wording.current, configure_jinja=False,
          default_translation_directories=str(wording.DIRECTORY))
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(wording.gettext, wording.ngettext, newstyle=True)
    app.before_request(_choose_wording)
    app.context_processor(_outside_blueprints)
    app.teardown_request(lambda _error: wording.use(wording.STANDARD))
