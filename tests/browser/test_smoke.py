"""The page loads offline and the map is drawn."""

from __future__ import annotations


def test_page_loads_with_map(page, live_server):
    page.goto(live_server.url)
    page.wait_for_selector("#map .main-svg", timeout=20_000)
    assert page.title() == "Frontline Atlas"
    # The geo subplot is drawn (plotly adds the .geolayer once the projection is set up).
    page.wait_for_selector("#map .geolayer", state="attached", timeout=20_000)
