"""Published "You said, we did": the results page in three formats with a PDF of each,
the archive of past consultations and their outcomes, and an Atom feed of results.

The same template body draws the web page, the PDF and the static folder
(`feedback.publication`), so the three can never say different things. The format
travels in `?format=`, as on every resident page (docs/decisions/0003), and the
language in `?language=` (issue 15): English and each language the survey is offered
in, each named in itself; any other asks for English.

The PDFs are drawn by background jobs when the feedback is published or changed
(feedback/jobs.py) and sent from the file store; until one is there its address answers
503 with the same "being prepared" page as the printed forms, queueing its job if
there is none (or if its file has gone from the store since it was drawn).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from flask import Response, abort, current_app, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from surveybuilder import db, formats, wording
from surveybuilder.consultations import finding
from surveybuilder.feedback import archive, decisions, publication
from surveybuilder.feedback.document import ResultsDocument, build
from surveybuilder.feedback.jobs import job_for_missing, key_for, offered_languages
from surveybuilder.models import Consultation, JobStatus
from surveybuilder.public.blueprint import bp
from surveybuilder.public.get_involved import ATOM
from surveybuilder.survey.languages import ENGLISH, language
from surveybuilder.web_brand import show_brand_of
from surveybuilder.web_files import being_prepared, send_stored, store
from surveybuilder.web_formats import LANGUAGE, asked_format, asked_language, results_picture


def _document(slug: str, answer_format: formats.AnswerFormat
              ) -> tuple[ResultsDocument, list[str]]:
    """The published results in the language the address asks for, if offered, with
    this request's words in that language's catalogue; and the languages offered."""
    consultation = finding.by_slug(db.session(), slug)
    feedback = (decisions.published_feedback(db.session(), consultation)
                if consultation else None)
    if feedback is None:
        abort(404)
    show_brand_of(consultation.organisation_id)
    offered = offered_languages(db.session(), consultation)
    code = asked_language(offered) or ENGLISH
    wording.use(wording.locale_for(answer_format == formats.EASY_READ, code))
    return build(db.session(), consultation, feedback,
                 current_app.config["SUPPRESSION_THRESHOLD"], code), offered


def language_links(consultation: Consultation, codes: list[str], shown: str,
                   answer_format: formats.AnswerFormat) -> list[dict[str, object]]:
    """English and each offered language (`codes`), named in itself, linking to this
    page in it (keeping the format); empty when only English is offered."""
    if len(codes) < 2:
        return []
    keep = {} if answer_format == formats.STANDARD else {"format": answer_format.slug}
    return [{"language": language(code), "current": code == shown,
             "url": url_for("public.results", slug=consultation.slug, **keep,
                            **({} if code == ENGLISH else {LANGUAGE: code}))}
            for code in codes]


@bp.route("/c/<slug>/results")
def results(slug: str) -> str:
    shown = asked_format() or formats.STANDARD
    doc, offered = _document(slug, shown)
    code = doc.language.code
    in_language = {} if code == ENGLISH else {LANGUAGE: code}
    return render_template("public/results/page.html", doc=doc,
                           picture=results_picture,
                           pdf_url=url_for("public.results_pdf", slug=slug, name=shown.slug,
                                           **in_language),
                           language_links=language_links(doc.consultation, offered, code, shown),
                           **publication.body_context(shown))


@bp.route("/c/<slug>/results/<name>.pdf")
def results_pdf(slug: str, name: str) -> WerkzeugResponse:
    """The PDF from the file store, or the page saying it is being prepared."""
    shown = formats.from_slug(name)
    session = db.session()
    consultation = finding.by_slug(session, slug)
    feedback = decisions.published_feedback(session, consultation) if consultation else None
    if shown is None or feedback is None:
        abort(404)
    show_brand_of(consultation.organisation_id)
    code = asked_language(offered_languages(session, consultation)) or ENGLISH
    # the page saying it is being prepared speaks the PDF's words
    wording.use(wording.locale_for(shown == formats.EASY_READ, code))
    key = key_for(feedback, shown, code)
    opened = store().open(key.pdf_key)
    if opened is not None:
        suffix = "" if code == ENGLISH else f"-{code}"
        return send_stored(opened, f"{slug}-results-{shown.slug}{suffix}.pdf")
    job = job_for_missing(session, consultation, key)
    session.commit()
    return being_prepared(render_template(
        "public/results/pdf_preparing.html", consultation=consultation, shown=shown,
        failed=job.status == JobStatus.FAILED.value,
        page_url=url_for("public.results", slug=slug, format=shown.slug,
                         **({} if code == ENGLISH else {LANGUAGE: code}))))


@bp.route("/results")
def results_archive() -> str:
    query = request.args.get("q", "").strip()
    found = archive.search(db.session(), query)
    return render_template("public/results/archive.html", query=query, found=found)


@bp.route("/results/feed.atom")
def results_feed() -> Response:
    found = archive.search(db.session(), "", published_only=True)
    return Response(atom_feed(found, datetime.now(UTC)),
                    content_type="application/atom+xml; charset=utf-8")


def atom_feed(found: list[archive.ArchiveEntry], now: datetime) -> bytes:
    """Atom 1.0 of published results, newest first; ElementTree escapes every text."""
    feed = ET.Element("feed", xmlns=ATOM)
    ET.SubElement(feed, "id").text = url_for("public.results_feed", _external=True)
    ET.SubElement(feed, "title").text = "You said, we did: published results"
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml",
                  href=url_for("public.results_feed", _external=True))
    ET.SubElement(feed, "link", rel="alternate", type="text/html",
                  href=url_for("public.results_archive", _external=True))
    updated = max((e.updated for e in found), default=now)
    ET.SubElement(feed, "updated").text = _rfc3339(updated)
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = "Surveybuilder partners"
    for entry in found:
        link = url_for("public.results", slug=entry.consultation.slug, _external=True)
        item = ET.SubElement(feed, "entry")
        ET.SubElement(item, "id").text = link
        ET.SubElement(item, "title").text = f"Results: {entry.consultation.title}"
        ET.SubElement(item, "updated").text = _rfc3339(entry.updated)
        ET.SubElement(ET.SubElement(item, "author"), "name").text = entry.organisation
        ET.SubElement(item, "link", rel="alternate", type="text/html", href=link)
        ET.SubElement(item, "summary").text = entry.outcome
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _rfc3339(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
