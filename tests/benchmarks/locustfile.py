"""Locust load profile: readers opening the dashboard from ``frontline serve`` on loopback.

Each simulated reader loads the page the way the browser does before the map appears: the
index (``GET /``), the layout (``/_dash-layout``, which carries the map figure and the
payload of every day: by far the heaviest response), the callback list
(``/_dash-dependencies``), the payload (``/_frontline/payload.json``, when the layout
names it) and one static asset (``/assets/frontline.js``), then reads for
5-15 s and loads it again (a stress test: a real reader stays for minutes). Every callback
of the dashboard runs in the browser, so there is no ``/_dash-update-component`` request to
simulate. Responses are asked for compressed (gzip, deflate, br: Chromium also offers zstd,
which locust's fast client cannot decode).

Loopback only: the run stops at once unless ``--host`` is ``http://127.0.0.1:PORT``. Run it
bounded in time, e.g. ``locust -f tests/benchmarks/locustfile.py --headless -u 200 -r 50
-t 30s --host http://127.0.0.1:8050`` (the benchmark in ``test_serve.py`` does).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from locust import FastHttpUser, between, events, task

ASSET = os.environ.get("FRONTLINE_LOCUST_ASSET", "/assets/frontline.js")
PAYLOAD = "/_frontline/payload.json"  # the day-by-day payload, when the layout points to it
ACCEPT = {"Accept-Encoding": "gzip, deflate, br"}


@events.test_start.add_listener
def _loopback_only(environment, **_kwargs) -> None:
    host = urlsplit(environment.host or "").hostname
    if host != "127.0.0.1":
        raise SystemExit(f"refusing to load {environment.host!r}: only http://127.0.0.1 is allowed")


class Reader(FastHttpUser):
    """One reader: the four requests of a page load, then 5-15 s of reading."""

    wait_time = between(5, 15)

    @task
    def open_dashboard(self) -> None:
        self.client.get("/", headers=ACCEPT, name="GET /")
        layout = self.client.get("/_dash-layout", headers=ACCEPT, name="GET /_dash-layout")
        if b"payload.json" in (layout.content or b""):  # JSON may write "/" as "\\/"
            self.client.get(PAYLOAD, headers=ACCEPT, name="GET payload")
        self.client.get("/_dash-dependencies", headers=ACCEPT, name="GET /_dash-dependencies")
        self.client.get(ASSET, headers=ACCEPT, name="GET static asset")
