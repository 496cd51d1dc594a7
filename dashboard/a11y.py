"""The page's accessibility parts: a skip link, the district chooser, the day's text in a
live region, a table view of the day's control, and the text that names and describes the
map and the area chart.

The server renders them once; the browser fills them as the day changes
(``assets/js/chooser.mjs``, ``announce.mjs``, ``table.mjs``, ``aria.mjs``). The day's text
is the payload's ``descriptions`` (:mod:`dashboard.describe`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import dcc, html

from dashboard.describe import chart_description

SKIP_TARGET = "main"
CHOOSER = "district-chooser"
CHOOSER_LIST = "district-names"
CHOOSER_STATUS = "district-chooser-status"
ANNOUNCE = "day-announce"
MAP_DESCRIPTION = "map-description"
CHART_DESCRIPTION = "chart-description"
TABLE_VIEW = "control-table"


def skip_link() -> html.A:
    """The first stop of the Tab key: straight to the map and its controls."""
    return html.A("Skip to the map", href=f"#{SKIP_TARGET}", className="skip-link")


def name_options(payload: Mapping[str, Any]) -> list[html.Option]:
    """One option per name, alias and Arabic name, each naming the district it leads to."""
    options: list[html.Option] = []
    seen: set[str] = set()
    aliases = payload.get("aliases") or [[] for _ in payload["ids"]]
    for name, name_ar, more in zip(payload["names"], payload["names_ar"], aliases):
        for text in [name, name_ar, *more]:
            if not text or text in seen:
                continue
            seen.add(text)
            label = None if text == name else name
            options.append(html.Option(value=text, label=label))
    return options


def chooser(payload: Mapping[str, Any]) -> html.Div:
    """A text box with type-ahead over every district name (English, aliases, Arabic);
    Enter opens the district's panel and outlines it on the map."""
    return html.Div(
        [
            html.Label("Find a district", htmlFor=CHOOSER),
            dcc.Input(
                id=CHOOSER,
                type="text",
                list=CHOOSER_LIST,
                autoComplete="off",
                placeholder="Name, e.g. Hanano or هنانو",
                spellCheck=False,
                debounce=True,
            ),
            html.Datalist(name_options(payload), id=CHOOSER_LIST),
            html.Span(id=CHOOSER_STATUS, className="chooser-status", role="status"),
        ],
        className="chooser",
        role="search",
        **{"aria-label": "Districts"},
    )


def day_text(payload: Mapping[str, Any], day: int) -> html.Div:
    """The day's description: read out as the day changes (a polite live region, also the
    map's description), the area chart's description, and the table view of the day."""
    text = (payload.get("descriptions") or [""])[day]
    return html.Div(
        [
            html.P(text, id=MAP_DESCRIPTION, className="sr-only"),
            html.Div(text, id=ANNOUNCE, className="sr-only", role="status"),
            html.P(chart_description(payload), id=CHART_DESCRIPTION, className="sr-only"),
            html.Details(
                [
                    html.Summary("Table of who held each district on this day"),
                    # It scrolls: focusable, so the keyboard can scroll it too.
                    html.Div(
                        className="table-body",
                        tabIndex="0",
                        role="region",
                        **{"aria-label": "Control by district"},
                    ),
                ],
                id=TABLE_VIEW,
                className="control-table",
            ),
        ],
        className="day-text",
    )
