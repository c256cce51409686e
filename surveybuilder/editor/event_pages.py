"""Editor pages for a consultation's events: list, add, change and delete.

An event is named in its address by its place in the consultation's list of events,
because events are kept as a JSON list with no ids of their own. Each change is one call
on `consultations.events` in its own transaction, like every other editor page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from flask import abort, render_template, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from werkzeug.wrappers import Response
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from surveybuilder import db
from surveybuilder.auth.current import can_edit, consultation_or_404, current_user, signed_in
from surveybuilder.consultations import events
from surveybuilder.consultations.drafts import DraftError
from surveybuilder.editor.blueprint import bp
from surveybuilder.editor.page_flow import done, form_page
from surveybuilder.forms import ConfirmForm, DayMonthYearField
from surveybuilder.models import Consultation

PREFIX = "/consultations/<int:consultation_id>/events"

# The service names an event's parts as the survey format does; the form splits the
# start and end into a date and two times.
FORM_FIELD = {"starts": "start_time", "ends": "end_time"}


class TimeOfDayField(StringField):
    """A time typed as HH:MM on the 24-hour clock. One text box is quicker to fill in and
    easier for screen reader users than separate hour and minute boxes."""

    widget = GovTextInput()

    def process_formdata(self, valuelist: list[str]) -> None:
        self.raw_data = list(valuelist)
        text = (valuelist[0] if valuelist else "").strip().replace(".", ":")
        self.data = None
        if text:
            self.data = parse_time(text)
            if self.data is None:
                raise ValueError(f"{self.label.text.split(' (')[0]} must be a real time on "
                                 f"the 24-hour clock, like 09:30 or 18:00")

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if self.data else ""


def parse_time(text: str) -> time | None:
    """"9:30" and "09:30" are both fine; anything that is not a clock time is None."""
    hours, sep, minutes = text.partition(":")
    if not (sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2
            and len(hours) <= 2):
        return None
    if int(hours) > 23 or int(minutes) > 59:
        return None
    return time(int(hours), int(minutes))


class EventForm(FlaskForm):
    title = StringField("Event name", widget=GovTextInput(), validators=[
        InputRequired("Enter the name of the event"),
        Length(max=200, message="Event name must be 200 characters or fewer")],
        description="Say what it is, like “Drop-in at Tipton Library”")
    date = DayMonthYearField("Date", description="For example, 14 2 2027")
    start_time = TimeOfDayField("Start time", validators=[
        InputRequired("Enter the start time, like 18:00")],
        description="Use the 24-hour clock, like 18:00 for 6pm")
    end_time = TimeOfDayField("End time (optional)", validators=[Optional()],
                              description="Use the 24-hour clock, like 19:30")
    location = StringField("Where", widget=GovTextInput(), validators=[
        InputRequired("Enter where the event is, or how to join it online"),
        Length(max=500, message="Where must be 500 characters or fewer")],
        description="The full address with postcode, or how to join online")
    description = TextAreaField(
        "Description (optional)", widget=GovTextArea(), validators=[Optional()],
        description="What will happen, and how the event is accessible: step-free access, "
                    "hearing loop, British Sign Language, interpreters, help with travel")
    submit = SubmitField("Save event", widget=GovSubmitInput())

    def validate(self, extra_validators: Any = None) -> bool:
        """The date box group always allows blanks (it is shared with optional dates), so
        its being required is checked here."""
        valid = super().validate(extra_validators)
        if self.date.data is None and not self.date.errors:
            self.date.errors = ["Enter the date of the event"]
            self._errors = None
            return False
        return valid

    def to_data(self) -> dict[str, Any]:
        day = self.date.data
        end = self.end_time.data
        return {"title": self.title.data.strip(),
                "starts": datetime.combine(day, self.start_time.data),
                "ends": datetime.combine(day, end) if end else None,
                "location": (self.location.data or "").strip(),
                "description": (self.description.data or "").strip()}

    def fill_from(self, event: events.Event) -> None:
        self.title.data, self.location.data = event.title, event.location
        self.description.data = event.description
        self.date.data = event.local_starts.date()
        self.start_time.data = event.local_starts.time()
        self.end_time.data = event.local_ends.time() if event.local_ends else None


@bp.route(PREFIX)
@signed_in
def events_list(consultation_id: int) -> str:
    consultation = consultation_or_404(consultation_id)
    return render_template("editor/events.html", consultation=consultation,
                           events=events.indexed_events(consultation), can_edit=can_edit())


@bp.route(f"{PREFIX}/new", methods=["GET", "POST"])
@signed_in
def new_event(consultation_id: int) -> Response | str:
    consultation = consultation_or_404(consultation_id, edit=True)
    form = EventForm()
    return form_page(
        form, _renamed(lambda: events.add_event(db.session(), consultation, current_user(),
                                                form.to_data())),
        lambda _: done(f"The event “{form.title.data.strip()}” has been added.",
                        _list(consultation)),
        "editor/events_form.html", consultation=consultation, event=None)


@bp.route(f"{PREFIX}/<int:index>/edit", methods=["GET", "POST"])
@signed_in
def edit_event(consultation_id: int, index: int) -> Response | str:
    consultation = consultation_or_404(consultation_id, edit=True)
    event = _event_or_404(consultation, index)
    form = EventForm()
    if not form.is_submitted():
        form.fill_from(event)
    return form_page(
        form, _renamed(lambda: events.update_event(db.session(), consultation,
                                                   current_user(), index, form.to_data())),
        lambda _: done(f"The event “{form.title.data.strip()}” has been changed.",
                        _list(consultation)),
        "editor/events_form.html", consultation=consultation, event=event)


@bp.route(f"{PREFIX}/<int:index>/delete", methods=["GET", "POST"])
@signed_in
def delete_event(consultation_id: int, index: int) -> Response | str:
    consultation = consultation_or_404(consultation_id, edit=True)
    event = _event_or_404(consultation, index)
    return form_page(
        ConfirmForm(),
        lambda: events.delete_event(db.session(), consultation, current_user(), index),
        lambda _: done(f"The event “{event.title}” has been deleted.", _list(consultation)),
        "editor/structure/delete.html", consultation=consultation,
        heading=f"Are you sure you want to delete the event “{event.title}”?",
        losses=[], button="Delete event", back=_list(consultation))


def _event_or_404(consultation: Consultation, index: int) -> events.Event:
    found = dict(events.indexed_events(consultation)).get(index)
    if found is None:
        abort(404)
    return found


def _list(consultation: Consultation) -> str:
    return url_for("editor.events_list", consultation_id=consultation.id)


def _renamed(change: Callable[[], None]) -> Callable[[], None]:
    """Put the service's problems beside the form's own fields."""

    def run() -> None:
        try:
            change()
        except DraftError as exc:
            raise DraftError([(FORM_FIELD.get(f, f), m) for f, m in exc.problems]) from None

    return run
