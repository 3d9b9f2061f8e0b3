"""No survey-link token reaches an access log: the development server's and gunicorn's
request lines show /s/<masked>."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from werkzeug.serving import make_server

from feedback import PROJECT_ROOT
from feedback.gunicorn_log import TokenMaskingLogger
from feedback.logmask import mask_tokens
from tests.factories import invite, make_person, make_survey, make_wave


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("GET /s/abcdefghijklmnopqrstuvwxyz0123 HTTP/1.1", "GET /s/<masked> HTTP/1.1"),
        ("POST /s/abc_DEF-123456789012?lang=nl HTTP/1.1", "POST /s/<masked>?lang=nl HTTP/1.1"),
        ("GET /%73/abcdefghijklmnop HTTP/1.1", "GET /%73/<masked> HTTP/1.1"),
        ("GET /s/thanks?lang=nl HTTP/1.1", "GET /s/thanks?lang=nl HTTP/1.1"),
        ("GET /s/thanksgivingtoken1234 HTTP/1.1", "GET /s/<masked> HTTP/1.1"),
        ("GET /dashboard/ HTTP/1.1", "GET /dashboard/ HTTP/1.1"),
    ],
)
def test_tokens_are_masked(line, expected):
    assert mask_tokens(line) == expected


def test_the_development_servers_request_log_masks_tokens(app, db, caplog):
    token = invite(db, make_wave(db, make_survey(db)), make_person(db))
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            for path in (f"/s/{token}", f"/s/{token}?lang=en", "/s/not-a-real-link-1234567"):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}") as r:
                        r.read()
                except urllib.error.HTTPError as exc:
                    exc.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert len([line for line in lines if "/s/<masked>" in line]) == 3, lines
    assert not any(token in line or "not-a-real-link" in line for line in lines)


def gunicorn_access_line(tmp_path: Path, path: str, query: str = "") -> str:
    log_file = tmp_path / "access.log"
    cfg = Config()
    cfg.set("accesslog", str(log_file))
    cfg.set("access_log_format", '%(h)s "%(r)s" %(s)s %(U)s %(q)s %({raw_uri}e)s "%(f)s"')
    logger = TokenMaskingLogger(cfg)
    raw_uri = path + (f"?{query}" if query else "")
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": raw_uri,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": f"http://127.0.0.1:5000{path}",
    }
    resp = SimpleNamespace(status="200 OK", headers=[], sent=10)
    req = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger.access(resp, req, environ, dt.timedelta(seconds=0, microseconds=1500))
    for handler in logger.access_log.handlers:
        handler.flush()
    text = log_file.read_text()
    for handler in list(logger.access_log.handlers):
        handler.close()
        logger.access_log.removeHandler(handler)
    return text


def test_gunicorn_access_lines_mask_tokens(tmp_path):
    token = "Zk3v9_QmXo-2Lr8aPq1sTn4uVw7yBc0dEf5gHi6jKl"
    line = gunicorn_access_line(tmp_path, f"/s/{token}", "lang=nl")
    assert token not in line
    assert line.count("/s/<masked>") == 4, line
    assert '"GET /s/<masked>?lang=nl HTTP/1.1" 200' in line


def test_the_repositorys_gunicorn_config_uses_the_masking_logger():
    cfg = Config()
    settings: dict[str, object] = {}
    exec((PROJECT_ROOT / "gunicorn.conf.py").read_text(), settings)  # noqa: S102
    cfg.set("logger_class", settings["logger_class"])
    assert cfg.logger_class is TokenMaskingLogger


def test_every_gunicorn_started_from_the_repository_reads_that_config():
    for script in ("bench/load.py", "bench/submit.py", "tests/browser/conftest.py"):
        text = (PROJECT_ROOT / script).read_text()
        assert "gunicorn.conf.py" in text, script


def test_password_link_tokens_are_masked_but_not_the_forgot_page():
    line = '"GET /password/AbC-123_xyz HTTP/1.1" 200 "POST /password/forgot HTTP/1.1" 200'
    assert mask_tokens(line) == (
        '"GET /password/<masked> HTTP/1.1" 200 "POST /password/forgot HTTP/1.1" 200'
    )
    assert mask_tokens("/account/password") == "/account/password"
