"""Staff pages for background jobs: the organisation's jobs, one consultation's, and one
job. Only the organisation being worked for is shown; another's job is a 404. The
pages refresh by a plain link, so they work without JavaScript."""

from __future__ import annotations

from flask import abort, current_app, render_template

from surveybuilder import db
from surveybuilder.auth.current import consultation_or_404, current_organisation, signed_in
from surveybuilder.editor.blueprint import bp
from surveybuilder.jobs import listing


@bp.route("/jobs")
@signed_in
def jobs() -> str:
    found = listing.of_organisation(db.session(), current_organisation().id)
    return render_template("editor/jobs/list.html", jobs=found, consultation=None,
                           listing=listing, late=_late())


@bp.route("/consultations/<int:consultation_id>/jobs")
@signed_in
def consultation_jobs(consultation_id: int) -> str:
    consultation = consultation_or_404(consultation_id)
    found = listing.of_organisation(db.session(), consultation.organisation_id,
                                    consultation.id)
    return render_template("editor/jobs/consultation.html", jobs=found,
                           consultation=consultation, listing=listing, late=_late())


@bp.route("/jobs/<int:job_id>")
@signed_in
def job(job_id: int) -> str:
    found = listing.one_of_organisation(db.session(), current_organisation().id, job_id)
    if found is None:
        abort(404)
    return render_template("editor/jobs/job.html", job=found, listing=listing,
                           late=_late())


def _late() -> int | None:
    """The JOBS_LATE_MINUTES setting when some of the organisation's jobs are that late
    (the pages then say so), else None."""
    minutes = current_app.config["JOBS_LATE_MINUTES"]
    late = listing.late_since(db.session(), current_organisation().id, minutes)
    return minutes if late is not None else None
