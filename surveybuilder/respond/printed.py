"""Printed forms for anyone: GET /c/<slug>/print/<format>.pdf (`?size=16|18|24` for
large print, `?language=<code>` for a language the survey is offered in, like `?language=ur`, as
the resident's pages carry it),
the live version's paper form from the file store (surveybuilder/files). A language the
live version is not offered in is a 404.
No sign-in, no cookies; a consultation with nothing published is a 404, like its page.

A form is never drawn in the request: publishing queues it (printing/jobs.py), so it
is normally ready. Until it is, the address answers 503 with Retry-After and a page
saying in plain words that the form is being prepared, with a link to try again and
the other ways to get a paper copy (web_files.being_prepared). A version published
before forms were drawn at publish time gets its job queued here, and a form whose
file has gone from the store since its job finished is queued again.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from werkzeug.wrappers import Response

from surveybuilder import db
from surveybuilder.consultations import finding, lifecycle
from surveybuilder.models import JobStatus
from surveybuilder.printing.cache import live_key, version_languages
from surveybuilder.printing.formats import (
    LARGE_PRINT_SIZES,
    PrintFormat,
    UnknownPrintFormat,
    print_format,
)
from surveybuilder.printing.jobs import job_for_missing
from surveybuilder.survey.languages import ENGLISH
from surveybuilder.survey.loading import load_definition
from surveybuilder.web_brand import show_brand_of
from surveybuilder.web_files import being_prepared, send_stored, store

bp = Blueprint("printed", __name__, url_prefix="/c/<slug>/print")


@bp.app_context_processor
def _sizes() -> dict[str, tuple[int, ...]]:
    """The consultation page links to every large-print size."""
    return {"large_print_sizes": LARGE_PRINT_SIZES}


def asked_print_format(slug: str, size: str | None) -> PrintFormat:
    """The format an address names; unknown formats are a 404, a bad size a 400."""
    try:
        chosen_size = int(size) if size else None
    except ValueError:
        abort(400)
    try:
        return print_format(slug, chosen_size)
    except UnknownPrintFormat:
        abort(404 if chosen_size is None else 400)


@bp.route("/<format_slug>.pdf")
def form(slug: str, format_slug: str) -> Response:
    chosen = asked_print_format(format_slug, request.args.get("size"))
    session = db.session()
    consultation = finding.by_slug(session, slug)
    key = consultation and live_key(session, consultation, chosen,
                                    language=request.args.get("language") or ENGLISH)
    if not key or key.language not in version_languages(session, consultation, key.version):
        abort(404)
    opened = store().open(key.pdf_key)
    if opened is not None:
        return send_stored(opened, key.download_name(consultation.slug))
    job = job_for_missing(session, consultation, key)
    session.commit()
    version = lifecycle.live_version(session, consultation)
    show_brand_of(consultation.organisation_id)
    return being_prepared(render_template(
        "respond/printed_preparing.html", consultation=consultation,
        definition=load_definition(version.definition), chosen=chosen,
        failed=job.status == JobStatus.FAILED.value))
