"""Get involved: every partner's open consultations and upcoming events in one place,
with an Atom feed and a calendar to subscribe to (what can be joined, and the filters,
are `consultations.opportunities`).

The co-production charter commits partners to "sharing information and opportunities to
reduce duplication", and residents should not need to know which organisation runs
what. The page, the feed and the calendar read the same filtered list, so a filtered
page's subscribe links give exactly what the page shows.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

from flask import Response, render_template, request, url_for

from surveybuilder import db
from surveybuilder.consultations.events import CalendarEntry, Event, icalendar
from surveybuilder.consultations.opportunities import FACETS, Listing, Opportunity, listing
from surveybuilder.feedback import archive
from surveybuilder.models import Consultation
from surveybuilder.public.blueprint import bp

ATOM = "http://www.w3.org/2005/Atom"

# The participation ladder in residents' words: how much difference taking part makes.
LEVEL_WORDS = {
    "inform": "Inform: you are told about a decision that has been made",
    "consult": "Consult: your views are asked for before a decision is made",
    "engage": "Engage: ongoing conversations that can change some decisions",
    "involve": "Involve: you help shape the work",
    "co-produce": "Co-produce: you work with the organisation as an equal partner",
}


# Pages ----------------------------------------------------------------------------------

@bp.route("/get-involved")
def get_involved() -> str:
    found = _current_listing()
    return render_template("public/get_involved.html", listing=found, facets=FACETS,
                           level_words=LEVEL_WORDS, query=_filter_query(found),
                           results=archive.published_matching(db.session(), found.chosen))


@bp.route("/get-involved/feed.atom")
def get_involved_feed() -> Response:
    found = _current_listing()
    body = atom_feed(found, datetime.now(UTC), _filter_query(found))
    return Response(body, content_type="application/atom+xml; charset=utf-8")


@bp.route("/get-involved/events.ics")
def get_involved_calendar() -> Response:
    found = _current_listing()
    host = request.host.split(":")[0]
    entries = [CalendarEntry(uid=f"{event.key(o.consultation.id)}@{host}", event=event,
                             url=consultation_url(o.consultation), organiser=o.organisation)
               for event, o in found.events]
    body = icalendar(entries, datetime.now(UTC), "Get involved – Surveybuilder")
    return Response(body, content_type="text/calendar; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="get-involved.ics"'})


def _current_listing() -> Listing:
    args = {facet.param: request.args.getlist(facet.param) for facet in FACETS}
    return listing(db.session(), args, datetime.now(UTC))


def _filter_query(found: Listing) -> dict[str, list[str]]:
    """The filters as url_for arguments, for the feed, calendar and page links."""
    return {param: values for param, values in found.chosen.items() if values}


def consultation_url(consultation: Consultation) -> str:
    """The consultation's public page, absolute, because feeds and calendars are read
    away from this site."""
    return url_for("respond.consultation", slug=consultation.slug, _external=True)


# The Atom feed ----------------------------------------------------------------------------

def atom_feed(found: Listing, now: datetime, query: dict[str, list[str]]) -> bytes:
    """Atom 1.0 (RFC 4287). ElementTree writes the XML, so every text is escaped."""
    page = url_for("public.get_involved", _external=True, **query)
    feed = ET.Element("feed", xmlns=ATOM)
    _text(feed, "id", url_for("public.get_involved_feed", _external=True, **query))
    _text(feed, "title", "Get involved: consultations and events")
    _text(feed, "subtitle", "Open consultations and upcoming events from the council and "
                            "its partners")
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml",
                  href=url_for("public.get_involved_feed", _external=True, **query))
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=page)
    entries = [*(_consultation_entry(o) for o in found.consultations),
               *(_event_entry(event, o) for event, o in found.events)]
    newest = max((updated for _, updated in entries), default=now)
    _text(feed, "updated", _rfc3339(newest))
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = "Surveybuilder partners"
    for entry, _ in entries:
        feed.append(entry)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _consultation_entry(item: Opportunity) -> tuple[ET.Element, datetime]:
    consultation = item.consultation
    closes = f" Closes {_day(consultation.closes)}." if consultation.closes else ""
    summary = (f"{consultation.summary} {LEVEL_WORDS.get(consultation.participation_level, '')}"
               f".{closes} Run by {item.organisation}.").strip()
    return _entry(f"consultation-{consultation.id}", consultation.title, summary,
                  consultation_url(consultation), item)


def _event_entry(event: Event, item: Opportunity) -> tuple[ET.Element, datetime]:
    when = _day(event.local_starts.date()) + ", " + event.local_starts.strftime("%H:%M")
    if event.local_ends:
        when += " to " + event.local_ends.strftime("%H:%M")
    place = f" at {event.location}" if event.location else ""
    summary = (f"{when}{place}. Part of “{item.consultation.title}”, run by "
               f"{item.organisation}. {event.description}").strip()
    return _entry(f"event-{event.key(item.consultation.id)}", f"Event: {event.title}", summary,
                  consultation_url(item.consultation), item)


def _entry(anchor: str, title: str, summary: str, link: str, item: Opportunity
           ) -> tuple[ET.Element, datetime]:
    updated = _aware(item.consultation.updated_at)
    entry = ET.Element("entry")
    _text(entry, "id", url_for("public.get_involved", _external=True, _anchor=anchor))
    _text(entry, "title", title)
    _text(entry, "updated", _rfc3339(updated))
    ET.SubElement(ET.SubElement(entry, "author"), "name").text = item.organisation
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=link)
    _text(entry, "summary", summary)
    return entry, updated


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text


def _aware(moment: datetime) -> datetime:
    """SQLite hands back stored UTC times without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(day: date) -> str:
    return day.strftime("%A %-d %B %Y")
