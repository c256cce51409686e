"""Starting: the consultation's own page, and Start, which makes the journey whose
token every later address carries (docs/decisions/0003)."""

from __future__ import annotations

from datetime import date

from flask import g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as HttpResponse

from surveybuilder import db, formats
from surveybuilder.consultations.documents import described, documents_of
from surveybuilder.models import Consultation, ConsultationDocument, Organisation, Status
from surveybuilder.respond.answering import (
    accepting,
    closed,
    page_url,
    pages_of,
    published,
    show_in,
    startable,
)
from surveybuilder.respond.blueprint import bp
from surveybuilder.responses import journeys
from surveybuilder.survey import journey as route
from surveybuilder.web_formats import PARAMETER, asked_format, language_links


@bp.route("")
def consultation(slug: str) -> str:
    item, _version, definition = published(slug)
    show_in(asked_format() or formats.STANDARD)
    organisation = db.session().get(Organisation, item.organisation_id)
    return render_template("respond/consultation.html", consultation=item,
                           definition=definition, organisation=organisation,
                           language_links=(language_links(definition.languages, asked_format())
                                           if definition.languages else []),
                           documents=_documents(item),
                           ask_email=definition.contact_details.email,
                           accepting=accepting(item, definition),
                           not_yet=bool(definition.opens and date.today() < definition.opens),
                           results_published=item.status == Status.RESULTS_PUBLISHED)


def _documents(item: Consultation) -> list[dict[str, str | None]]:
    """The documents to read, as the start page lists them: a link to each, GOV.UK's
    line under it ("PDF, 2.1 MB, 14 pages") in the page's words, and the easy-read
    version's where there is one."""
    def link(document: ConsultationDocument, easy_read: bool) -> str:
        stored = document.easy_read if easy_read else document.file
        endpoint = ("public.consultation_document_easy_read" if easy_read
                    else "public.consultation_document")
        return url_for(endpoint, slug=item.slug, document_id=document.id,
                       name=stored["name"])

    return [{"title": d.title, "url": link(d, False), "described": described(d.file),
             "easy_read_url": link(d, True) if d.easy_read else None,
             "easy_read_described": described(d.easy_read) if d.easy_read else None}
            for d in documents_of(db.session(), item)]


@bp.route("/start", methods=["POST"])
def start(slug: str) -> HttpResponse | str:
    item, version, definition = startable(slug)
    chosen = show_in(formats.from_slug(request.form.get(PARAMETER)) or formats.STANDARD,
                     url_for("respond.consultation", slug=slug))
    if not accepting(item, definition):
        return closed(item, definition)
    journey = journeys.start(db.session(), item, version[0], chosen.value,
                             g.in_language.language)
    db.session().commit()
    first = route.next_page(pages_of(definition, journey), 0, {})
    return redirect(page_url(item, journey, first.number))
