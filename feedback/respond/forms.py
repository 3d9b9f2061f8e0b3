"""The respondent's form, built per invitation from its items, in the respondent's language."""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from feedback.respond.service import Ambassador, Submission
from feedback.survey_template import item_choices

MAX_TEXT = 2000
LIKERT_LABELS = (
    _l("Strongly disagree"),
    _l("Disagree"),
    _l("Neither agree nor disagree"),
    _l("Agree"),
    _l("Strongly agree"),
)
REQUIRED = _l("Please answer this question.")
NOT_A_CHOICE = _l("Please choose one of the options shown.")
UNREADABLE = _l("Part of this text could not be read. Please type it again.")
CONTROL_CHARS = _l("This text contains invisible control characters. Please remove them.")


def too_long(limit: int) -> Length:
    return Length(
        max=limit, message=_l("Please keep this to at most %(max)s characters.", max=limit)
    )


def text_limit(limit: int) -> Any:
    """Refuse a longer answer, saying how long it is: the form comes back with the whole
    text, so nothing is ever cut off without the respondent knowing."""

    def check(_form: Any, field: Field) -> None:
        length = len(field.data or "")
        if length > limit:
            raise ValidationError(
                _(
                    "This text is %(n)s characters long. Please shorten it to at most "
                    "%(max)s characters; nothing was cut off or stored.",
                    n=length,
                    max=limit,
                )
            )

    return check


ALL_THREE = _l("To sign up as an ambassador, fill in your name and e-mail and tick the box.")


class AnswerRadio(RadioField):
    """A radio group of integers where a missing answer is for the required check to judge.

    `values` are the choices' values, given once per form class: WTForms' own choice check
    builds a Choice object per option and answer on every request.
    """

    def __init__(self, *args: Any, values: frozenset[int] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.values = values

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and valuelist[0] == "":
            return
        super().process_formdata(valuelist)

    def pre_validate(self, form: Any) -> None:
        if not self.raw_data or self.raw_data[0] == "" or self.process_errors:
            return
        if self.data not in self.values:
            raise ValidationError(self.invalid_choice_message)


def normalise_newlines(value: Any) -> Any:
    """Browsers send CRLF from text areas; count and store a line break as one character."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def readable_text(_form: Any, field: Field) -> None:
    """Refuse text werkzeug could not decode (U+FFFD) and control characters but \\n and \\t."""
    value = field.data or ""
    if "\ufffd" in value:
        raise ValidationError(UNREADABLE)
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in value):
        raise ValidationError(CONTROL_CHARS)


class AnswerForm(FlaskForm):
    """The fixed part: the ambassador opt-in. Item fields are added per invitation.

    CSRFProtect checks the token of every POST before the view runs (feedback.auth), and the
    page writes the token itself; the form's own CSRF field only repeated that work.
    """

    class Meta:
        csrf = False

    amb_name = StringField(
        _l("Your name"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[too_long(200), readable_text],
    )
    amb_email = StringField(
        _l("Your e-mail address"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[too_long(254), readable_text],
    )
    amb_consent = BooleanField(
        _l("I agree that my name and e-mail are kept to contact me as an ambassador.")
    )

    def opting_in(self) -> bool:
        return bool(self.amb_name.data or self.amb_email.data or self.amb_consent.data)

    def validate_amb_name(self, field: Field) -> None:
        if self.opting_in() and not field.data:
            raise ValidationError(ALL_THREE)

    def validate_amb_email(self, field: Field) -> None:
        if not self.opting_in():
            return
        if not field.data:
            raise ValidationError(ALL_THREE)
        try:
            validate_email(field.data, check_deliverability=False)
        except EmailNotValidError as exc:
            raise ValidationError(_l("Please enter a valid e-mail address.")) from exc

    def validate_amb_consent(self, field: Field) -> None:
        if self.opting_in() and not field.data:
            raise ValidationError(ALL_THREE)


def unreadable(_form: Any, _field: Field) -> None:
    raise ValidationError(UNREADABLE)


def unreadable_validators(form: AnswerForm, names: set[str]) -> dict[str, list[Any]]:
    """Extra validators that refuse the text fields whose bytes were not UTF-8."""
    return {
        name: [unreadable] for name in names if name in form and isinstance(form[name], StringField)
    }


def field_name(item: dict[str, Any]) -> str:
    return f"q{item['id']}"


ITEM_KEYS = ("id", "kind", "dimension", "required", "text_en", "text_nl", "choices")


def build_form(items: list[dict[str, Any]], lang: str, **kwargs: Any) -> AnswerForm:
    """The form for these items in this language, instantiated on the current request."""
    return form_class_for(items, lang)(**kwargs)


def form_class_for(items: list[dict[str, Any]], lang: str) -> type[AnswerForm]:
    """The (cached) form class for these items in this language."""
    signature = tuple(tuple(item[key] for key in ITEM_KEYS) for item in items)
    return form_class(signature, lang)


@functools.lru_cache(maxsize=256)
def form_class(signature: tuple[tuple[Any, ...], ...], lang: str) -> type[AnswerForm]:
    """One class per item list and language, built once: building one per request (with its
    translated labels) cost more than the rest of the request together. Call it inside a
    request whose locale is `lang`.
    """
    items = [dict(zip(ITEM_KEYS, row, strict=True)) for row in signature]
    fields = {field_name(item): _item_field(item, lang) for item in items}
    return type("SurveyForm", (AnswerForm,), fields)


def _item_field(item: dict[str, Any], lang: str) -> Field:
    label = item["text_nl"] if lang == "nl" else item["text_en"]
    required = bool(item["required"])
    if item["kind"] == "text":
        check = DataRequired(message=REQUIRED) if required else Optional()
        return TextAreaField(
            label,
            filters=[normalise_newlines],
            validators=[check, text_limit(MAX_TEXT), readable_text],
        )
    choices = _choices(item, lang)
    return AnswerRadio(
        label,
        choices=choices,
        values=frozenset(choice.value for choice in choices),
        coerce=int,
        validators=[InputRequired(message=REQUIRED) if required else Optional()],
        invalid_value_message=NOT_A_CHOICE,
        invalid_choice_message=NOT_A_CHOICE,
    )


def _choices(item: dict[str, Any], lang: str) -> list[SelectChoice]:
    if item["kind"] == "likert":
        labels = [str(label) for label in LIKERT_LABELS]
        return [SelectChoice(n, label) for n, label in zip(range(1, 6), labels, strict=True)]
    if item["kind"] == "scale":
        return [SelectChoice(n, str(n)) for n in range(11)]
    return [
        SelectChoice(int(c["value"]), c.get(lang) or c.get("en", "")) for c in item_choices(item)
    ]


def submission_from(form: AnswerForm, items: list[dict[str, Any]], lang: str) -> Submission:
    """The validated answers as the storage layer wants them."""
    submission = Submission()
    for item in items:
        value = form[field_name(item)].data
        if item["kind"] == "text":
            if value and value.strip():
                submission.comments[item["id"]] = value
        elif value is not None:
            submission.answers[item["id"]] = int(value)
    if form.opting_in():
        submission.ambassador = Ambassador(form.amb_name.data, form.amb_email.data, lang)
    return submission
