"""Browser test harness: the system Chromium, a live app on loopback, and two guards.

- ``live_server`` starts the real Dash app on a free loopback port in a thread.
- ``page`` (overriding pytest-playwright's) fails the test on any browser console error or
  uncaught page error, and on any request to a host other than loopback: the dashboard must
  work offline.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from tests.browser.helpers import KEEP_STATE

CHROMIUM = os.environ.get("FRONTLINE_CHROMIUM", "/usr/bin/chromium")
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
    "--mute-audio",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run 'make test' (it installs Debian's chromium) "
            "or set FRONTLINE_CHROMIUM=/path/to/chromium"
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 900}}


class LiveServer:
    def __init__(self, wsgi_app) -> None:
        self._server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> LiveServer:
        self._thread.start()
        with socket.create_connection(("127.0.0.1", self.port), timeout=5):
            pass
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    """The bundled dashboard on a free loopback port, for the whole session."""
    from dashboard.app import create_app

    server = LiveServer(create_app().server).start()
    yield server
    server.stop()


@pytest.fixture
def browser_problems():
    """Console errors, page errors and non-loopback requests seen during the test."""
    return []


@pytest.fixture
def page(context, browser_problems):
    """A page that refuses to leave loopback and records every console error."""
    page = context.new_page()
    page.add_init_script(KEEP_STATE)

    def guard(route):
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK:
            route.continue_()
        else:
            browser_problems.append(f"request left loopback: {route.request.url}")
            route.abort()

    page.route("**/*", guard)
    page.on(
        "console",
        lambda msg: (
            browser_problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda exc: browser_problems.append(f"page error: {exc}"))
    yield page
    problems = list(browser_problems)
    page.close()
    assert problems == [], "browser reported problems:\n" + "\n".join(problems)
