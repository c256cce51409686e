"""How every editing page behaves: show the form; on a valid POST make one change in one
transaction and move on with a message; on a refusal show the form again with the
messages beside the fields and everything that was typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import flash, redirect, render_template
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from surveybuilder import db
from surveybuilder.consultations.drafts import DraftError
from surveybuilder.editor.question_forms import place_problems
from surveybuilder.forms import error_pairs

T = TypeVar("T")


def commit_change(change: Callable[[], T]) -> T:
    """One change, one transaction: kept whole, or (on DraftError) not at all."""
    try:
        result = change()
    except DraftError:
        db.session().rollback()
        raise
    db.session().commit()
    return result


def done(message: str, url: str) -> Response:
    flash(message)
    return redirect(url)


def form_page(form: FlaskForm, change: Callable[[], T], then: Callable[[T], Response],
              template: str, **context: Any) -> Response | str:
    """The life of every editing page (see the module docstring)."""
    extra: list[tuple[str, str]] = []
    if form.validate_on_submit():
        try:
            result = commit_change(change)
        except DraftError as exc:
            extra = place_problems(form, exc.problems)
        else:
            return then(result)
    return render_template(template, form=form, errors=error_pairs(form, extra), **context)
