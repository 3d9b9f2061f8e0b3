"""Forms of the comment explorer and the actions page (Flask-WTF, CSRF on)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Regexp
from wtforms.widgets import DateInput

from feedback.dashboard.explorer.action_store import BARRIER_LABELS, STATUS_LABELS

SENTIMENT_LABELS = {
    "negative": _l("Negative"),
    "neutral": _l("Neutral"),
    "positive": _l("Positive"),
}


class CorrectionForm(FlaskForm):
    handle = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{32}$")])
    wave = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9]{1,12}$")])
    back = HiddenField()
    label = SelectField(_l("Correct label"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        barrier, sentiment = str(_l("Barrier")), str(_l("Sentiment"))
        self.label.choices = [
            *(
                SelectChoice(f"barrier:{k}", str(v), optgroup=barrier)
                for k, v in BARRIER_LABELS.items()
            ),
            *(
                SelectChoice(f"sentiment:{k}", str(v), optgroup=sentiment)
                for k, v in SENTIMENT_LABELS.items()
            ),
        ]


class ActionForm(FlaskForm):
    """Create or edit an action; the store checks every field again (actions.clean_action)."""

    title = StringField(_l("Action"))
    owner = StringField(_l("Owner"))
    # A calendar in the browser (<input type="date">); the store checks the date again and
    # says what is wrong, so the form keeps the text as sent.
    due_on = StringField(_l("Due date"), widget=DateInput())
    status = SelectField(_l("Status"), validate_choice=False)
    segment_by = HiddenField()
    segment_value = HiddenField()
    barrier = HiddenField()
    survey = HiddenField()
    wave = HiddenField()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = [SelectChoice(k, str(v)) for k, v in STATUS_LABELS.items()]
