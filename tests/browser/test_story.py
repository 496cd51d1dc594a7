"""Story mode in Chromium: the bundled story plays through step by step (each step's date,
focus district and caption as its YAML has them); Previous/Next by button, arrow keys and a
swipe on a phone; reload, back and forward keep the step; bad links say what was wrong;
the builder's draft (two views, reordered, a caption edited) downloads as YAML that
validates; ``/embed`` plays a story too; axe-core finds nothing serious with a story open.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from dashboard.viewdata import load_view_data
from tests.browser.helpers import query_of, wait_day, wait_ready
from timeline.stories import load_stories, story_problems

STORY = "how-the-east-fell"
ALEPPO = Path(__file__).resolve().parents[2] / "timeline" / "data" / "aleppo_2016"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
GD = "document.querySelector('#map .js-plotly-plot')"
EMBED_GD = "document.getElementById('frontline-map')"


@pytest.fixture(scope="module")
def payload():
    return load_view_data(None)["payload"]


@pytest.fixture(scope="module")
def story():
    """The bundled story as its YAML file gives it (timeline/stories.py)."""
    return load_stories(None)[STORY]


def _ready(page) -> None:
    """The map is drawn (a zoomed step may leave the first district off screen)."""
    page.wait_for_selector("#map .choroplethlocation", state="attached", timeout=30_000)
    page.wait_for_function(f"() => {GD} && {GD}.dataset.day !== undefined", timeout=30_000)


def _wait_step(page, n: int) -> None:
    page.wait_for_selector(f"#story-panel[data-step='{n}']:not([hidden])", timeout=10_000)


def _zoom(page, gd: str = GD) -> float:
    return page.evaluate(
        f"() => {{ const s = {gd}._fullLayout.geo._subplot;"
        " return s.projection.scale() / s.fitScale; }"
    )


def _wait_zoom(page, zoom: float, gd: str = GD) -> None:
    page.wait_for_function(
        f"z => {{ const s = {gd}._fullLayout.geo._subplot;"
        " return Math.abs(s.projection.scale() / s.fitScale - z) < 0.01; }",
        arg=zoom,
        timeout=10_000,
    )


def _check_step(page, payload, story, n: int) -> dict:
    """The step on screen is step ``n`` of the YAML: date, caption, focus and zoom."""
    step = story.steps[n - 1]
    day = payload["dates"].index(step.date.isoformat())
    _wait_step(page, n)
    wait_day(page, day)
    panel = page.locator("#story-panel")
    assert panel.locator(".story-count").inner_text() == f"Step {n} of {len(story.steps)}"
    assert panel.locator(".story-step-title").inner_text() == step.title
    assert panel.locator(".story-caption").inner_text() == step.caption
    assert panel.locator(".story-date").inner_text() == payload["long_labels"][day]
    page.wait_for_function(
        "t => document.getElementById('date-display').textContent === t",
        arg=payload["long_labels"][day],
    )
    # Its events are listed and its sources cited (links or "offline").
    assert panel.locator(".story-event").count() == len(step.events)
    assert panel.locator(".story-refs ul.sources li").count() >= 1
    if step.focus:
        name = payload["names"][payload["ids"].index(step.focus)]
        page.wait_for_function(
            "n => { const h = document.querySelector('#district-panel h2');"
            " return h && h.textContent.includes(n); }",
            arg=name,
        )
    else:
        page.wait_for_selector("#district-panel p.hint")
    _wait_zoom(page, step.zoom or 1.0)
    page.wait_for_function(
        "c => document.getElementById('story-announce').textContent.endsWith(c)",
        arg=step.caption,
    )
    q = query_of(page.url)
    assert q["story"] == STORY and q["step"] == str(n) and q["date"] == step.date.isoformat()
    if step.compare:
        assert q["compare"] == step.compare.isoformat()
    else:
        assert "compare" not in q
    return {"date": step.date.isoformat(), "focus": step.focus, "caption": step.caption[:40]}


def test_the_bundled_story_plays_through_by_the_next_button(page, live_server, payload, story):
    page.goto(live_server.url + f"/?story={STORY}&step=1")
    wait_ready(page)
    played = []
    for n in range(1, len(story.steps) + 1):
        played.append(_check_step(page, payload, story, n))
        assert page.locator("#story-prev").is_disabled() == (n == 1)
        assert page.locator("#story-next").is_disabled() == (n == len(story.steps))
        if n < len(story.steps):
            page.click("#story-next")
    assert len(played) == len(story.steps)
    # At the end the focus went from the disabled Next to Previous.
    assert page.evaluate("() => document.activeElement.id") == "story-prev"
    page.click("#story-prev")
    _check_step(page, payload, story, len(story.steps) - 1)


def test_keys_back_forward_reload_and_exit(page, live_server, payload, story):
    page.goto(live_server.url + f"/?story={STORY}&step=5")
    _ready(page)
    _check_step(page, payload, story, 5)
    page.locator("h1").click()
    page.keyboard.press("ArrowRight")
    _check_step(page, payload, story, 6)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    _check_step(page, payload, story, 4)
    # In a text field or on the slider the arrows are theirs, not the story's.
    page.fill("#district-chooser", "Han")
    page.keyboard.press("ArrowLeft")
    page.locator("#date-slider [role=slider]").focus()
    page.keyboard.press("ArrowRight")
    day = payload["dates"].index(story.steps[3].date.isoformat())
    wait_day(page, day + 1)
    page.wait_for_timeout(400)
    assert page.locator("#story-panel").get_attribute("data-step") == "4"
    page.click("#story-next")
    _check_step(page, payload, story, 5)
    page.go_back()
    page.wait_for_function("() => new URLSearchParams(location.search).get('step') === '4'")
    _wait_step(page, 4)
    page.go_forward()
    _check_step(page, payload, story, 5)
    page.reload()
    _ready(page)
    _check_step(page, payload, story, 5)
    # Exit: the free view at the same date, the whole map again.
    page.click("#story-exit")
    page.wait_for_selector("#story-panel", state="hidden")
    q = query_of(page.url)
    assert "story" not in q and "step" not in q and q["date"] == story.steps[4].date.isoformat()
    _wait_zoom(page, 1.0)
    assert page.locator("#story-menu summary").is_visible()


@pytest.mark.parametrize(
    ("query", "said", "step"),
    [
        ("?story=no-such-story", ["no story 'no-such-story'", STORY], None),
        (f"?story={STORY}&step=99", ["has no step '99'", "1 to 11", "showing step 1"], 1),
        (f"?story={STORY}&step=two", ["has no step 'two'", "1 to 11"], 1),
    ],
)
def test_a_bad_story_link_says_what_was_wrong(page, live_server, query, said, step):
    page.goto(live_server.url + "/" + query)
    wait_ready(page)
    page.wait_for_selector("#notice:not([hidden])")
    text = page.inner_text("#notice")
    for part in said:
        assert part in text
    if step is None:
        assert page.locator("#story-panel").is_hidden()
    else:
        _wait_step(page, step)


def test_the_stories_menu_starts_a_story_and_an_event_opens_in_the_feed(
    page, live_server, payload, story
):
    page.goto(live_server.url + "/")
    wait_ready(page)
    page.click("#story-menu summary")
    start = page.locator(".story-start")
    assert start.count() == 1
    assert f"{len(story.steps)} steps" in start.inner_text()
    assert story.title in start.inner_text()
    start.click()
    _check_step(page, payload, story, 1)
    # An event of the step: its item in the feed gets the focus.
    first = story.steps[0].events[0]
    page.wait_for_selector(f"#event-feed li.event[data-event='{first}']")
    page.click(f".story-event[data-story-event='{first}']")
    page.wait_for_function(
        "id => document.activeElement.closest('li.event')?.dataset.event === id", arg=first
    )


@pytest.mark.browser_context_args(**PHONE)
def test_on_a_phone_the_panel_is_under_the_map_and_swipes(page, live_server, payload, story):
    page.goto(live_server.url + f"/?story={STORY}&step=2")
    _ready(page)
    _check_step(page, payload, story, 2)
    panel = page.locator("#story-panel").bounding_box()
    box = page.locator(".map-box").bounding_box()
    assert panel["y"] >= box["y"] + box["height"] - 0.5
    assert panel["width"] <= 390
    for sel in ("#story-prev", "#story-next", "#story-exit"):
        b = page.locator(sel).bounding_box()
        assert b["width"] >= 44 and b["height"] >= 44, sel
    size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.story-caption')).fontSize)"
    )
    assert size >= 16
    page.locator("#story-panel").scroll_into_view_if_needed()
    cdp = page.context.new_cdp_session(page)

    def swipe(dx: float) -> None:
        b = page.locator("#story-panel .story-text").bounding_box()
        x, y = b["x"] + b["width"] / 2, b["y"] + 10
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}
        )
        for i in range(1, 6):
            point = {"x": x + dx * i / 5, "y": y}
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    swipe(-120)
    _check_step(page, payload, story, 3)
    swipe(120)
    _check_step(page, payload, story, 2)
    cdp.detach()


def test_the_builder_drafts_reorders_and_downloads_yaml_that_validates(
    page, live_server, payload, tmp_path
):
    page.goto(live_server.url + "/?date=2016-11-26&district=hanano")
    wait_ready(page)
    page.wait_for_selector("#district-panel h2")
    page.click("#story-build")
    page.wait_for_selector("#story-builder:not([hidden]) #story-add")
    page.fill("#draft-story-title", "Two views of Hanano")
    page.click("#story-add")
    page.wait_for_selector(".draft-step[data-index='0']")
    # The second view: the whole map, two days later.
    page.goto(live_server.url + "/?date=2016-11-28")
    wait_ready(page)
    page.click("#story-build")
    page.wait_for_selector(".draft-step[data-index='0']")  # the draft is kept in the tab
    page.click("#story-add")
    page.wait_for_selector(".draft-step[data-index='1']")
    # Reorder: the first step goes down; the focus stays with it (on Up, at the end).
    page.click(".draft-step[data-index='0'] .draft-down")
    page.wait_for_function(
        "() => document.activeElement.matches(\".draft-step[data-index='1'] .draft-up\")"
    )
    # From the keyboard: Enter on the focused Up moves it back up (the focus goes to Down).
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.activeElement.matches(\".draft-step[data-index='0'] .draft-down\")"
    )
    assert "26 November" in page.inner_text(".draft-step[data-index='0'] .draft-where")
    page.click(".draft-step[data-index='0'] .draft-down")
    assert "28 November" in page.inner_text(".draft-step[data-index='0'] .draft-where")
    assert "Hanano" in page.inner_text(".draft-step[data-index='1'] .draft-where")
    caption = "The north-east gives way two days after Hanano."
    page.fill("#draft-caption-1", caption)
    page.fill("#draft-title-1", "After Hanano")
    with page.expect_download() as info:
        page.click("#story-download")
    download = info.value
    assert download.suggested_filename == "two-views-of-hanano.yaml"
    text = Path(download.path()).read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    assert doc["title"] == "Two views of Hanano"
    assert [str(s["date"]) for s in doc["steps"]] == ["2016-11-28", "2016-11-26"]
    assert doc["steps"][0]["caption"] == caption and doc["steps"][0]["title"] == "After Hanano"
    assert doc["steps"][1]["focus"] == "hanano" and doc["steps"][1]["events"]
    assert "events were filled in" in text
    folder = tmp_path / "aleppo"
    shutil.copytree(ALEPPO, folder)
    (folder / "stories" / "two-views-of-hanano.yaml").write_text(text, encoding="utf-8")
    assert story_problems(folder) == []
    # Play the draft: a story like any other, in this tab.
    page.click("#story-play-draft")
    _wait_step(page, 1)
    assert page.inner_text("#story-panel .story-caption") == caption
    assert page.inner_text("#story-panel .story-title") == "Two views of Hanano"
    page.click("#story-next")
    _wait_step(page, 2)
    wait_day(page, payload["dates"].index("2016-11-26"))
    # Remove a step.
    page.click(".draft-step[data-index='1'] .draft-remove")
    page.wait_for_function("() => document.querySelectorAll('.draft-step').length === 1")


def test_embed_plays_a_story(page, live_server, payload, story):
    page.goto(live_server.url + f"/embed?story={STORY}&step=3")
    page.wait_for_selector("body[data-ready='1']")
    for n in (3, 4):
        step = story.steps[n - 1]
        day = payload["dates"].index(step.date.isoformat())
        page.wait_for_selector(f"#story-bar[data-step='{n}']")
        assert page.inner_text("#story-bar .story-caption") == step.caption
        assert page.inner_text("#story-bar .story-count") == f"Step {n} of {len(story.steps)}"
        page.wait_for_function(f"d => {EMBED_GD}.dataset.day === String(d)", arg=day)
        page.wait_for_function(f"f => {EMBED_GD}.dataset.district === f", arg=step.focus or "")
        _wait_zoom(page, step.zoom or 1.0, EMBED_GD)
        assert query_of(page.url)["step"] == str(n)
        opens = query_of(page.get_attribute("#open", "href"))
        assert opens["story"] == STORY and opens["step"] == str(n)
        assert opens["date"] == step.date.isoformat()
        if n == 3:
            b = page.locator("#story-next").bounding_box()
            assert b["width"] >= 44 and b["height"] >= 44
            page.click("#story-next")
    page.reload()
    page.wait_for_selector("#story-bar[data-step='4']")
    page.locator("#story-prev").focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_selector("#story-bar[data-step='3']")
    page.goto(live_server.url + "/embed?story=nope")
    page.wait_for_selector("body[data-ready='1']")
    assert STORY in page.inner_text("#story-bar .story-notice")


def test_axe_finds_nothing_serious_with_a_story_and_the_builder_open(page, live_server):
    page.goto(live_server.url + f"/?story={STORY}&step=3")
    _ready(page)
    _wait_step(page, 3)
    page.click("#story-build")
    page.click("#story-add")
    page.wait_for_selector(".draft-step")
    found = Axe().run(page).response["violations"]
    bad = [
        f"{v['impact']} {v['id']}: {v['nodes'][0]['target']}"
        for v in found
        if v["impact"] in ("critical", "serious")
    ]
    assert bad == []
