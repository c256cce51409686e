"""The staff pages' warning before the idle time-out, and its "Stay signed in".

WCAG 2.2.1 (Timing Adjustable) asks that a person is warned before a time limit ends
their work and can extend it with a simple action. Staff pages carry how long the
server will keep the session without another request, and the script
(static/src/enhance.js) opens a dialog STAFF_TIMEOUT_WARNING_MINUTES before that; its
"Stay signed in" posts here. Without JavaScript nothing changes: the server still
ends the session after STAFF_IDLE_MINUTES (docs/security.md).
"""

from __future__ import annotations

from typing import Any

from flask import Response, g, jsonify, url_for

from surveybuilder.auth.staff_sessions import stay_signed_in, timeout_warning
from surveybuilder.auth.views import bp

SIGNED_OUT = "You have been signed out. Sign in again to carry on."


@bp.app_context_processor
def _timeout_context() -> dict[str, Any]:
    """`staff_timeout` for staff_base.html: None unless someone is signed in."""
    row = g.get("staff_session")
    if row is None or g.get("user") is None:
        return {"staff_timeout": None}
    return {"staff_timeout": {
        **timeout_warning(row),
        "stay_url": url_for("auth.stay_signed_in"),
        "time_left_url": url_for("auth.time_left"),
        "sign_in_url": url_for("auth.sign_in"),
    }}


@bp.route("/staff/time-left", endpoint="time_left")
def time_left_view() -> Response:
    """How long this session has left, as JSON, without counting as activity
    (auth/current.py NOT_ACTIVITY). The page asks before it warns and before it leaves
    for the sign-in page, so work in another tab, which keeps the one session alive,
    is not interrupted by a tab left alone. 401 when the session has ended."""
    row = g.get("staff_session")
    if row is None or g.get("user") is None:
        return Response(SIGNED_OUT, status=401, mimetype="text/plain")
    return jsonify(seconds_left=timeout_warning(row)["seconds_left"])


@bp.route("/staff/stay-signed-in", methods=["POST"], endpoint="stay_signed_in")
def stay_signed_in_view() -> Response:
    """Start the idle time-out again (CSRF-protected like every POST). 204 when done;
    401 when the session has already ended, so the page can say so (the sign-in page
    then shows why, as after any time-out)."""
    row = g.get("staff_session")
    if row is None or g.get("user") is None:
        return Response(SIGNED_OUT, status=401, mimetype="text/plain")
    stay_signed_in(row)
    return Response(status=204)
