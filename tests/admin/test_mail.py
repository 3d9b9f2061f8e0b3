"""Invitations and reminders by e-mail to a real SMTP server on loopback; link exports."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from feedback.admin import waves
from feedback.tokens import hash_token
from tests.admin.conftest import free_port
from tests.factories import make_person, make_survey
from tests.respond.conftest import valid_answers

TODAY = dt.date.today()


def open_wave(db, *languages):
    survey_id = make_survey(db)
    people = [make_person(db, language=lang) for lang in languages]
    wave_id = waves.schedule_wave(db, survey_id, TODAY, TODAY + dt.timedelta(days=7))
    waves.open_wave(db, wave_id, TODAY)
    return wave_id, people


def emails(db, people):
    marks = ",".join("?" * len(people))
    return [r[0] for r in db.execute(f"SELECT email FROM people WHERE id IN ({marks})", people)]


def token_works(db, token) -> bool:
    return (
        db.execute("SELECT 1 FROM invitations WHERE token_hash = ?", [hash_token(token)]).fetchone()
        is not None
    )


def test_invitations_go_out_in_each_persons_language(admin_client, db, smtp):
    wave_id, people = open_wave(db, "nl", "en")
    response = admin_client.post(f"/admin/waves/{wave_id}/send", follow_redirects=True)
    assert "2 invitations sent." in response.get_data(as_text=True)
    nl, en = emails(db, people)
    [dutch] = smtp.to(nl)
    [english] = smtp.to(en)
    assert dutch["Subject"] == "Hoe werkt de nieuwe tool voor jou?"
    assert english["Subject"] == "How is the new tool working for you?"
    assert dutch["From"] == "pulse@example.org"
    assert "https://pulse.example.org/s/" in smtp.body(english)
    assert token_works(db, smtp.link(dutch)) and token_works(db, smtp.link(english))
    assert db.execute("SELECT SUM(invited) FROM invitations").fetchone()[0] == 2


def test_sending_again_does_not_invite_twice(admin_client, db, smtp):
    wave_id, _ = open_wave(db, "nl")
    admin_client.post(f"/admin/waves/{wave_id}/send")
    response = admin_client.post(f"/admin/waves/{wave_id}/send", follow_redirects=True)
    assert "0 invitations sent." in response.get_data(as_text=True)
    assert len(smtp.messages) == 1


def test_a_newcomer_on_the_roster_is_invited_to_the_open_wave(admin_client, db, smtp):
    wave_id, _ = open_wave(db, "nl")
    admin_client.post(f"/admin/waves/{wave_id}/send")
    make_person(db, email="new@example.org", language="en")
    admin_client.post(f"/admin/waves/{wave_id}/send")
    assert len(smtp.to("new@example.org")) == 1
    item_ids = db.execute("SELECT item_ids FROM invitations ORDER BY id DESC").fetchone()[0]
    assert item_ids is None  # the newcomer gets the wave's item set, like everyone else
    assert db.execute("SELECT item_ids FROM waves WHERE id = ?", [wave_id]).fetchone()[0]


def test_reminders_go_to_those_who_did_not_answer_at_most_twice(admin_client, db, smtp):
    wave_id, people = open_wave(db, "nl", "en", "en")
    admin_client.post(f"/admin/waves/{wave_id}/send")
    answered, *others = emails(db, people)
    db.execute("UPDATE invitations SET used = 1 WHERE person_id = ?", [people[0]])
    db.conn.commit()
    first_links = {e: smtp.link(smtp.to(e)[0]) for e in others}
    for _ in range(3):
        admin_client.post(f"/admin/waves/{wave_id}/remind")
    assert len(smtp.to(answered)) == 1
    for email in others:
        invitation, *reminders = smtp.to(email)
        assert len(reminders) == 2
        assert reminders[0]["Subject"].startswith("Reminder:")
        assert not token_works(db, first_links[email])
        assert not token_works(db, smtp.link(reminders[0]))
        assert token_works(db, smtp.link(reminders[1]))
    page = admin_client.post(f"/admin/waves/{wave_id}/remind", follow_redirects=True)
    assert "Reminders went out to everyone who has not answered yet." in page.get_data(as_text=True)


def test_an_unreachable_mail_server_is_reported_and_nothing_is_marked(admin_client, app, db):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    wave_id, _ = open_wave(db, "nl")
    before = db.execute("SELECT token_hash FROM invitations").fetchall()
    response = admin_client.post(f"/admin/waves/{wave_id}/send")
    assert response.status_code == 502
    assert "could not be reached" in response.get_data(as_text=True)
    assert db.execute("SELECT SUM(invited) FROM invitations").fetchone()[0] == 0
    assert db.execute("SELECT token_hash FROM invitations").fetchall() == before


def test_links_export_as_csv_with_fresh_working_tokens(admin_client, db):
    wave_id, people = open_wave(db, "nl", "en")
    response = admin_client.post(f"/admin/waves/{wave_id}/links.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    header, *lines = response.get_data(as_text=True).splitlines()
    assert header == "email,url"
    assert sorted(line.split(",")[0] for line in lines) == sorted(emails(db, people))
    for line in lines:
        assert token_works(db, line.split("/s/")[1])


def test_the_reminder_page_and_command_name_nobody_and_give_no_number(
    admin_client, runner, db, smtp
):
    wave_id, people = open_wave(db, "nl", "en", "en", "nl", "en", "nl")
    admin_client.post(f"/admin/waves/{wave_id}/send")
    for person_id in people[:5]:
        db.execute("UPDATE invitations SET used = 1 WHERE person_id = ?", [person_id])
    db.conn.commit()
    [straggler] = emails(db, people[5:])
    page = admin_client.post(f"/admin/waves/{wave_id}/remind", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "Reminders went out to everyone who has not answered yet." in html
    assert straggler not in html and "1 reminder" not in html
    assert len(smtp.to(straggler)) == 2  # the invitation and the reminder
    result = runner.invoke(args=["remind", str(wave_id)])
    assert result.exit_code == 0
    assert straggler not in result.output and not any(c.isdigit() for c in result.output)
    nl = admin_client.post(f"/admin/waves/{wave_id}/remind?lang=nl", follow_redirects=True)
    assert "De herinneringen zijn verstuurd" in nl.get_data(as_text=True)


def test_a_refused_reminder_does_not_name_the_recipient(admin_client, db, smtp):
    wave_id, people = open_wave(db, "nl", "en")
    admin_client.post(f"/admin/waves/{wave_id}/send")
    db.execute("UPDATE invitations SET used = 1 WHERE person_id = ?", [people[0]])
    db.conn.commit()
    [straggler] = emails(db, people[1:])
    smtp.refuse(straggler)
    response = admin_client.post(f"/admin/waves/{wave_id}/remind")
    assert response.status_code == 502
    html = response.get_data(as_text=True)
    assert "refused a reminder" in html and straggler not in html


def test_links_are_exported_for_everyone_and_only_before_the_first_answer(admin_client, client, db):
    wave_id, people = open_wave(db, "nl", "en", "nl")
    page = admin_client.get(f"/admin/waves/{wave_id}").get_data(as_text=True)
    assert "Export links (CSV)" in page
    response = admin_client.post(f"/admin/waves/{wave_id}/links.csv")
    _header, *lines = response.get_data(as_text=True).splitlines()
    assert sorted(line.split(",")[0] for line in lines) == sorted(emails(db, people))
    first = lines[0].split("/s/")[1]
    items = list(db.query("SELECT * FROM items"))
    answers = valid_answers(SimpleNamespace(items=items))
    assert client.post(f"/s/{first}", data=answers).status_code == 302
    refused = admin_client.post(f"/admin/waves/{wave_id}/links.csv")
    assert refused.status_code == 409
    assert "only before the first answer" in refused.get_data(as_text=True)
    assert "Export links (CSV)" not in admin_client.get(f"/admin/waves/{wave_id}").get_data(
        as_text=True
    )
    for line in lines[1:]:  # the links already out keep working: nothing was reissued
        assert token_works(db, line.split("/s/")[1])


def test_invitations_cannot_go_out_for_a_scheduled_wave(admin_client, db, smtp):
    survey_id = make_survey(db)
    make_person(db)
    wave_id = waves.schedule_wave(db, survey_id, TODAY, TODAY)
    response = admin_client.post(f"/admin/waves/{wave_id}/send")
    assert response.status_code == 409
    assert "only while the wave is open" in response.get_data(as_text=True)
    assert smtp.messages == []
