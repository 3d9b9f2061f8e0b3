"""Forms of the admin area (Flask-WTF, CSRF on)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from feedback.admin.mailer import MAX_REMINDERS
from feedback.admin.surveys import LAST_REMINDER_DAY, parse_reminder_days

KIND_CHOICES = [
    SelectChoice("likert", _l("Likert 1–5")),
    SelectChoice("scale", _l("Scale 0–10")),
    SelectChoice("choice", _l("Single choice")),
    SelectChoice("text", _l("Free text")),
]
DIMENSION_CHOICES = [
    SelectChoice("", _l("(none)")),
    SelectChoice("awareness", _l("Awareness")),
    SelectChoice("desire", _l("Desire")),
    SelectChoice("knowledge", _l("Knowledge")),
    SelectChoice("ability", _l("Ability")),
    SelectChoice("reinforcement", _l("Reinforcement")),
    SelectChoice("scaling", _l("Scaling question")),
    SelectChoice("advocacy", _l("Advocacy question")),
]
LANGUAGE_CHOICES = [SelectChoice("en", "English"), SelectChoice("nl", "Nederlands")]
ROLE_CHOICES = [SelectChoice("admin", _l("Administrator")), SelectChoice("viewer", _l("Viewer"))]


class NewSurveyForm(FlaskForm):
    name = StringField(_l("Survey name"), validators=[DataRequired(), Length(max=120)])
    tool = StringField(
        _l("Name of the tool being rolled out"), validators=[DataRequired(), Length(max=60)]
    )


class SettingsForm(FlaskForm):
    name = StringField(_l("Survey name"), validators=[DataRequired(), Length(max=120)])
    max_items = IntegerField(
        _l("Rated questions per wave at most"), validators=[InputRequired(), NumberRange(1, 50)]
    )
    cadence_weeks = IntegerField(
        _l("A new wave every … weeks (empty: no cadence)"),
        validators=[Optional(), NumberRange(1, 52)],
    )
    reminder_days = StringField(
        _l("Reminders on these days after opening (e.g. 3,5; empty: none)"),
        validators=[Optional(), Length(max=40)],
    )
    k_scores = IntegerField(
        _l("Smallest group shown (k for scores)"),
        validators=[InputRequired(), NumberRange(3, 1000)],
    )
    k_comments = IntegerField(
        _l("Smallest group whose comments are shown"),
        validators=[InputRequired(), NumberRange(3, 1000)],
    )

    def validate_reminder_days(self, field: StringField) -> None:
        try:
            days = parse_reminder_days(field.data)
        except ValueError:
            days = None
        if days is None or len(days) > MAX_REMINDERS:
            raise ValidationError(
                _l(
                    "Give at most %(n)s different days after opening, as whole numbers from 1 "
                    "to %(last)s separated by a comma, such as 3,5; or leave it empty for no "
                    "reminders.",
                    n=MAX_REMINDERS,
                    last=LAST_REMINDER_DAY,
                )
            )
        field.data = ",".join(map(str, days))

    def validate_k_comments(self, field: IntegerField) -> None:
        if self.k_scores.data and field.data is not None and field.data < self.k_scores.data:
            raise ValidationError(_l("Must be at least the threshold for scores."))


class ItemForm(FlaskForm):
    kind = SelectField(_l("Type"), choices=KIND_CHOICES)
    dimension = SelectField(_l("Readiness dimension"), choices=DIMENSION_CHOICES)
    text_en = TextAreaField(_l("Text in English"), validators=[DataRequired(), Length(max=500)])
    text_nl = TextAreaField(_l("Text in Dutch"), validators=[DataRequired(), Length(max=500)])
    choices = TextAreaField(
        _l("Choices, one per line: English | Nederlands"),
        validators=[Optional(), Length(max=2000)],
    )
    required = BooleanField(_l("An answer is required"), default=True)


class WaveForm(FlaskForm):
    opens_on = DateField(_l("Opens on"), validators=[InputRequired()])
    closes_on = DateField(_l("Closes on"), validators=[InputRequired()])

    def validate_closes_on(self, field: DateField) -> None:
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The closing date must be on or after the opening date."))


class UploadForm(FlaskForm):
    file = FileField(_l("Roster file (CSV or XLSX)"), validators=[FileRequired()])


class ViewerScope:
    """A viewer sees only the departments chosen for them, so at least one must be chosen;
    an admin sees every department."""

    def validate_departments(self, field: SelectMultipleField) -> None:
        if self.role.data == "viewer" and not field.data:  # type: ignore[attr-defined]
            raise ValidationError(_l("Choose at least one department for a viewer."))


DEPARTMENTS_LABEL = _l("Departments a viewer may see (at least one; an admin sees all)")


class UserForm(ViewerScope, FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    departments = SelectMultipleField(DEPARTMENTS_LABEL, choices=[])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class UserUpdateForm(ViewerScope, FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    departments = SelectMultipleField(DEPARTMENTS_LABEL, choices=[])
    active = BooleanField(_l("May sign in"))
