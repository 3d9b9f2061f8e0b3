"""Nothing loads from another host, and every page carries the Content-Security-Policy."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import HOST, Opened

pytestmark = pytest.mark.browser

SIGNED_IN_PAGES = (
    "/dashboard/",
    "/dashboard/heatmap",
    "/dashboard/matrix",
    "/dashboard/managers",
    "/dashboard/ambassadors",
    "/dashboard/comments",
    "/dashboard/actions",
    "/admin/surveys",
    "/admin/roster",
    "/admin/users",
)


def csp_problems(opened: Opened) -> list[str]:
    found = []
    for response in opened.watch.documents:
        policy = response.headers.get("content-security-policy", "")
        if "default-src 'self'" not in policy or "unsafe-inline" in policy:
            found.append(f"{response.url}: Content-Security-Policy is {policy!r}")
    return found


def check(opened: Opened, url: str) -> list[str]:
    opened.watch.clear()
    opened.page.goto(url)
    opened.page.wait_for_load_state()
    if not opened.watch.documents:
        return [f"{url}: no document response seen"]
    return csp_problems(opened)


def test_no_request_leaves_the_server_and_every_page_has_a_csp(
    open_page, manager: Opened, live_server
) -> None:
    visitor = open_page()
    problems = check(visitor, live_server.url("/login"))
    problems += check(visitor, live_server.link("en"))
    for path in SIGNED_IN_PAGES:
        problems += check(manager, live_server.url(path))
    assert not problems, "\n".join(problems)

    for opened in (visitor, manager):
        assert not opened.watch.foreign, opened.watch.foreign
        hosts = {urlsplit(url).hostname for url in opened.watch.routed}
        assert hosts == {HOST}, hosts
        stylesheets = [u for u in opened.watch.routed if urlsplit(u).path.endswith(".css")]
        assert any("bootstrap" in u for u in stylesheets), "Bootstrap should come from the server"
