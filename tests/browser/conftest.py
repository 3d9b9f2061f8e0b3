"""One real server (gunicorn over the demo organisation) and one headless chromium per session.

Every page a test opens is watched: console errors, uncaught exceptions, failed requests,
HTTP errors and any request to a host other than the server's are recorded, and requests to
other hosts are blocked (so a CDN dependency shows up as a failure, not as a slow page).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# A test run writes its screenshots here (git-ignored); `make screenshots` copies the curated
# ones into docs/screenshots, so a run never rewrites committed files.
SCREENSHOTS = PROJECT_ROOT / "test-results" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOST = "127.0.0.1"
DEMO_ADMIN = ("admin@goesting.demo", "kompas-demo-2026")
LINK_LINE = re.compile(r"\[(nl|en)\]\s+(http://\S+/s/\S+)")
BIN = Path(sys.executable).parent
LAPTOP = {"width": 1366, "height": 900}
# Chromium asks every site for /favicon.ico on its own; the app has none (reported to the lead).
BROWSER_INITIATED = ("/favicon.ico",)


@dataclass
class LiveServer:
    base_url: str
    links: list[tuple[str, str]]
    log: Path

    def url(self, path: str) -> str:
        return self.base_url + path

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's log, for a failure message after a 5xx."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def link(self, language: str | None = None, index: int = 0) -> str:
        """A printed survey link, of one language if asked."""
        found = [url for lang, url in self.links if language in (None, lang)]
        assert len(found) > index, f"the demo printed no {language or ''} link #{index}"
        return found[index]


@dataclass
class Watch:
    """What went wrong while a page was open; `problems()` lists it for an assertion."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    routed: list[str] = field(default_factory=list)
    documents: list = field(default_factory=list)
    allowed_status: set[tuple[int, str]] = field(default_factory=set)

    def allow(self, status: int, url: str) -> None:
        """Expect this HTTP error once (e.g. the 409 of a link already used)."""
        self.allowed_status.add((status, url))

    def on_console(self, msg) -> None:
        if msg.type != "error":
            return
        where = (msg.location or {}).get("url", "")
        if urlsplit(where).path in BROWSER_INITIATED:
            return
        if "the server responded with a status of" in msg.text and any(
            where == url and f"status of {status}" in msg.text
            for status, url in self.allowed_status
        ):
            return
        self.console_errors.append(f"{msg.text} ({where})")

    def on_response(self, response) -> None:
        if response.request.resource_type == "document":
            self.documents.append(response)
        if response.status < 400 or urlsplit(response.url).path in BROWSER_INITIATED:
            return
        if (response.status, response.url) in self.allowed_status:
            return
        self.http_errors.append(f"{response.status} {response.url}")

    def on_failed(self, request) -> None:
        if urlsplit(request.url).hostname == HOST:
            self.failed.append(f"{request.url}: {request.failure}")

    def problems(self) -> list[str]:
        return [
            *(f"console: {m}" for m in self.console_errors),
            *(f"page error: {m}" for m in self.page_errors),
            *(f"request failed: {m}" for m in self.failed),
            *(f"HTTP {m}" for m in self.http_errors),
            *(f"request to another host: {m}" for m in self.foreign),
        ]

    def clear(self) -> None:
        for name in ("console_errors", "page_errors", "failed", "http_errors", "documents"):
            getattr(self, name).clear()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our server)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer {url} within {timeout} s:\n{log.read_text()}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`make chromium`)")
    return CHROMIUM


@dataclass
class DemoLoad:
    process: subprocess.Popen
    env: dict[str, str]
    folder: Path
    port: int


@pytest.fixture(scope="session")
def demo_load(chromium_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoLoad]:
    """`flask demo` into a fresh database; started first, so chromium launches meanwhile."""
    folder = tmp_path_factory.mktemp("browser-server")
    port = _free_port()
    env = {
        **os.environ,
        "FEEDBACK_DATABASE": str(folder / "demo.db"),
        "FEEDBACK_SECRET_KEY": "browser-tests-secret",
        "FEEDBACK_PUBLIC_URL": f"http://{HOST}:{port}",
    }
    process = subprocess.Popen(
        [str(BIN / "flask"), "--app", "wsgi", "demo", "--people", "200", "--seed", "2026"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield DemoLoad(process, env, folder, port)
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def live_server(demo_load: DemoLoad) -> Iterator[LiveServer]:
    """gunicorn serving the app over the database the demo loaded."""
    out, err = demo_load.process.communicate(timeout=120)
    assert demo_load.process.returncode == 0, out + err
    links = LINK_LINE.findall(out)
    assert links, f"no survey links in the demo output:\n{out}"
    base_url = demo_load.env["FEEDBACK_PUBLIC_URL"]
    log = demo_load.folder / "gunicorn.log"
    with log.open("w") as server_log:
        process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-c",
                str(PROJECT_ROOT / "gunicorn.conf.py"),
                "-w",
                "1",
                "-b",
                f"{HOST}:{demo_load.port}",
                "wsgi:app",
            ],
            cwd=PROJECT_ROOT,
            env=demo_load.env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(base_url + "/login", process, log)
        yield LiveServer(base_url, links, log)
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def chromium_browser(chromium_path: Path, demo_load: DemoLoad) -> Iterator:
    """Headless Debian chromium; asks for `demo_load` only to launch while the demo loads."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


def watch_context(context) -> Watch:
    """Block and record requests to any other host; record trouble on every page opened."""
    watch = Watch()

    def route(r) -> None:
        watch.routed.append(r.request.url)
        if urlsplit(r.request.url).hostname == HOST:
            r.continue_()
        else:
            watch.foreign.append(r.request.url)
            r.abort()

    context.route("**/*", route)

    def on_page(page) -> None:
        page.on("console", watch.on_console)
        page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
        page.on("requestfailed", watch.on_failed)
        page.on("response", watch.on_response)

    context.on("page", on_page)
    return watch


@pytest.fixture(scope="session")
def admin_state(chromium_browser, live_server: LiveServer) -> dict:
    """Sign in once through the form, as the demo admin; later contexts reuse the cookies.

    Sign-in is rate limited per address, so each test signing in afresh would trip it.
    """
    context = chromium_browser.new_context(viewport=LAPTOP)
    watch = watch_context(context)
    page = context.new_page()
    page.goto(live_server.url("/login"))
    shoot(page, "login")
    page.get_by_label("E-mail").fill(DEMO_ADMIN[0])
    page.get_by_label("Password").fill(DEMO_ADMIN[1])
    submit(page, "Sign in", "/dashboard/")
    assert not watch.problems(), watch.problems()
    state = context.storage_state()
    context.close()
    return state


@dataclass
class Opened:
    page: object
    watch: Watch


@pytest.fixture
def open_page(chromium_browser, live_server: LiveServer) -> Iterator[Callable[..., Opened]]:
    """A factory for watched pages in fresh contexts, all closed after the test."""
    contexts = []

    def opener(**options) -> Opened:
        context = chromium_browser.new_context(**{"viewport": LAPTOP, **options})
        contexts.append(context)
        watch = watch_context(context)
        return Opened(context.new_page(), watch)

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture
def manager(open_page, admin_state: dict) -> Opened:
    """A change manager's page on a laptop, signed in."""
    return open_page(storage_state=admin_state, locale="en-GB")


def shoot(page, name: str, full_page: bool = False) -> Path:
    """Keep a screenshot as test-results/screenshots/<name>.png (overwritten each run)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


def submit(page, button: str, lands_on: str) -> None:
    """Press a form's button and wait for the page it leads to; show what came instead.

    A minute, not the default 30 s: the first comment a server scores loads the model inside
    the request (5 s measured on a busy machine; reported to the lead).
    """
    with page.expect_navigation(timeout=60_000):
        page.get_by_role("button", name=button).click()
    text = page.locator("main").inner_text()[:600] if page.locator("main").count() else ""
    assert urlsplit(page.url).path == lands_on, f"{button!r} led to {page.url}:\n{text}"
