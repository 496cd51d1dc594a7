"""Citations in the dashboard open the place they cite; an offline document is text."""

from __future__ import annotations

from tests.browser.helpers import wait_ready

ARTICLE = "https://en.wikipedia.org/wiki/Aleppo_offensive_(November%E2%80%93December_2016)"


def test_panel_citation_opens_the_section_and_offline_sources_are_text(page, live_server):
    page.goto(live_server.url + "/?date=2016-11-26&district=hanano")
    wait_ready(page)
    link = page.locator("#district-panel .why ul.sources a").first
    link.wait_for()
    assert link.get_attribute("href") == ARTICLE + "#Capture_of_Hanano"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert "Capture of Hanano" in link.text_content()
    passage = page.locator("#district-panel .why ul.sources .passage").first
    assert passage.text_content() == "“paragraph 3”"

    # In the feed, the Euronews report (no public address) is text marked offline.
    offline = page.locator(
        '#event-feed li.event[data-event="2016-12-15-euronews-convoy"] ul.sources li.source-offline'
    )
    offline.wait_for(state="attached")
    assert offline.locator("a").count() == 0
    text = offline.text_content()
    for part in ("Euronews", "main report", "2016-12-15", "EN", "offline"):
        assert part in text, text
    # Citations in the feed point at anchors too: only the three of the lead (the text
    # before the first heading, which has no anchor) open the article's top.
    hrefs = page.eval_on_selector_all(
        "#event-feed ul.sources a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(hrefs) > 120 and hrefs.count(ARTICLE) == 3
    assert sum(h.startswith(ARTICLE + "#") for h in hrefs) == 106
    assert all(h.startswith("https://") for h in hrefs)

    # The feed links to the page of every source, which the server answers.
    sources = page.locator("#sources-link")
    assert sources.evaluate("a => a.href") == live_server.url + "/sources"
    response = page.request.get(live_server.url + "/sources")
    assert response.status == 200 and "Capture_of_Hanano" in response.text()
