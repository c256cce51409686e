"""Pages for the second factor: the code asked for after the password, setting up an
authenticator app (at sign-in when the organisation requires it, or from the person's
own page), removing it, and the admin's "require a second factor" setting.

The rules live in surveybuilder/staff/second_factor.py; the state between the password
and the code in surveybuilder/auth/pending.py.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from werkzeug.wrappers import Response
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from surveybuilder import db
from surveybuilder.auth import pending
from surveybuilder.auth.current import admin_only, current_organisation, current_user, signed_in
from surveybuilder.auth.views import _complete_sign_in
from surveybuilder.consultations import audit
from surveybuilder.forms import ConfirmForm, choices, error_pairs
from surveybuilder.models import User
from surveybuilder.staff import second_factor, signin
from surveybuilder.staff.accounts import role_in
from surveybuilder.staff.second_factor import Step

bp = Blueprint("second_factor", __name__)

CODE_HINT = "The 6-digit code your authenticator app shows now"


class CodeForm(FlaskForm):
    code = StringField(
        "Code", widget=GovTextInput(),
        description=f"{CODE_HINT}. If you cannot use your app, type one of your recovery "
                    "codes instead.",
        validators=[InputRequired("Enter the 6-digit code from your authenticator app, or "
                                  "one of your recovery codes"), Length(max=40)])
    submit = SubmitField("Continue", widget=GovSubmitInput())


class SetUpForm(FlaskForm):
    code = StringField("Code from the app", widget=GovTextInput(), description=CODE_HINT,
                       validators=[InputRequired("Enter the 6-digit code your app shows"),
                                   Length(max=40)])
    submit = SubmitField("Set up", widget=GovSubmitInput())


class RequireForm(FlaskForm):
    required = RadioField(
        "Must everyone in your organisation use a second factor?", widget=GovRadioInput(),
        choices=choices([("yes", "Yes – everyone sets up an authenticator app at their next "
                                 "sign-in"),
                         ("no", "No – each person chooses")]),
        validators=[InputRequired("Choose yes or no")])
    submit = SubmitField("Save", widget=GovSubmitInput())


# --- at sign-in ---

@bp.route("/sign-in/code", methods=["GET", "POST"])
def enter_code() -> Response | str | tuple[str, int]:
    """The code asked for after the right password."""
    user = pending.pending_user(Step.CODE)
    if user is None:
        return _start_again()
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("auth/second_factor/code.html", form=form,
                               errors=error_pairs(form))
    config = current_app.config
    verdict = second_factor.verify(db.session(), user, form.code.data, pending.sealing_key(),
                                   config["SECOND_FACTOR_MAX_FAILURES"],
                                   config["SECOND_FACTOR_LOCK_MINUTES"])
    if verdict.used_recovery_code:
        audit.record(db.session(), "user.recovery_code_used", user)
    if verdict.accepted:  # it is them: others' failures elsewhere no longer slow them
        signin.forget_account_failures(db.session(), config["SECRET_KEY"], user.email)
    db.session().commit()
    if verdict.accepted:
        response = _complete_sign_in(user)
        if verdict.used_recovery_code:
            flash(f"You used a recovery code; {verdict.recovery_codes_left} are left. Make "
                  f"new ones from your second factor page if you are running out.")
        return response
    if verdict.locked_minutes:
        message = (f"Too many wrong codes. For your security, wait {verdict.locked_minutes} "
                   f"minutes and try again, or ask an admin in your organisation to help")
        return _code_problem(form, message), 429
    return _code_problem(form, "The code is not right. Type the 6 digits your app shows "
                               "for this site now, or one of your recovery codes"), 200


@bp.route("/sign-in/set-up", methods=["GET", "POST"])
def set_up_now() -> Response | str:
    """Setting up an app at sign-in, because the person's organisation requires it."""
    user = pending.pending_user(Step.ENROL)
    if user is None:
        return _start_again()
    page = _set_up(user, required=True)
    if isinstance(page, list):
        pending.mark_passed()
        return render_template("auth/second_factor/recovery_codes.html", codes=page,
                               continue_url=url_for("second_factor.finish_sign_in"))
    return page


@bp.route("/sign-in/finish", methods=["POST"])
def finish_sign_in() -> Response:
    """After the new recovery codes have been shown: signed in."""
    form = ConfirmForm()
    user = pending.passed_user()
    if user is None or not form.validate_on_submit():
        return _start_again()
    return _complete_sign_in(user)


def _start_again() -> Response:
    flash("Your sign-in has timed out. Sign in again.")
    return redirect(url_for("auth.sign_in"))


# --- the person's own page ---

@bp.route("/staff/account/second-factor")
@signed_in
def status() -> str:
    user = current_user()
    enrolled = second_factor.is_enrolled(db.session(), user)
    return render_template(
        "auth/second_factor/status.html", enrolled=enrolled,
        required=second_factor.required_for(db.session(), user),
        codes_left=second_factor.recovery_codes_left(db.session(), user) if enrolled else 0,
        form=ConfirmForm())


@bp.route("/staff/account/second-factor/set-up", methods=["GET", "POST"])
@signed_in
def set_up() -> Response | str:
    user = current_user()
    if second_factor.is_enrolled(db.session(), user):
        return redirect(url_for("second_factor.status"))
    page = _set_up(user, required=False)
    if isinstance(page, list):
        return render_template("auth/second_factor/recovery_codes.html", codes=page,
                               continue_url=None)
    return page


@bp.route("/staff/account/second-factor/recovery-codes", methods=["POST"])
@signed_in
def new_recovery_codes() -> Response | str:
    """Ten new codes replacing the old ones (the person has used or lost them)."""
    user = current_user()
    if not ConfirmForm().validate_on_submit() or not second_factor.is_enrolled(db.session(),
                                                                               user):
        return redirect(url_for("second_factor.status"))
    codes = second_factor.new_recovery_codes(db.session(), user)
    db.session().commit()
    return render_template("auth/second_factor/recovery_codes.html", codes=codes,
                           continue_url=None)


@bp.route("/staff/account/second-factor/remove", methods=["POST"])
@signed_in
def remove() -> Response:
    """Stop using a second factor; not possible where the organisation requires one."""
    user = current_user()
    if ConfirmForm().validate_on_submit() and not second_factor.required_for(db.session(),
                                                                               user):
        second_factor.remove(db.session(), user)
        audit.record(db.session(), "user.second_factor_removed", user, email=user.email)
        db.session().commit()
        flash("Your second factor has been removed. You sign in with your password only.")
    return redirect(url_for("second_factor.status"))


def _set_up(user: User, required: bool) -> Response | str | list[str]:
    """The set-up page, or the new recovery codes once the code from the app is right."""
    factor, secret = second_factor.start_enrolment(db.session(), user, pending.sealing_key())
    db.session().commit()
    form = SetUpForm()
    if form.validate_on_submit():
        codes = second_factor.confirm_enrolment(db.session(), user, factor, form.code.data,
                                                pending.sealing_key())
        if codes is not None:
            audit.record(db.session(), "user.second_factor_added", user)
        db.session().commit()
        if codes is not None:
            return codes
        form.code.errors = ["The code is not right. Check the app has this site added, and "
                            "type the 6 digits it shows now"]
        form._errors = None
    address = second_factor.app_address(secret, user, _issuer())
    return render_template("auth/second_factor/set_up.html", form=form,
                           errors=error_pairs(form),
                           required=required, qr_code=_qr_code(address),
                           secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)))


def _code_problem(form: CodeForm, message: str) -> str:
    form.code.errors = [message]
    form._errors = None
    return render_template("auth/second_factor/code.html", form=form,
                           errors=error_pairs(form))


def _issuer() -> str:
    """The name the app lists this site under: the product and the site's host, so two
    councils' sites are told apart."""
    host = urlsplit(current_app.config["PUBLIC_URL"] or "").hostname
    return f"Surveybuilder ({host})" if host else "Surveybuilder"


def _qr_code(address: str) -> str:
    """A data: address of an SVG QR code of the `otpauth://` address (never sent to any
    outside service)."""
    return segno.make(address, error="m").svg_data_uri(scale=5, border=4, dark="#0b0c0c",
                                                       light="#ffffff")


# --- the organisation's setting ---

@bp.route("/staff/organisation/second-factor", methods=["GET", "POST"])
@admin_only
def require() -> Response | str:
    """An admin makes everyone in the organisation use a second factor."""
    organisation = current_organisation()
    form = RequireForm()
    if not form.is_submitted():
        form.required.data = "yes" if second_factor.is_required(db.session(),
                                                                organisation) else "no"
    if form.validate_on_submit():
        required = form.required.data == "yes"
        second_factor.set_required(db.session(), organisation, required, current_user())
        audit.record(db.session(), "organisation.second_factor_required", current_user(),
                     organisation_id=organisation.id, required=required)
        db.session().commit()
        flash("Everyone in your organisation will be asked to set up a second factor at "
              "their next sign-in." if required else
              "People in your organisation choose whether to use a second factor.")
        return redirect(url_for("second_factor.require"))
    return render_template("auth/second_factor/require.html", form=form,
                           errors=error_pairs(form), remove_form=ConfirmForm(),
                           members=second_factor.members_using_one(db.session(),
                                                                   organisation))


@bp.route("/staff/organisation/second-factor/<int:user_id>/remove", methods=["POST"])
@admin_only
def remove_for(user_id: int) -> Response:
    """An admin takes away a member's app and recovery codes (they lost both), so they
    can sign in with their password and set up a new one."""
    organisation = current_organisation()
    user = db.session().get(User, user_id)
    if user is None or role_in(db.session(), user, organisation.id) is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        second_factor.remove(db.session(), user)
        audit.record(db.session(), "user.second_factor_removed", current_user(),
                     organisation_id=organisation.id, email=user.email)
        db.session().commit()
        flash(f"{user.name}'s second factor has been removed. They sign in with their "
              f"password" + (" and set up a new app." if second_factor.is_required(
                  db.session(), organisation) else "."))
    return redirect(url_for("second_factor.require"))
