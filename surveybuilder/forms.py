"""Form pieces every staff page shares: GOV.UK widgets and the error summary list."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovSubmitInput
from wtforms import DateField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional


class ConfirmForm(FlaskForm):
    """A form with nothing to fill in but a button: deletes, publishing, closing."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


class DayMonthYearField(DateField):
    """A GOV.UK date (three boxes) with a message that says how to fix a bad date."""

    widget = GovDateInput()

    def __init__(self, label: str, description: str = "", **kwargs):
        super().__init__(label, format="%d %m %Y", description=description,
                         validators=[Optional()], **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        # The widget redraws exactly three boxes, so a hand-made request with fewer
        # values must not break the page it is shown again on.
        valuelist = (list(valuelist) + ["", "", ""])[:3]
        self.raw_data = valuelist
        if any(v.strip() for v in valuelist):
            parts = [v.strip() for v in valuelist]
            try:
                day, month, year = (int(p) for p in parts)
                self.data = date(year, month, day)
            except ValueError:
                self.data = None
                raise ValueError(f"{self.label.text} must be a real date, like 27 3 2027") \
                    from None
        else:
            self.data = None


def error_pairs(form: FlaskForm, extra: list[tuple[str, str]] | None = None
                ) -> list[tuple[str, str]]:
    """(field id, message) pairs for the error summary, first message per field; a date
    links to its day box, as GOV.UK asks."""
    pairs = []
    for name, messages in form.errors.items():
        field = getattr(form, name, None)
        if field is None or not messages:
            continue
        target = f"{field.name}-day" if isinstance(field, DayMonthYearField) else field.id
        pairs.append((target, messages[0]))
    return pairs + (extra or [])


def add_problems(form: FlaskForm, problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Attach service-level problems to their form fields; return those with no field."""
    unplaced = []
    for field_name, message in problems:
        field = getattr(form, field_name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*(field.errors or []), message]
        else:
            unplaced.append(("", message))
    form._errors = None  # WTForms caches form.errors; let it see the new messages
    return unplaced


def choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects rather than (value, label) tuples."""
    return [SelectChoice(value, label) for value, label in pairs]
