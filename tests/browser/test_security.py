"""The dashboard under its Content-Security-Policy (``dashboard.security``) in Chromium: the
map draws, days change, a district opens, the street map loads its bundle and tiles, and
the browser reports no policy violation; another site cannot frame the page, while it can
frame ``/embed``."""

from __future__ import annotations

from tests.browser.helpers import wait_day, wait_ready
from tests.browser.test_dashboard import _tile_png

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def _violations(page) -> list[str]:
    return page.evaluate("() => window.__cspViolations")


def test_the_page_works_under_its_csp(page, live_server):
    tile = _tile_png()
    page.route(
        "https://tile.openstreetmap.org/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=tile),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(live_server.url + "/?date=2016-11-20")
    assert "script-src 'self' 'sha256-" in response.headers["content-security-policy"]
    wait_ready(page)
    page.locator("#date-slider [role=slider]").focus()
    page.keyboard.press("ArrowRight")
    wait_day(page, 6)
    page.get_by_label("Street map", exact=False).check()
    page.wait_for_function("() => document.querySelector('#map .maplibregl-canvas') !== null")
    page.wait_for_timeout(500)
    assert _violations(page) == []
    assert page.locator("#map .js-plotly-plot").count() == 1


def test_another_site_cannot_frame_the_page_but_can_frame_the_embed(
    page, live_server, browser_problems
):
    # localhost and 127.0.0.1 are different origins: the host page is "another site".
    other = live_server.url.replace("127.0.0.1", "localhost")
    page.add_init_script(RECORD_VIOLATIONS)
    # A page of the other origin that sets no policy of its own (the server's 404 text):
    # /sources would refuse to frame anything itself.
    page.goto(other + "/no-such-page")
    browser_problems[:] = [p for p in browser_problems if "404 (NOT FOUND)" not in p]
    page.evaluate(
        """url => { for (const [id, path] of [['page', '/'], ['embed', '/embed']]) {
            const f = document.createElement('iframe'); f.id = id; f.src = url + path;
            document.body.appendChild(f); } }""",
        live_server.url,
    )
    embed = page.frame_locator("#embed")
    embed.locator(".main-svg").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    for frame in page.frames:
        if frame.url.startswith(live_server.url) and "/embed" not in frame.url:
            assert frame.evaluate("() => !document.getElementById('react-entry-point')")
    refused = [p for p in browser_problems if "frame-ancestors" in p or "X-Frame-Options" in p]
    assert refused, browser_problems  # Chromium says it refused to show the page
    browser_problems[:] = [p for p in browser_problems if p not in refused]
