"""A change manager's first roll-out, end to end in the browser with CSRF protection on.

Fresh database; sign in; import a roster with bad rows, fix it; create a survey from the
template; schedule and open a wave; send invitations to a real SMTP server on loopback; two
people answer through their links; reminders reach only the others; close the wave.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

from tests.admin.conftest import token_in
from tests.admin.test_roster import HEADER, multipart

ROSTER = [
    "lea@example.org,Sales,Inside,Gent,manager,,2018-05-01,nl",
    "max@example.org,Sales,Inside,Gent,employee,lea@example.org,2023-09-01,en",
    "noor@example.org,Sales,Field,Antwerpen,employee,lea@example.org,2021-01-10,nl",
    "omar@example.org,IT,Ops,Gent,key_user,,2020-02-02,en",
    "pia@example.org,IT,Ops,Gent,employee,omar@example.org,,nl",
    "quinten@example.org,HR,People,Brussel,editor,,2019-07-07,nl",
]
BAD = [
    "lea@example.org,Sales,Inside,Gent,manager,,2018-05-01,nl",
    "max@example,Sales,Inside,Gent,employee,lea@example.org,2023-09-01,en",
    "noor@example.org,Sales,Field,Antwerpen,employee,boss@example.org,2021-01-10,nl",
    "omar@example.org,IT,Ops,Gent,key_user,,2020-02-02,de",
    "pia@example.org,IT,Ops,Gent,employee,omar@example.org,,nl",
    "quinten@example.org,HR,People,Brussel,editor,,2019-07-07,nl",
]


def post_form(client, page_url: str, action: str | None, data: dict | None = None, **kwargs):
    """Open a page as a browser would, then submit one of its forms with the page's token
    (action None: the form posts back to the page itself)."""
    page = client.get(page_url)
    assert page.status_code == 200, page_url
    html = page.get_data(as_text=True)
    if action is not None:
        assert f'action="{action}"' in html, f"{action} is not on {page_url}"
    target = action or page_url
    return client.post(target, data={**(data or {}), "csrf_token": token_in(html)}, **kwargs)


def answer(app, token: str):
    """A respondent opens their link and answers every question shown."""
    respondent = app.test_client()
    page = respondent.get(f"/s/{token}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    radios: dict[str, list[str]] = {}
    for name, value in re.findall(r'name="(q\d+)" type="radio" value="(\d+)"', html):
        radios.setdefault(name, []).append(value)
    data = {name: values[len(values) // 2] for name, values in radios.items()}
    for name in re.findall(r'<textarea[^>]*name="(q\d+)"', html):
        data[name] = "Een opleiding zou helpen."
    data["csrf_token"] = token_in(html)
    response = respondent.post(f"/s/{token}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return {int(name[1:]) for name in data if name.startswith("q")}


def test_a_first_roll_out_in_the_browser(csrf_app, csrf_smtp, db):
    app, inbox = csrf_app, csrf_smtp
    result = app.test_cli_runner().invoke(
        args=["create-user", "cm@example.org", "--role", "admin", "--password-stdin"],
        input="a long password\n",
    )
    assert result.exit_code == 0, result.output

    client = app.test_client()
    assert client.get("/admin/surveys").status_code == 302
    response = post_form(
        client, "/login", None, {"email": "cm@example.org", "password": "a long password"}
    )
    assert response.status_code == 302

    # Roster with bad rows: every problem shown, nothing written.
    html = client.get("/admin/roster").get_data(as_text=True)
    body = "\n".join([HEADER, *BAD]).encode()
    response = client.post(
        "/admin/roster/upload",
        **multipart((io.BytesIO(body), "roster.csv"), csrf_token=token_in(html)),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "3 rows have a problem. Nothing was saved" in page
    assert "Not a valid e-mail address: &#39;max@example&#39;." in page
    assert "The manager boss@example.org is not on the roster." in page
    assert "Unknown language &#39;de&#39;; use nl or en." in page
    assert db.execute("SELECT COUNT(*) FROM people").fetchone()[0] == 0

    # Fixed file: preview, confirm.
    html = client.get("/admin/roster").get_data(as_text=True)
    body = "\n".join([HEADER, *ROSTER]).encode()
    response = client.post(
        "/admin/roster/upload",
        **multipart((io.BytesIO(body), "roster.csv"), csrf_token=token_in(html)),
    )
    preview = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Confirming adds 6, updates 0 and deactivates 0 people." in preview
    confirm = re.search(r'action="(/admin/roster/confirm/[^"]+)"', preview).group(1)
    response = client.post(confirm, data={"csrf_token": token_in(preview)}, follow_redirects=True)
    assert "Roster updated: 6 added, 0 updated, 0 deactivated." in response.get_data(as_text=True)

    # A survey from the template, and a wave.
    response = post_form(
        client, "/admin/surveys", "/admin/surveys", {"name": "Beehive pulse", "tool": "Beehive"}
    )
    assert response.status_code == 302
    survey_url = response.headers["Location"]
    survey_id = int(survey_url.rstrip("/").rsplit("/", 1)[1])
    today = dt.date.today()
    response = post_form(
        client,
        survey_url,
        f"/admin/surveys/{survey_id}/waves",
        {"opens_on": today.isoformat(), "closes_on": (today + dt.timedelta(days=14)).isoformat()},
    )
    assert response.status_code == 302
    wave_id = db.execute("SELECT id FROM waves").fetchone()[0]
    wave_url = f"/admin/waves/{wave_id}"

    response = post_form(client, wave_url, f"{wave_url}/open", follow_redirects=True)
    assert "Wave opened: 6 invitations are ready to send." in response.get_data(as_text=True)
    response = post_form(client, wave_url, f"{wave_url}/send", follow_redirects=True)
    assert "6 invitations sent." in response.get_data(as_text=True)
    assert sorted(m["To"] for m in inbox.messages) == sorted(r.split(",")[0] for r in ROSTER)
    [lea] = inbox.to("lea@example.org")
    [max_] = inbox.to("max@example.org")
    assert lea["Subject"] == "Hoe werkt de nieuwe tool voor jou?"
    assert max_["Subject"] == "How is the new tool working for you?"

    # Two people answer; each sees exactly the questions rotation chose for the wave.
    for message in (lea, max_):
        asked = answer(app, inbox.link(message))
        stored = db.execute(
            "SELECT w.item_ids FROM waves w JOIN invitations i ON i.wave_id = w.id "
            "JOIN people p ON p.id = i.person_id WHERE p.email = ?",
            [message["To"]],
        ).fetchone()[0]
        assert asked == set(json.loads(stored))
    assert db.execute("SELECT COUNT(*) FROM responses").fetchone()[0] == 2

    # Reminders go to the four others only.
    before = len(inbox.messages)
    response = post_form(client, wave_url, f"{wave_url}/remind", follow_redirects=True)
    assert "Reminders went out to everyone who has not answered yet." in response.get_data(
        as_text=True
    )
    reminded = sorted(m["To"] for m in inbox.messages[before:])
    assert reminded == [
        "noor@example.org",
        "omar@example.org",
        "pia@example.org",
        "quinten@example.org",
    ]

    response = post_form(client, wave_url, f"{wave_url}/close", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Wave closed." in page
    assert db.execute("SELECT status FROM waves").fetchone()[0] == "closed"
    assert "too few to show" in page


def test_a_form_posted_without_its_csrf_token_is_refused(csrf_admin, db):
    response = csrf_admin.post("/admin/surveys", data={"name": "Pulse", "tool": "Beehive"})
    assert response.status_code == 400
    assert "This form has expired. Reload the page and try again" in response.get_data(as_text=True)
    assert db.execute("SELECT COUNT(*) FROM surveys").fetchone()[0] == 0
