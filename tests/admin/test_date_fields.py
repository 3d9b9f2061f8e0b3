"""Every date in the admin and dashboard forms is picked in a calendar (<input type="date">)
and checked again on the server."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import re
from pathlib import Path

import pytest
from flask_wtf import FlaskForm

from feedback import PROJECT_ROOT
from feedback.admin import waves
from tests.factories import make_survey

FORM_MODULES = sorted(
    ".".join(p.relative_to(PROJECT_ROOT).with_suffix("").parts)
    for p in Path(PROJECT_ROOT / "feedback").rglob("forms.py")
)
DATE_NAME = re.compile(r"(_on|date|_at)$")


def date_fields(app):
    """(form, field name, rendered HTML) of every date-named field of every form class."""
    found = []
    with app.test_request_context():
        for module in FORM_MODULES:
            for name, cls in inspect.getmembers(importlib.import_module(module), inspect.isclass):
                if not issubclass(cls, FlaskForm) or cls is FlaskForm:
                    continue
                form = cls(formdata=None, meta={"csrf": False})
                for field in form:
                    if DATE_NAME.search(field.name):
                        found.append((f"{module}.{name}", field.name, str(field())))
    return found


def test_every_date_field_of_every_form_is_a_calendar(app):
    fields = date_fields(app)
    names = {(form.rsplit(".", 1)[1], field) for form, field, _ in fields}
    assert {("WaveForm", "opens_on"), ("WaveForm", "closes_on"), ("ActionForm", "due_on")} <= names
    for form, field, rendered in fields:
        assert 'type="date"' in rendered, (form, field, rendered)


def test_the_survey_and_wave_pages_show_calendars(admin_client, db):
    survey_id = make_survey(db)
    survey = admin_client.get(f"/admin/surveys/{survey_id}").get_data(as_text=True)
    inputs = re.findall(r'<input[^>]*name="(?:opens_on|closes_on)"[^>]*>', survey)
    assert len(inputs) == 2 and all('type="date"' in i for i in inputs)
    today = dt.date.today()
    wave_id = waves.schedule_wave(db, survey_id, today, today + dt.timedelta(days=7))
    page = admin_client.get(f"/admin/waves/{wave_id}").get_data(as_text=True)
    assert f'name="opens_on" required type="date" value="{today.isoformat()}"' in page


@pytest.mark.parametrize("bad", ["2026-02-30", "30/01/2026", "99999-01-01", "<script>"])
def test_a_date_the_calendar_cannot_send_is_refused_with_a_message(admin_client, db, bad):
    survey_id = make_survey(db)
    response = admin_client.post(
        f"/admin/surveys/{survey_id}/waves", data={"opens_on": bad, "closes_on": "2026-03-01"}
    )
    assert response.status_code == 400
    assert "Not a valid date value." in response.get_data(as_text=True)
    assert db.execute("SELECT COUNT(*) FROM waves").fetchone()[0] == 0
