"""Residents' rights: find one response by its reference or the e-mail address the
resident gave, see it, export it for a subject access request (JSON, or a PDF to send
as it is), erase it; and the organisation's audit log (docs/residents-rights.md).

Staff who may read results (admins, editors, analysts) find, see and export; only
admins erase, since erasure cannot be undone, and only admins read the audit log.
Every look at a response and every download goes into the audit log, with who and
when, before the answers are sent.
"""

from __future__ import annotations

from flask import Response as FlaskResponse
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from surveybuilder import db
from surveybuilder.auth.current import (
    admin_only,
    can_read_results,
    consultation_or_404,
    current_organisation,
    current_role,
    current_user,
    signed_in,
)
from surveybuilder.consultations import audit, finding
from surveybuilder.editor.blueprint import bp
from surveybuilder.forms import ConfirmForm
from surveybuilder.models import Consultation, Role, utcnow
from surveybuilder.models import Response as ResidentResponse
from surveybuilder.rights import erasure, subject_access
from surveybuilder.web_files import store

ONE = "/consultations/<int:consultation_id>/responses/<reference>"


def _readable() -> None:
    if not can_read_results():
        abort(403)


def _response(consultation_id: int, reference: str
              ) -> tuple[Consultation, ResidentResponse]:
    """The response, if it is in one of this organisation's consultations."""
    _readable()
    consultation = consultation_or_404(consultation_id)
    response = subject_access.response_in(db.session(), consultation, reference)
    if response is None:
        abort(404)
    return consultation, response


def _find_problems(reference: str, email: str) -> list[tuple[str, str]]:
    if not reference and not email:
        return [("reference", "Enter the response's reference number, or the e-mail "
                              "address the resident gave")]
    if email and "@" not in email:
        return [("email", "Enter the e-mail address in the right format, like "
                          "name@example.com")]
    return []


@bp.route("/responses")
@signed_in
def find_response() -> str:
    """A GET form, so a search can be bookmarked and works without JavaScript."""
    _readable()
    reference = request.args.get("reference", "").strip()[:40]
    email = request.args.get("email", "").strip()[:254]
    asked = "reference" in request.args or "email" in request.args
    errors = _find_problems(reference, email) if asked else []
    found = None
    if asked and not errors:
        found = subject_access.find(db.session(), current_organisation().id, reference,
                                    email)
    return render_template("editor/rights/find.html", reference=reference, email=email,
                           errors=errors, found=found, asked=asked,
                           can_erase=current_role() == Role.ADMIN)


@bp.route(ONE)
@signed_in
def show_response(consultation_id: int, reference: str) -> str:
    consultation, response = _response(consultation_id, reference)
    session = db.session()
    record = subject_access.record_of(session, consultation, response)
    audit.record(session, "response.viewed", current_user(), consultation,
                 reference=response.reference)
    session.commit()
    return render_template("editor/rights/response.html", consultation=consultation,
                           record=record, can_erase=current_role() == Role.ADMIN)


@bp.route(f"{ONE}.<kind>")
@signed_in
def export_response(consultation_id: int, reference: str, kind: str) -> Response:
    """The response for a subject access request: JSON for a machine, a PDF to send."""
    if kind not in ("json", "pdf"):
        abort(404)
    consultation, response = _response(consultation_id, reference)
    session = db.session()
    record = subject_access.record_of(session, consultation, response)
    audit.record(session, "response.exported", current_user(), consultation,
                 reference=response.reference, format=kind)
    session.commit()
    name = f"{consultation.slug}-response-{response.reference}.{kind}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if kind == "json":
        return FlaskResponse(record.as_json(), mimetype="application/json", headers=headers)
    from surveybuilder.printing.pdf import render_pdf  # WeasyPrint only when asked

    html = render_template("editor/rights/response_pdf.html", record=record,
                           organisation=current_organisation())
    return FlaskResponse(render_pdf(html).pdf, mimetype="application/pdf", headers=headers)


@bp.route(f"{ONE}/erase", methods=["GET", "POST"])
@admin_only
def erase_response(consultation_id: int, reference: str) -> Response | str:
    consultation, response = _response(consultation_id, reference)
    form = ConfirmForm()
    if form.validate_on_submit():
        session = db.session()
        erased = erasure.erase(session, store(), consultation, response, current_user(),
                               utcnow())
        session.commit()
        erasure.checkpoint(session)
        session.commit()
        flash(f"Response {erased} to “{consultation.title}” has been erased. Its answers "
              "are gone from Surveybuilder; the audit log records that you erased it.")
        return redirect(url_for("editor.find_response"), code=303)
    return render_template("editor/rights/erase.html", consultation=consultation,
                           response=response, form=form)


def _log_query() -> tuple[audit.LogQuery, Consultation | None]:
    """The filter from the address; a consultation not this organisation's is 404."""
    chosen = request.args.get("consultation", "")
    consultation = consultation_or_404(int(chosen)) if chosen.isdigit() else None
    action = request.args.get("action", "")[:64]
    return audit.LogQuery(current_organisation().id,
                          consultation.id if consultation else None, action), consultation


@bp.route("/audit")
@admin_only
def audit_log() -> str:
    query, _consultation = _log_query()
    session = db.session()
    size = current_app.config["AUDIT_PAGE_SIZE"]
    total = audit.log_count(session, query)
    pages = max(1, -(-total // size))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    return render_template(
        "editor/rights/audit.html", rows=audit.log_rows(session, query, (page - 1) * size,
                                                        size),
        query=query, total=total, page=page, pages=pages,
        actions=audit.actions_in(session, query.organisation_id),
        consultations=finding.of_organisation(session, query.organisation_id),
        detail_words=audit.detail_words)


@bp.route("/audit.csv")
@admin_only
def audit_log_csv() -> Response:
    query, _consultation = _log_query()
    session = db.session()
    audit.record(session, "audit.exported", current_user(),
                 organisation_id=query.organisation_id)
    session.commit()
    return FlaskResponse("".join(audit.log_csv(session, query)),
                         mimetype="text/csv", headers={
                             "Content-Disposition": 'attachment; filename="audit-log.csv"'})
