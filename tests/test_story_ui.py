"""The story part of the page (dashboard/story_ui.py): the stories menu lists each story of
the scenario with its step count; the page's small store carries what reading a story link
needs (day, focus, compare day and zoom of each step); no stories, no menu."""

from __future__ import annotations

from dashboard import layout, story_ui
from dashboard.viewdata import load_view_data


def _find(component, predicate, found=None):
    found = [] if found is None else found
    if predicate(component):
        found.append(component)
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            _find(child, predicate, found)
    return found


def test_the_menu_lists_the_stories_and_the_store_reads_their_links():
    payload = load_view_data(None)["payload"]
    block = story_ui.story_block(payload)
    starts = _find(block, lambda c: getattr(c, "className", None) == "story-start")
    assert len(starts) == len(payload["stories"]) == 1
    (start,) = starts
    story = payload["stories"]["how-the-east-fell"]
    assert getattr(start, "data-story") == "how-the-east-fell"
    texts = [c.children for c in start.children]
    assert texts == [story["title"], f"{len(story['steps'])} steps"]
    # The panel starts hidden; its buttons carry names for screen readers.
    (panel,) = _find(block, lambda c: getattr(c, "id", None) == story_ui.PANEL)
    assert panel.hidden is True
    for ident, label in ((story_ui.PREV, "Previous step"), (story_ui.NEXT, "Next step")):
        (button,) = _find(block, lambda c, i=ident: getattr(c, "id", None) == i)
        assert getattr(button, "aria-label") == label
    meta = layout.url_meta(payload, "_frontline/payload.json")["stories"]
    steps = meta["how-the-east-fell"]["steps"]
    assert [s["day"] for s in steps] == [s["day"] for s in story["steps"]]
    assert [s["focus"] for s in steps] == [s["focus"] for s in story["steps"]]
    assert [s["compare_day"] for s in steps] == [s["compare_day"] for s in story["steps"]]
    assert all("caption" not in s for s in steps)  # the captions come with the payload


def test_no_stories_no_menu_but_the_builder():
    payload = {**load_view_data(None)["payload"], "stories": {}}
    block = story_ui.story_block(payload)
    assert _find(block, lambda c: getattr(c, "className", None) == "story-choose") == []
    assert len(_find(block, lambda c: getattr(c, "id", None) == story_ui.BUILD_TOGGLE)) == 1
    assert story_ui.story_meta(payload) == {}
