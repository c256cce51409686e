"""Starting: the consultation's own page, and Start, which makes the journey whose
token every later address carries (docs/decisions/0003)."""

from __future__ import annotations

from datetime import date

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response as HttpResponse

from surveybuilder import db, formats
from surveybuilder.models import Organisation, Status
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
from surveybuilder.web_formats import PARAMETER, asked_format


@bp.route("")
def consultation(slug: str) -> str:
    item, _version, definition = published(slug)
    show_in(asked_format() or formats.STANDARD)
    organisation = db.session().get(Organisation, item.organisation_id)
    return render_template("respond/consultation.html", consultation=item,
                           definition=definition, organisation=organisation,
                           accepting=accepting(item, definition),
                           not_yet=bool(definition.opens and date.today() < definition.opens),
                           results_published=item.status == Status.RESULTS_PUBLISHED)


@bp.route("/start", methods=["POST"])
def start(slug: str) -> HttpResponse | str:
    item, version, definition = startable(slug)
    chosen = show_in(formats.from_slug(request.form.get(PARAMETER)) or formats.STANDARD,
                     url_for("respond.consultation", slug=slug))
    if not accepting(item, definition):
        return closed(item, definition)
    journey = journeys.start(db.session(), item, version[0], chosen.value)
    db.session().commit()
    first = route.next_page(pages_of(definition, journey), 0, {})
    return redirect(page_url(item, journey, first.number))
