"""The admin's forms for open links."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField
from wtforms.validators import DataRequired, Length


class CreateLinkForm(FlaskForm):
    location = SelectField(
        _l("Location"), validators=[DataRequired(message=_l("Please choose a location."))]
    )
    all_departments = BooleanField(
        _l("Offer all departments (not only those of this location in the roster)")
    )


class PosterForm(FlaskForm):
    """A poster is made from the key itself, which only the admin who made it has."""

    key = HiddenField(validators=[DataRequired(), Length(max=128)])
