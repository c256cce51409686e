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

from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from flask import Flask, request, url_for
from flask_babel import Babel
from werkzeug.exceptions import RequestEntityTooLarge

from surveybuilder import easy_read_view, wording
from surveybuilder.easy_read_view import EasyReadQuestion, PictureFinder
from surveybuilder.feedback.hear_back import ResultLinks
from surveybuilder.formats import EASY_READ, FORMATS, LARGE_PRINT, STANDARD, AnswerFormat, from_slug
from surveybuilder.survey.definition import QuestionBase, SectionDef

PARAMETER = "format"  # the name of the query parameter and of the Start form's field


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
    """`path` with the query arguments `args` except the format."""
    kept = [(k, v) for k, v in args if k != PARAMETER]
    return path + ("?" + urlencode(kept) if kept else "")


def same_address(path: str | None = None) -> str:
    """This address, or `path`, with this address's query except the format."""
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
    link = address if callable(address) else (lambda f, a=address: in_format(a, f))
    is_chosen = chosen_anywhere() is not None if chosen is None else chosen
    return {"answer_format": shown,
            "format_links": [{"format": f, "current": f == shown, "url": link(f)}
                             for f in FORMATS],
            "format_chosen": is_chosen,
            "format_args": {PARAMETER: shown.slug} if is_chosen else {},
            "format_field": PARAMETER}


def result_links(slug: str) -> ResultLinks:
    """The published results page's full addresses in each format, for e-mails, letters
    and feeds (the editor and the command line send them; a command makes them inside a
    request context for the PUBLIC_URL setting)."""
    def link(answer_format: AnswerFormat) -> str:
        query = {} if answer_format == STANDARD else {PARAMETER: answer_format.slug}
        return url_for("public.results", slug=slug, _external=True, **query)

    return ResultLinks(link(STANDARD), link(EASY_READ), link(LARGE_PRINT))


# Easy-read pictures on web pages ----------------------------------------------------------

web_picture: PictureFinder = easy_read_view.picture_finder(
    lambda concept: url_for("public.picture", concept=concept.name, v=concept.code))


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
    """The format named by the address of the page on this site the reader came from."""
    referrer = request.referrer or ""
    if not referrer.startswith(request.host_url):
        return None
    named = parse_qs(urlsplit(referrer).query).get(PARAMETER)
    return from_slug(named[0]) if named else None


def show_in_format(answer_format: AnswerFormat) -> None:
    """Give this request's words in `answer_format`'s catalogue (the page is drawn in it)."""
    wording.use(wording.locale_for(answer_format == EASY_READ))


def _choose_wording() -> None:
    """Every request starts from the format its address, form or referring page names
    (a server thread keeps the last request's context, so it is always set)."""
    named = chosen_anywhere() or referrer_format() or STANDARD
    show_in_format(named)


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
    app.add_template_global(lambda: wording.current() == wording.EASY_READ, "reading_easy")
    Babel(app, locale_selector=wording.current, configure_jinja=False,
          default_translation_directories=str(wording.DIRECTORY))
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(wording.gettext, wording.ngettext, newstyle=True)
    app.before_request(_choose_wording)
    app.teardown_request(lambda _error: wording.use(wording.STANDARD))
