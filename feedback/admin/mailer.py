"""Invitations and reminders by e-mail (smtplib), in each person's language.

Only token hashes are stored, so a link can be sent only at the moment its token is made.
Every mailing therefore makes a fresh token per invitation, sends the message, and only then
swaps the stored hash: a failed send leaves the earlier link working; a sent one replaces it
(the earlier link stops working). Exported link lists work the same way.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

import sqlite_utils
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from feedback import smtp
from feedback.admin.errors import AdminError, Conflict
from feedback.admin.waves import ensure_invitations
from feedback.exports import table_to_csv
from feedback.invitations import WaveHasAnswers, reissue_all
from feedback.tokens import hash_token, new_token
from feedback.updates.mail import news_lines
from feedback.waves import Wave, get_wave

MAX_REMINDERS = 2


class MailError(AdminError):
    """The mail server could not be reached or refused a message."""

    status = 502


def survey_link(config: Mapping[str, Any], token: str) -> str:
    return f"{config['PUBLIC_URL'].rstrip('/')}/s/{token}"


@contextmanager
def smtp_connection(config: Mapping[str, Any]) -> Iterator[smtplib.SMTP]:
    try:
        conn = smtp.connect(config)
    except smtp.MailUnavailable as exc:
        raise MailError(
            _l(
                "The mail server %(host)s:%(port)s could not be reached.",
                host=exc.host,
                port=exc.port,
            )
        ) from exc
    try:
        yield conn
    finally:
        smtp.close(conn)


def compose(
    config: Mapping[str, Any],
    to: str,
    language: str,
    link: str,
    closes_on: str,
    reminder: bool,
    news: Sequence[str] = (),
) -> EmailMessage:
    """The message; `news` are lines about what changed since the last round
    (feedback.updates.mail), already in the person's language."""
    with force_locale(language):
        if reminder:
            subject = _("Reminder: how is the new tool working for you?")
            opening = _("A few days ago we asked for your view. It takes three minutes.")
        else:
            subject = _("How is the new tool working for you?")
            opening = _(
                "We would like to know how the new tool works for you. It takes three minutes."
            )
        body = "\n\n".join(
            [
                opening,
                _("Your personal link: %(link)s", link=link),
                _("The survey closes on %(date)s.", date=closes_on),
                *news,
                _(
                    "Your answers are confidential: results are shown only for groups, "
                    "never for a person."
                ),
            ]
        )
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = smtp.sender(config)
    message["To"] = to
    message.set_content(body + "\n")
    return message


def _recipients(db: sqlite_utils.Database, wave_id: int, where: str) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT i.id, p.email, p.language "
            "FROM invitations i JOIN people p ON p.id = i.person_id "
            f"WHERE i.wave_id = ? AND i.used = 0 AND p.active = 1 AND {where} ORDER BY i.id",
            [wave_id],
        )
    )


def _swap(db: sqlite_utils.Database, invitation_id: int, token: str, extra: str) -> None:
    with db.conn:
        db.execute(
            f"UPDATE invitations SET token_hash = ?, {extra} WHERE id = ? AND used = 0",
            [hash_token(token), invitation_id],
        )


def _open_wave(db: sqlite_utils.Database, wave_id: int) -> Wave:
    wave = get_wave(db, wave_id)
    if wave.status != "open":
        raise Conflict(_l("Invitations and reminders go out only while the wave is open."))
    return wave


def send_invitations(db: sqlite_utils.Database, config: Mapping[str, Any], wave_id: int) -> int:
    """E-mail everyone in the open wave who has not been invited yet; returns how many."""
    wave = _open_wave(db, wave_id)
    ensure_invitations(db, wave_id)
    return _mail(db, config, wave, _recipients(db, wave_id, "i.invited = 0"), reminder=False)


def send_reminders(
    db: sqlite_utils.Database, config: Mapping[str, Any], wave_id: int, upto: int = MAX_REMINDERS
) -> int:
    """Remind those invited who have not answered, at most MAX_REMINDERS times each (or `upto`
    times: the scheduled reminder number `upto` goes only to those reminded fewer times, so a
    retry never reminds anyone twice for one day). Returns how many, for tests and logs only:
    shown to anyone, the number (or a recipient) would tell who has not answered."""
    wave = _open_wave(db, wave_id)
    where = f"i.invited = 1 AND i.reminders < {min(int(upto), MAX_REMINDERS)}"
    return _mail(db, config, wave, _recipients(db, wave_id, where), reminder=True)


def _mail(
    db: sqlite_utils.Database,
    config: Mapping[str, Any],
    wave: Wave,
    people: list[dict[str, Any]],
    reminder: bool,
) -> int:
    if not people:
        return 0
    extra = "reminders = reminders + 1" if reminder else "invited = 1"
    sent = 0
    news = news_lines(db, config, wave.survey_id)
    with smtp_connection(config) as conn:
        for person in people:
            token = new_token()
            link = survey_link(config, token)
            language = person["language"]
            message = compose(
                config,
                person["email"],
                language,
                link,
                wave.closes_on,
                reminder,
                news.get(language, ()),
            )
            try:
                conn.send_message(message)
            except smtplib.SMTPException as exc:
                if reminder:  # naming the address or a count would tell who has not answered
                    raise MailError(
                        _l("The mail server refused a reminder; some reminders were not sent.")
                    ) from exc
                raise MailError(
                    _l(
                        "The mail server refused the message to %(email)s after %(n)s were sent.",
                        email=person["email"],
                        n=sent,
                    )
                ) from exc
            _swap(db, person["id"], token, extra)
            sent += 1
    return sent


def export_links(db: sqlite_utils.Database, config: Mapping[str, Any], wave_id: int) -> str:
    """CSV (email,url) of fresh links for every invitee, only while the wave has no answer: a
    list made later would tell who has not answered. Earlier links stop working."""
    _open_wave(db, wave_id)
    ensure_invitations(db, wave_id)
    try:
        links = reissue_all(db, wave_id, mark_invited=True)
    except WaveHasAnswers as exc:
        raise Conflict(
            _l(
                "Links can be exported only before the first answer: a list made later would "
                "tell who has not answered. Send reminders instead."
            )
        ) from exc
    rows = [{"email": email, "url": survey_link(config, token)} for email, _lang, token in links]
    return table_to_csv(rows, ["email", "url"])
