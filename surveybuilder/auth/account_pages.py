"""Pages that keep staff accounts safe: admins deactivate and reactivate users and
issue password reset links; everyone changes their own password; a reset link sets a
new one. The rules live in surveybuilder/staff/lifecycle.py; these pages ask, confirm
and record who did what in the audit log."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput
from wtforms import PasswordField, SubmitField
from wtforms.validators import EqualTo, InputRequired

from surveybuilder import db
from surveybuilder.auth.current import (
    admin_only,
    current_organisation,
    current_user,
    signed_in,
)
from surveybuilder.auth.views import bp
from surveybuilder.consultations import audit
from surveybuilder.forms import error_pairs
from surveybuilder.mail import MailNotReady, smtp_settings
from surveybuilder.models import User
from surveybuilder.staff import lifecycle
from surveybuilder.staff.accounts import AccountError, role_in
from surveybuilder.staff.passwords import MIN_PASSWORD_LENGTH

NEW_PASSWORD_HINT = (f"At least {MIN_PASSWORD_LENGTH} characters. Not a common password, "
                     f"your email address or your organisation's name. Three or four random "
                     f"words are easy to remember and hard to guess.")


class ConfirmForm(FlaskForm):
    """A button that changes something, with its CSRF token."""

    submit = SubmitField("Continue", widget=GovSubmitInput())


class NewPasswordForm(FlaskForm):
    password = PasswordField("New password", widget=GovPasswordInput(),
                             description=NEW_PASSWORD_HINT,
                             validators=[InputRequired("Enter a new password")])
    confirm = PasswordField("Type the new password again", widget=GovPasswordInput(),
                            validators=[InputRequired("Type the new password again"),
                                        EqualTo("password", "The two new passwords are not "
                                                            "the same. Type them again")])
    submit = SubmitField("Save new password", widget=GovSubmitInput())


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField("Current password", widget=GovPasswordInput(),
                            validators=[InputRequired("Enter your current password")])


def _member_or_404(user_id: int) -> User:
    """A user of the organisation being worked for; anyone else is "not found"."""
    user = db.session().get(User, user_id)
    if user is None or role_in(db.session(), user, current_organisation().id) is None:
        abort(404)
    return user


def _record(action: str, user: User, **detail) -> None:
    audit.record(db.session(), action, current_user(),
                 organisation_id=current_organisation().id, email=user.email, **detail)


# Switching an account off or on: the service that does it, the audit action, and the
# line shown afterwards.
SWITCHES = {
    "deactivate": (lifecycle.deactivate, "user.deactivated",
                   "{name} has been deactivated and signed out everywhere."),
    "reactivate": (lifecycle.reactivate, "user.reactivated", "{name} can sign in again."),
}


@bp.route("/staff/users/<int:user_id>/<any(deactivate, reactivate):change>",
          methods=["GET", "POST"])
@admin_only
def switch_user(user_id: int, change: str):
    """Deactivate (a leaver: their sessions end at once) or reactivate, after a
    confirmation page."""
    user = _member_or_404(user_id)
    service, action, done = SWITCHES[change]
    form = ConfirmForm()
    errors: list[tuple[str, str]] = []
    if form.validate_on_submit():
        try:
            ended = service(db.session(), user)
        except AccountError as exc:
            db.session().rollback()
            errors = [("submit", str(exc))]
        else:
            _record(action, user, **({} if ended is None else {"sessions_ended": ended}))
            db.session().commit()
            flash(done.format(name=user.name))
            return redirect(url_for("auth.users"))
    return render_template("auth/switch_user.html", form=form, user=user, change=change,
                           errors=errors)


@bp.route("/staff/users/<int:user_id>/reset-link", methods=["GET", "POST"])
@admin_only
def reset_link(user_id: int):
    """Issue a one-use link: e-mailed when e-mail is set up, otherwise shown once for
    the admin to pass on in person or by phone."""
    user = _member_or_404(user_id)
    form = ConfirmForm()
    errors: list[tuple[str, str]] = []
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    if form.validate_on_submit():
        try:
            token = lifecycle.issue_reset(db.session(), user, current_user(),
                                          timedelta(minutes=minutes))
        except AccountError as exc:
            db.session().rollback()
            errors = [("submit", str(exc))]
        else:
            return _hand_over(user, token, minutes)
    return render_template("auth/reset_link.html", form=form, user=user, errors=errors,
                           minutes=minutes, link=None)


def _hand_over(user: User, token: str, minutes: int):
    smtp = smtp_settings(current_app.config)
    link = lifecycle.reset_link(current_app.config["PUBLIC_URL"], token)
    emailed = smtp.configured
    if emailed:
        try:
            lifecycle.email_reset_link(smtp, user, link, minutes)
        except (MailNotReady, OSError):
            emailed = False
    _record("user.reset_link_issued", user, emailed=emailed)
    db.session().commit()
    if emailed:
        flash(f"A link to set a new password has been e-mailed to {user.email}. It works "
              f"once, for {minutes} minutes.")
        return redirect(url_for("auth.users"))
    return render_template("auth/reset_link.html", form=None, user=user, errors=[],
                           minutes=minutes, link=link)


@bp.route("/staff/account/password", methods=["GET", "POST"])
@signed_in
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user()
        try:
            ended = lifecycle.change_password(db.session(), user, form.current.data,
                                              form.password.data, keep=g.staff_session)
        except AccountError as exc:
            db.session().rollback()
            field = form.current if "current password" in str(exc) else form.password
            field.errors = [str(exc)]
            form._errors = None
        else:
            audit.record(db.session(), "user.password_changed", user,
                         organisation_id=current_organisation().id, sessions_ended=ended)
            db.session().commit()
            flash("Your password has been changed. You have been signed out everywhere "
                  "else.")
            return redirect(url_for("editor.dashboard"))
    _forget_passwords(form)
    return render_template(
        "auth/new_password.html", form=form, errors=error_pairs(form),
        heading="Change your password",
        intro="You will stay signed in here, and be signed out on every other device.")


def _forget_passwords(form: FlaskForm) -> None:
    """Passwords are never sent back to the browser, even after an error."""
    for field in form:
        if isinstance(field, PasswordField):
            field.data = ""


@bp.route("/reset-password", methods=["GET", "POST"])
def reset_password():
    """The page a reset link opens; the token stays in the query string (redacted from
    logs as `token=[redacted]`)."""
    token = request.args.get("token", "")
    if lifecycle.usable_reset(db.session(), token) is None:
        return render_template("auth/reset_expired.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = lifecycle.use_reset(db.session(), token, form.password.data)
        except AccountError as exc:
            db.session().rollback()
            form.password.errors = [str(exc)]
            form._errors = None
        else:
            audit.record(db.session(), "user.password_reset", user)
            db.session().commit()
            flash("Your new password has been saved. Sign in with it.")
            return redirect(url_for("auth.sign_in"))
    _forget_passwords(form)
    return render_template(
        "auth/new_password.html", form=form, errors=error_pairs(form),
        heading="Set a new password",
        intro="Once it is saved, this link stops working and you are signed out everywhere. "
              "Then sign in with the new password.")
