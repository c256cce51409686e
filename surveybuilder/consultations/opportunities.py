"""What residents can still join: published consultations open for answers or with an
event to come, from every partner, and the filters (topic, area, who it is for) that
narrow them. The "Get involved" page, its feed and its calendar all read one `listing`,
so a filtered page's subscribe links give exactly what the page shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from surveybuilder.consultations.events import LONDON, Event, upcoming, utc
from surveybuilder.models import Consultation, Organisation, Status


@dataclass(frozen=True)
class Facet:
    """One way to filter: the query parameter, its heading, and the consultation field."""

    param: str
    legend: str
    field: str


FACETS = (Facet("topic", "Topic", "topics"), Facet("area", "Area", "areas"),
          Facet("audience", "Who it is for", "audience"))


@dataclass(frozen=True)
class Opportunity:
    """A published consultation that can still be joined: open for answers, or with an
    event still to come."""

    consultation: Consultation
    organisation: str
    events: list[Event]
    open: bool

    def values(self, facet: Facet) -> dict[str, str]:
        """The consultation's values for a facet, keyed without case, so "Parks" from
        one partner and "parks" from another are one choice."""
        return {value.strip().casefold(): value.strip()
                for value in getattr(self.consultation, facet.field) if value.strip()}


@dataclass(frozen=True)
class Listing:
    """What the page, feed and calendar show for one request's filters."""

    options: dict[str, list[tuple[str, str]]]
    chosen: dict[str, list[str]]
    opportunities: list[Opportunity]

    @property
    def filtered(self) -> bool:
        return any(self.chosen.values())

    @property
    def has_options(self) -> bool:
        return any(self.options.values())

    def checkboxes(self, param: str) -> list[dict[str, object]]:
        """A facet's choices as GOV.UK checkbox items, ticked as asked."""
        return [{"value": value, "text": label, "checked": value in self.chosen[param]}
                for value, label in self.options[param]]

    @property
    def consultations(self) -> list[Opportunity]:
        return [o for o in self.opportunities if o.open]

    @property
    def events(self) -> list[tuple[Event, Opportunity]]:
        pairs = [(event, o) for o in self.opportunities for event in o.events]
        return sorted(pairs, key=lambda pair: (utc(pair[0].starts), pair[0].title))


# Finding and filtering ------------------------------------------------------------------

def opportunities(session: Session, now: datetime) -> list[Opportunity]:
    """Published consultations that are open for answers or have an event to come,
    soonest closing first. The public reads events from the consultation itself (see
    consultations.events), so a closed consultation's feedback meeting still shows."""
    today = now.astimezone(LONDON).date()
    rows = session.exec(
        select(Consultation, Organisation.name)
        .join(Organisation, Organisation.id == Consultation.organisation_id)
        .where(Consultation.status.in_([Status.OPEN, Status.CLOSED]))
        .order_by(Consultation.closes, Consultation.title)).all()
    found = []
    for consultation, organisation in rows:
        is_open = consultation.status == Status.OPEN and _not_past(consultation.closes, today)
        coming = upcoming(consultation, now)
        if is_open or coming:
            found.append(Opportunity(consultation, organisation, coming, is_open))
    return found


def _not_past(closes: date | None, today: date) -> bool:
    return closes is None or closes >= today


def facet_options(items: Iterable[Opportunity]) -> dict[str, list[tuple[str, str]]]:
    """(value, label) choices for each facet, from the values actually in use, so
    there is never a choice that finds nothing."""
    options: dict[str, dict[str, str]] = {facet.param: {} for facet in FACETS}
    for item in items:
        for facet in FACETS:
            for key, label in item.values(facet).items():
                options[facet.param].setdefault(key, label)
    return {param: sorted(found.items(), key=lambda pair: pair[0])
            for param, found in options.items()}


def chosen_filters(args: Mapping[str, list[str]],
                   options: dict[str, list[tuple[str, str]]]) -> dict[str, list[str]]:
    """The ticked values that are still on offer; an old bookmark's stale value is
    dropped rather than hiding everything behind a box that cannot be unticked."""
    chosen = {}
    for facet in FACETS:
        offered = {key for key, _ in options[facet.param]}
        chosen[facet.param] = [v for v in args.get(facet.param, []) if v in offered]
    return chosen


def matches(item: Opportunity, chosen: dict[str, list[str]]) -> bool:
    """Any ticked value within a facet, and every facet that has one ticked."""
    for facet in FACETS:
        wanted = chosen[facet.param]
        if wanted and not set(wanted) & item.values(facet).keys():
            return False
    return True


def listing(session: Session, args: Mapping[str, list[str]], now: datetime) -> Listing:
    everything = opportunities(session, now)
    options = facet_options(everything)
    chosen = chosen_filters(args, options)
    return Listing(options, chosen, [o for o in everything if matches(o, chosen)])
