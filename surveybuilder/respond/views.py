"""Where residents answer: registers every resident page on the blueprint (importing a
module adds its routes), as `editor/views.py` does for staff pages.

- `starting`: the consultation page and Start
- `question_pages`: question pages, saving them and switching format on them
- `submitting`: check answers, submit and the confirmation
- `save_and_return`: the resume code, e-mailing the link, and resuming
- `answering`: what all of them share (loading, formats, where pages lead)

Everything works without JavaScript or cookies: the journey's token is in the address.
Routing, validation and storage are the shared survey and responses code; these modules
only turn requests into calls on them and pick the page to show.
"""

from surveybuilder.respond import (  # noqa: F401
    question_pages,
    save_and_return,
    starting,
    submitting,
)
from surveybuilder.respond.blueprint import bp

__all__ = ["bp"]
