"""Story mode's part of the page: the stories menu, the story panel and the story builder.

The server renders the empty frame once; the browser fills it from the payload
(``assets/js/story.mjs`` plays a story given by ``?story=NAME&step=N``,
``assets/js/story-builder.mjs`` builds a draft in the browser tab). Nothing here keeps any
state: the story and step live in the URL, the draft in the tab's sessionStorage.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import html

STORY = "story"
MENU = "story-menu"
PANEL = "story-panel"
BUILDER = "story-builder"
BUILD_TOGGLE = "story-build"
ANNOUNCE = "story-announce"
PREV = "story-prev"
NEXT = "story-next"
EXIT = "story-exit"


def story_meta(payload: Mapping[str, Any]) -> dict[str, Any]:
    """What reading a story link needs before the payload arrives: per story its title and
    per step its day, focus and compare day (for the page's small store)."""
    return {
        name: {
            "name": name,
            "title": story["title"],
            "steps": [
                {
                    "day": s["day"],
                    "focus": s["focus"],
                    "compare_day": s["compare_day"],
                    "zoom": s["zoom"],
                }
                for s in story["steps"]
            ],
        }
        for name, story in (payload.get("stories") or {}).items()
    }


def _menu(payload: Mapping[str, Any]) -> html.Div:
    stories = payload.get("stories") or {}
    items = [
        html.Li(
            html.Button(
                [
                    html.Span(story["title"], className="story-menu-title"),
                    html.Span(f"{len(story['steps'])} steps", className="story-menu-steps"),
                ],
                type="button",
                className="story-start",
                **{"data-story": name},
            )
        )
        for name, story in stories.items()
    ]
    parts: list[Any] = []
    if items:
        parts.append(
            html.Details(
                [
                    html.Summary(f"Stories ({len(items)})"),
                    html.Ul(items, className="story-list", **{"aria-label": "Stories"}),
                ],
                className="story-choose",
            )
        )
    parts.append(
        html.Button(
            "Build a story",
            id=BUILD_TOGGLE,
            type="button",
            className="story-build-toggle",
            **{"aria-expanded": "false", "aria-controls": BUILDER},
        )
    )
    return html.Div(parts, id=MENU, className="story-menu")


def _panel() -> html.Div:
    def button(text: str, ident: str, label: str) -> html.Button:
        return html.Button(
            text, id=ident, type="button", className="story-step", **{"aria-label": label}
        )

    return html.Div(
        [
            html.Div(
                [
                    html.P(
                        [
                            html.Span(className="story-title"),
                            html.Span(className="story-count"),
                        ],
                        className="story-head",
                    ),
                    html.Button("Exit story", id=EXIT, type="button", className="story-exit"),
                ],
                className="story-top",
            ),
            html.Div(
                [
                    button("‹", PREV, "Previous step"),
                    html.Div(
                        [
                            html.H2(className="story-step-title"),
                            html.P(className="story-date"),
                            html.P(className="story-caption"),
                        ],
                        className="story-text",
                    ),
                    button("›", NEXT, "Next step"),
                ],
                className="story-body",
            ),
            html.Div(className="story-refs"),
        ],
        id=PANEL,
        className="story-panel",
        hidden=True,
        role="region",
        **{"aria-label": "Story"},
    )


def story_block(payload: Mapping[str, Any]) -> html.Section:
    """The stories menu, the story panel (hidden until a story plays), the builder (hidden
    until asked for) and the live region that reads each step."""
    return html.Section(
        [
            _menu(payload),
            _panel(),
            html.Div(
                id=BUILDER,
                className="story-builder",
                hidden=True,
                role="region",
                **{"aria-label": "Story builder"},
            ),
            html.Div(id=ANNOUNCE, className="sr-only", role="status"),
        ],
        id=STORY,
        className="story",
    )
