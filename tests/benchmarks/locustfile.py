"""Locust load profile: readers opening the dashboard from ``frontline serve`` on loopback.

Each simulated reader loads the page the way a first-time visitor's browser does before the
map appears: the index (``GET /``), the layout (``/_dash-layout``: the page's components and
the map figure), the callback list (``/_dash-dependencies``), the payload
(``/_frontline/payload.json``, when the page names it), the plotly.js geo bundle (when the
page names it) and one static asset (``/assets/frontline.css``), then reads for 5-15 s and
loads it again (a stress test: a real reader stays for minutes, and a returning one has
the bundle in the browser's cache). Every callback
of the dashboard runs in the browser, so there is no ``/_dash-update-component`` request to
simulate. Responses are asked for compressed (gzip, deflate, br: Chromium also offers zstd,
which locust's fast client cannot decode).

Loopback only: the run stops at once unless ``--host`` is ``http://127.0.0.1:PORT``. Run it
bounded in time, e.g. ``locust -f tests/benchmarks/locustfile.py --headless -u 200 -r 50
-t 30s --host http://127.0.0.1:8050`` (the benchmark in ``test_serve.py`` does).
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from locust import FastHttpUser, between, events, task

ASSET = os.environ.get("FRONTLINE_LOCUST_ASSET", "/assets/frontline.css")
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
        index = self.client.get("/", headers=ACCEPT, name="GET /").content or b""
        layout = self.client.get("/_dash-layout", headers=ACCEPT, name="GET /_dash-layout")
        if b"payload.json" in index + (layout.content or b""):  # JSON may write "/" as "\\/"
            self.client.get(PAYLOAD, headers=ACCEPT, name="GET payload")
        geo = re.search(rb'src="(/[^"]*plotly-geo[^"]*)"', index)
        if geo:
            self.client.get(geo.group(1).decode(), headers=ACCEPT, name="GET plotly.js (geo)")
        self.client.get("/_dash-dependencies", headers=ACCEPT, name="GET /_dash-dependencies")
        self.client.get(ASSET, headers=ACCEPT, name="GET static asset")
