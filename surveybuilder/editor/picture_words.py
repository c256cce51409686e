"""Refusing picture words the picture dictionary does not know, with the nearest ones.

A mistyped picture word used to be saved and then quietly showed no picture; now the
save is refused and the message offers the nearest words (decision 13), so staff can
fix it at once. The words and the likeness are worked out in `easy_read_view`.
"""

from __future__ import annotations

from typing import Any

from wtforms import Field
from wtforms.validators import ValidationError

from surveybuilder.easy_read_view import picture_known, unknown_picture_message


class KnownPicture:
    """Form check: an empty picture field is fine (a picture is suggested); a word must
    be one the picture dictionary knows."""

    def __call__(self, form: Any, field: Field) -> None:
        typed = (field.data or "").strip()
        if typed and not picture_known(typed):
            raise ValidationError(unknown_picture_message(typed))
