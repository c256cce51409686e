"""A consultation's events (meetings, workshops, drop-ins): editing them, finding the
upcoming ones, and sharing them as an iCalendar file.

Events are kept in the consultation's draft metadata (`Consultation.events`), in the
survey definition's own shape (`EventDef`), so they travel with export, import and
duplication. Residents see them straight from there once the consultation is published,
so a room change reaches people without publishing a new version of the questions.

Time zone: staff type the wall-clock time in Sandwell, so times are stored as written,
without an offset, and read as Europe/London time (an imported time with an offset keeps
it). The calendar file gives every time in UTC, which each person's calendar turns back
into their own local time; this avoids shipping a VTIMEZONE definition of British Summer
Time that could drift from the real rules.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlmodel import Session

from surveybuilder.consultations.drafts import DraftError, record_change
from surveybuilder.models import Consultation, User
from surveybuilder.survey.definition import EventDef

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Surveybuilder//Get involved//EN"
MAX_OCTETS = 75  # RFC 5545 section 3.1: content lines are folded after 75 octets


# Reading ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Event:
    """One stored event, checked and with its times as real datetimes."""

    title: str
    starts: datetime
    ends: datetime | None
    location: str
    description: str

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Event:
        checked = EventDef.model_validate(data)
        return cls(checked.title, checked.starts, checked.ends, checked.location,
                   checked.description)

    @property
    def finishes(self) -> datetime:
        """When it is over: its end, or its start when no end was given."""
        return utc(self.ends or self.starts)

    @property
    def local_starts(self) -> datetime:
        return local(self.starts)

    @property
    def local_ends(self) -> datetime | None:
        return local(self.ends) if self.ends else None

    def key(self, consultation_id: int) -> str:
        """A stable name for calendar UIDs and feed ids. Events have no database id (they
        live in a JSON list), so the name comes from what identifies the event itself."""
        text = f"{consultation_id}|{self.title}|{utc(self.starts).isoformat()}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def utc(moment: datetime) -> datetime:
    """Times without an offset are Sandwell wall-clock times (see the module notes)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment.astimezone(UTC)


def local(moment: datetime) -> datetime:
    """A time as people in Sandwell read it on a clock."""
    return utc(moment).astimezone(LONDON)


def indexed_events(consultation: Consultation) -> list[tuple[int, Event]]:
    """Each event with its place in the stored list, which is how the editor names it.
    A stored event that no longer passes the format's checks is skipped, so one bad row
    never takes a page down."""
    found = []
    for index, data in enumerate(consultation.events):
        try:
            found.append((index, Event.from_data(data)))
        except ValidationError:
            continue
    return found


def events_of(consultation: Consultation) -> list[Event]:
    """The consultation's events in time order."""
    return sorted((e for _, e in indexed_events(consultation)), key=lambda e: utc(e.starts))


def upcoming(consultation: Consultation, now: datetime) -> list[Event]:
    """Events not yet over, so one that has started can still be found on the day."""
    return [e for e in events_of(consultation) if e.finishes >= now]


# Editing ---------------------------------------------------------------------------------

def check_event(data: dict[str, Any]) -> dict[str, Any]:
    """The event as it will be stored, or DraftError naming each field to fix."""
    try:
        event = EventDef.model_validate(data)
    except ValidationError as exc:
        raise DraftError([(str(e["loc"][0]), _message(e)) for e in exc.errors()]) from None
    if event.ends is not None and utc(event.ends) <= utc(event.starts):
        raise DraftError([("ends", "The end time must be after the start time")])
    return event.model_dump(mode="json", exclude_defaults=True)


def add_event(session: Session, consultation: Consultation, user: User,
              data: dict[str, Any]) -> None:
    event = check_event(data)
    _store(consultation, [*consultation.events, event])
    record_change(session, consultation, user, "event.added", title=event["title"],
           starts=event["starts"])


def update_event(session: Session, consultation: Consultation, user: User, index: int,
                 data: dict[str, Any]) -> None:
    event = check_event(data)
    events = list(consultation.events)
    before = events[index]
    events[index] = event
    _store(consultation, events)
    record_change(session, consultation, user, "event.changed", title=event["title"],
           starts=event["starts"], was={"title": before.get("title"),
                                        "starts": before.get("starts")})


def delete_event(session: Session, consultation: Consultation, user: User,
                 index: int) -> None:
    events = list(consultation.events)
    gone = events.pop(index)
    _store(consultation, events)
    record_change(session, consultation, user, "event.deleted", title=gone.get("title"),
           starts=gone.get("starts"))


def _store(consultation: Consultation, events: list[dict[str, Any]]) -> None:
    """Kept in time order, so the list reads like a programme; assigned as a new list,
    because the ORM does not notice changes made inside a JSON value."""
    consultation.events = sorted(events, key=_sort_key)


def _sort_key(data: dict[str, Any]) -> datetime:
    try:
        return utc(EventDef.model_validate(data).starts)
    except ValidationError:
        return datetime.max.replace(tzinfo=UTC)


def _message(error: dict[str, Any]) -> str:
    if error["type"] == "missing" or error["type"] == "string_too_short":
        return "Enter this"
    return error["msg"]


# iCalendar ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CalendarEntry:
    """An event with what the calendar needs from outside it: an id and a link."""

    uid: str
    event: Event
    url: str
    organiser: str


def icalendar(entries: Iterable[CalendarEntry], stamp: datetime, name: str) -> str:
    """An RFC 5545 calendar: CRLF line ends, long lines folded, text escaped.

    With no events the calendar is empty, which RFC 5545 strictly does not allow (it
    asks for at least one component) but every calendar we know of accepts; a
    subscribed calendar must be able to become empty when the last event is over."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}"]
    for entry in entries:
        lines += _vevent(entry, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _vevent(entry: CalendarEntry, stamp: datetime) -> list[str]:
    event = entry.event
    description = "\n\n".join(p for p in (event.description,
                                          f"Run by {entry.organiser}.", entry.url) if p)
    lines = ["BEGIN:VEVENT", f"UID:{entry.uid}", f"DTSTAMP:{ical_time(stamp)}",
             f"DTSTART:{ical_time(event.starts)}"]
    if event.ends:
        lines.append(f"DTEND:{ical_time(event.ends)}")
    lines += [f"SUMMARY:{escape_text(event.title)}",
              f"DESCRIPTION:{escape_text(description)}", f"URL:{entry.url}"]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    return [*lines, "END:VEVENT"]


def ical_time(moment: datetime) -> str:
    return utc(moment).strftime("%Y%m%dT%H%M%SZ")


def escape_text(text: str) -> str:
    """RFC 5545 TEXT values: backslash first, so the escapes added after it survive."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets of UTF-8, never inside a
    character; each continuation starts with one space (which counts towards its 75)."""
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = MAX_OCTETS if not pieces else MAX_OCTETS - 1
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)
