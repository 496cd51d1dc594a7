"""A pasted link, as a CMS that speaks oEmbed handles it, in Chromium: the page's discovery
link leads to the oEmbed answer, whose iframe (put in an article served from another origin)
shows the live map at the linked day and district, in the frame size asked for."""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.request import urlopen

from werkzeug.middleware.shared_data import SharedDataMiddleware
from werkzeug.wrappers import Response

from .conftest import LiveServer

FRAME_JS = "document.getElementById('frontline-map')"


def test_a_pasted_link_embeds_the_live_map_at_its_view(page, live_server, tmp_path):
    link = f"{live_server.url}/?date=2016-12-06&district=Hanano"
    with urlopen(link, timeout=30) as r:
        head = r.read().decode("utf-8").split("</head>", 1)[0]
    href = re.search(r'type="application/json\+oembed" href="([^"]+)"', head)
    assert href, "the page has no oEmbed discovery link"
    with urlopen(unescape(href.group(1)) + "&maxwidth=720", timeout=30) as r:
        answer = json.loads(r.read())
    assert (answer["type"], answer["width"], answer["height"]) == ("rich", 720, 450)
    article = tmp_path / "article.html"
    article.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>An article</title>"
        f"</head><body style='margin:0'><p>The map:</p>{answer['html']}</body></html>",
        encoding="utf-8",
    )
    host = LiveServer(SharedDataMiddleware(Response("not found", 404), {"/": str(tmp_path)}))
    host.start()
    try:
        page.goto(f"{host.url}/article.html")
        _check_frame(page)
    finally:
        host.stop()


def _check_frame(page) -> None:
    frame_el = page.wait_for_selector("iframe")
    box = frame_el.bounding_box()
    assert (round(box["width"]), round(box["height"])) == (720, 450)
    frame = frame_el.content_frame()
    frame.wait_for_selector("body[data-ready='1']", timeout=60_000)
    frame.wait_for_function(f"() => {FRAME_JS}.dataset.district === 'hanano'")
    assert frame.evaluate(f"() => {FRAME_JS}.dataset.day") == "21"  # 6 December 2016
    assert "6 Dec" in frame.inner_text("#date")
