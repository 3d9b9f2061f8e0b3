"""The shared `field` macro gives each kind of field the Bootstrap class it needs."""

from __future__ import annotations

import re

from wtforms import (
    BooleanField,
    Form,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)

DEPARTMENTS = [SelectChoice(f"d{i}", f"Department {i}") for i in range(11)]


class Sample(Form):
    name = StringField("Name")
    role = SelectField(
        "Role", choices=[SelectChoice("admin", "Admin"), SelectChoice("viewer", "V")]
    )
    departments = SelectMultipleField("Departments", choices=DEPARTMENTS)
    few = SelectMultipleField("Few", choices=DEPARTMENTS[:2])
    active = BooleanField("Active")
    kind = RadioField("Kind", choices=[SelectChoice("a", "A"), SelectChoice("b", "B")])


def render(app, source: str) -> str:
    with app.test_request_context():
        template = app.jinja_env.from_string('{% from "_macros.html" import field %}' + source)
        return template.render(f=Sample())


def tag(html: str, name: str) -> str:
    return re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', html).group(0)


def test_each_kind_of_field_gets_its_bootstrap_class(app):
    html = render(app, "{% for x in f %}{{ field(x) }}{% endfor %}")
    assert 'class="form-control"' in tag(html, "name")
    assert 'class="form-select"' in tag(html, "role")
    assert 'class="form-check-input"' in tag(html, "active")
    assert html.count('class="form-check-input"') == 3  # the tick box and two radio buttons
    assert "<legend" in html and 'class="form-check-label" for="kind-0"' in html
    assert "form-control" not in tag(html, "departments") + tag(html, "role")


def test_a_multiple_choice_list_shows_several_lines(app):
    html = render(app, "{{ field(f.departments) }}{{ field(f.few) }}")
    assert 'size="8"' in tag(html, "departments") and 'size="4"' in tag(html, "few")
    assert 'size="5"' in tag(render(app, "{{ field(f.departments, size=5) }}"), "departments")


def test_a_hint_is_tied_to_its_field(app):
    html = render(app, "{{ field(f.name, help='Your full name') }}")
    assert 'aria-describedby="name-help"' in tag(html, "name")
    assert '<div class="form-text" id="name-help">Your full name</div>' in html
