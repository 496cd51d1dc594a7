"""Text from the data is shown as text: markup in an event or a name never runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.browser.conftest import LiveServer
from tests.browser.helpers import wait_ready

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


def test_markup_in_the_data_is_escaped(page, tmp_path):
    scenario = tmp_path / "hostile"
    shutil.copytree(MINI, scenario)
    events_file = scenario / "events.yaml"
    events = yaml.safe_load(events_file.read_text(encoding="utf-8"))
    target = next(e for e in events if e.get("districts"))
    target["title"] = "Title " + PAYLOAD
    target["summary"] = "Summary " + PAYLOAD
    events_file.write_text(yaml.safe_dump(events, allow_unicode=True), encoding="utf-8")

    from dashboard.app import create_app

    server = LiveServer(create_app(scenario).server).start()
    try:
        page.goto(server.url + f"/?district={target['districts'][0]}")
        wait_ready(page)
        feed_text = page.text_content("#event-feed")
        assert "Summary <img src=x" in feed_text
        assert page.locator("#event-feed img").count() == 0
        assert page.locator("#district-panel img, #district-panel script").count() == 0
        assert page.evaluate("() => window.__pwned === undefined")
    finally:
        server.stop()
