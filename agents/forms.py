"""Console forms (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, HiddenField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
)

from core.languages import LANGUAGE_NAMES

# Our own messages: WTForms ships no Hindi or Urdu translations of its defaults.
REQUIRED = _l("Please fill this in.")
TOO_LONG = _l("This is too long.")
UNPRINTABLE = _l("Use only letters, digits, spaces and punctuation.")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks stay allowed


def printable(form, field) -> None:
    """Refuse NUL and other control characters before they reach the database."""
    if isinstance(field.data, str) and _CONTROL.search(field.data):
        raise StopValidation(UNPRINTABLE)


def at_most(characters: int) -> Length:
    return Length(max=characters, message=TOO_LONG)


class SignInForm(FlaskForm):
    identifier = StringField(_l("Username or mobile number"),
                             validators=[printable, DataRequired(REQUIRED), at_most(60)])
    password = PasswordField(_l("Password"), validators=[printable, DataRequired(REQUIRED), at_most(200)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[printable, DataRequired(REQUIRED), at_most(200)])
    new_password = PasswordField(_l("New password"), validators=[printable, DataRequired(REQUIRED), at_most(200)])


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=list(LANGUAGE_NAMES.items()))


class DutyForm(FlaskForm):
    share_location = BooleanField(_l("Use my phone's location instead of my centre's"))
    latitude = HiddenField()
    longitude = HiddenField()


class DeclineForm(FlaskForm):
    reason = SelectField(_l("Reason for declining"), choices=[
        ("too_far", _l("Too far")), ("busy", _l("Busy with another job")),
        ("service_not_offered", _l("I do not offer this service")), ("other", _l("Other")),
    ])


class StartVisitForm(FlaskForm):
    code = StringField(_l("Visit code from the citizen's SMS"),
                       validators=[printable, DataRequired(REQUIRED),
                                   Regexp(r"^\s*\d{4}\s*$", message=_l("Enter the 4 digits."))])


def finite_amount(form, field) -> None:
    """Refuse NaN and infinity, which DecimalField parses but no comparison can check."""
    if field.data is not None and not field.data.is_finite():
        raise StopValidation(_l("Enter the amount in rupees."))


class CompleteForm(FlaskForm):
    application_number = StringField(_l("Application number from the department"),
                                     validators=[printable, DataRequired(REQUIRED), at_most(60)])
    fee_collected = DecimalField(_l("Fee collected (Rs)"), places=2, validators=[
        InputRequired(REQUIRED), finite_amount,
        NumberRange(min=0, max=100000, message=_l("Enter the amount in rupees."))])
    reason = TextAreaField(_l("Reason, if the fee differs from the notified fee"),
                           validators=[printable, Optional(), at_most(300)])


class CancelForm(FlaskForm):
    reason = SelectField(_l("Reason for cancelling"), choices=[
        ("citizen_not_home", _l("Citizen not at home")), ("documents_missing", _l("Documents missing")),
        ("citizen_withdrew", _l("Citizen withdrew the request")),
    ])


class OverrideForm(FlaskForm):
    reason = TextAreaField(_l("Reason for starting the visit without the code"),
                           validators=[printable, DataRequired(REQUIRED), at_most(180)])
