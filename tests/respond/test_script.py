"""The form's small static script: served from /static (the CSP allows only same-origin
scripts), nothing inline, and its progress line in the page, hidden until the script runs."""

from __future__ import annotations

import re


def test_the_form_loads_its_script_from_static_and_nothing_inline(client, setup):
    html = client.get(setup.url).get_data(as_text=True)
    assert '<script src="/static/respond.js" defer>' in html.split("</head>", 1)[0]
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert 'id="progress"' in html and " hidden" in html
    script = client.get("/static/respond.js")
    assert script.status_code == 200 and "javascript" in script.mimetype
    assert "localStorage" in script.get_data(as_text=True)
    script.close()
