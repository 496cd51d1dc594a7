"""The page: title, map with its date controls, district panel, area chart, event feed,
options and share bar, credits (placed for phones, tablets and desktops by frontline.css).

Everything that depends on the chosen day is drawn in the browser from the payload store;
the server renders the page once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from dash import dcc, html

from dashboard import a11y, ids, story_ui
from dashboard.compare import OVERLAY
from dashboard.palettes import DEFAULT_PALETTE

SPEEDS = [0.5, 1, 2, 4]  # days per second
# The compare view's controls and list (filled and kept in step by assets/js/compare-view.mjs).
COMPARE_WITH = "compare-with"
COMPARE_CLEAR = "compare-clear"
COMPARE_ARROWS = "compare-arrows"
COMPARE_SWIPE = "compare-swipe"
CHANGES = "changes"
CHANGES_TITLE = "changes-title"
CHANGES_STATUS = "changes-status"
# A change day's dot on the slider: above the track (the date labels are below it).
CHANGE_DOT = {"color": "#b0382f", "fontSize": "16px", "top": "0px", "bottom": "auto"}
# plotly's buttons that make no sense on this map: sharing to a plotly server, box and lasso select.
MODEBAR_REMOVED = ["sendChartToCloud", "select2d", "lasso2d"]


def slider_marks(payload: Mapping[str, Any]) -> dict[int, Any]:
    """Readable labels once a week (and on the last day) below the track, a red dot above it
    on every other day control changed (above, so that no dot ever sits on a label)."""
    labels = payload["labels"]
    last = len(labels) - 1
    marks: dict[int, Any] = {}
    for i in payload["change_days"]:
        marks[i] = {"label": "•", "style": CHANGE_DOT}
    weekly = list(range(0, last + 1, 7))
    if last - weekly[-1] >= 4:  # label the last day too, unless it would collide
        weekly.append(last)
    for i in weekly:
        marks[i] = {"label": labels[i]}
    return dict(sorted(marks.items()))


def share_bar() -> html.Nav:
    """Downloads of the current view and the battle, and links to share or embed it.

    The links' addresses follow the chosen day, district, palette and compare window (the
    clientside code, ``assets/js/share.mjs``, updates them); the files are rendered by the
    server's download routes. The data links give the day shown (or, with ``compare=`` in
    the URL, the changes since that day) as GeoJSON and CSV, and the whole control table and
    the events as CSV and JSON (:func:`data_bar`).
    """

    def link(label: str, kind: str, href: str, hint: str) -> html.A:
        return html.A(label, href=href, className="dl", title=hint, **{"data-kind": kind})

    return html.Nav(
        [
            html.Span("Download", className="share-label"),
            link("PNG", "png", "download/still.png", "This day's map as a 1920×1080 slide"),
            link("SVG", "svg", "download/still.svg", "This day's map as a vector slide"),
            link("GIF", "gif", "download/battle.gif", "The whole battle as an animated GIF"),
            link("HTML", "html", "download/map.html", "One file that works offline"),
            data_bar(),
            html.Span("Share", className="share-label"),
            html.Button("Copy link", id=ids.COPY_LINK, type="button", className="copy"),
            html.Button("Copy embed code", id=ids.COPY_EMBED, type="button", className="copy"),
            html.Span(id=ids.COPY_STATUS, className="copy-status", role="status"),
        ],
        id=ids.SHARE,
        className="share",
        **{"aria-label": "Download and share"},
    )


def data_bar() -> html.Details:
    """The data behind the view, folded under a "Data" button of the share bar (it opens
    over the page, so the header keeps its height): the day shown (or, with ``compare=`` in
    the URL, the changes since that day) as GeoJSON and CSV, and the whole control table and
    the events as CSV and JSON; ``assets/js/share.mjs`` points the links at the view and
    names the scope."""

    def link(label: str, kind: str, href: str, hint: str) -> html.A:
        return html.A(label, href=href, className="dl", title=hint, **{"data-kind": kind})

    return html.Details(
        [
            html.Summary("Data", className="dl", title="The data behind the view"),
            html.Div(
                [
                    html.Span("this day", className="data-scope", **{"data-scope": ""}),
                    link(
                        "GeoJSON",
                        "data-geojson",
                        "download/day.geojson",
                        "The districts shown (or the changes of the compare window) as GeoJSON",
                    ),
                    link("CSV", "data-csv", "download/day.csv", "The same as a table (CSV)"),
                    html.Span("whole battle", className="data-scope"),
                    link(
                        "Control table CSV",
                        "control-csv",
                        "download/control.csv",
                        "The whole control table: every change, its event and sources",
                    ),
                    link("JSON", "control-json", "download/control.json", "The control table"),
                    link(
                        "Events CSV",
                        "events-csv",
                        "download/events.csv",
                        "Every dated event with its sources",
                    ),
                    link("JSON", "events-json", "download/events.json", "The events as JSON"),
                ],
                className="data-links",
                role="group",
                **{"aria-label": "Data behind the view"},
            ),
        ],
        className="share-data",
        **{"data-share": "data"},
    )


def url_meta(payload: Mapping[str, Any], payload_url: str) -> dict[str, Any]:
    """The few kilobytes the page needs before the payload arrives: dates, ids, palettes."""
    return {
        "payload_url": payload_url,
        "dates": payload["dates"],
        "long_labels": payload["long_labels"],
        "ids": payload["ids"],
        "names": payload["names"],
        "aliases": payload.get("aliases"),
        "palettes": list(payload["palettes"]),
        "map": {"default_palette": DEFAULT_PALETTE},
        "stories": story_ui.story_meta(payload),
    }


def header(payload: Mapping[str, Any]) -> html.Header:
    """The battle's title."""
    return html.Header(
        html.Div([html.Span("Frontline Atlas", className="brand"), html.H1(payload["title"])]),
        className="top",
    )


def tools(payload: Mapping[str, Any]) -> html.Div:
    """The map's options (street map, palette) and the download and share bar: beside the
    title on a wide screen, below the map on a phone."""
    return html.Div(
        [
            html.Div(
                [
                    dcc.Checklist(
                        id=ids.BASEMAP,
                        options=[
                            {
                                "label": "Street map (online: OpenStreetMap tiles)",
                                "value": "streets",
                            }
                        ],
                        value=[],
                        className="basemap",
                    ),
                    dcc.RadioItems(
                        id=ids.PALETTE,
                        options=[
                            {"label": label, "value": k}
                            for k, label in payload["map"]["palette_labels"].items()
                        ],
                        value=DEFAULT_PALETTE,
                        className="palette",
                        inline=True,
                    ),
                ],
                className="options",
            ),
            share_bar(),
        ],
        className="tools",
    )


def date_controls(payload: Mapping[str, Any], initial_day: int) -> html.Div:
    """The date, the day before and after (44 px targets), the slider across the whole
    width, and playback (Play, speed, loop)."""
    n = len(payload["dates"])
    step = "step"
    return html.Div(
        [
            html.Div(
                [
                    html.Button(
                        "‹",
                        id=ids.PREV_DAY,
                        className=step,
                        type="button",
                        title="The day before",
                        **{"aria-label": "Previous day"},
                    ),
                    html.Div(
                        payload["long_labels"][initial_day],
                        id=ids.DATE_DISPLAY,
                        className="date-display",
                    ),
                    html.Button(
                        "›",
                        id=ids.NEXT_DAY,
                        className=step,
                        type="button",
                        title="The day after",
                        **{"aria-label": "Next day"},
                    ),
                ],
                className="date-row",
            ),
            html.Div(
                dcc.Slider(
                    id=ids.DATE_SLIDER,
                    min=0,
                    max=n - 1,
                    step=1,
                    value=initial_day,
                    marks=slider_marks(payload),
                    updatemode="drag",
                    allow_direct_input=False,
                    included=True,
                ),
                className="slider-wrap",
                **{"aria-label": "Date"},
            ),
            html.Div(
                [
                    html.Button(
                        "▶ Play",
                        id=ids.PLAY,
                        className="play",
                        type="button",
                        **{"aria-pressed": "false"},
                    ),
                    html.Label(
                        [
                            "Speed ",
                            dcc.Dropdown(
                                id=ids.SPEED,
                                options=[{"label": f"{s:g} day/s", "value": s} for s in SPEEDS],
                                value=1,
                                clearable=False,
                                searchable=False,
                                className="speed",
                            ),
                        ],
                        className="speed-label",
                    ),
                    dcc.Checklist(
                        id=ids.LOOP,
                        options=[{"label": "Loop", "value": "loop"}],
                        value=[],
                        className="loop",
                    ),
                ],
                className="play-row",
            ),
            compare_controls(payload),
        ],
        className="controls",
    )


def compare_controls(payload: Mapping[str, Any]) -> html.Div:
    """Beside the slider: "Compare with…" an earlier day (a select; its first option is no
    comparison), Clear, the advance arrows and, on wide screens, the swipe between the two
    days. Native controls: each one Tab stop, labelled."""
    options = [html.Option("No comparison", value="")] + [
        html.Option(label, value=day)
        for day, label in zip(payload["dates"], payload["long_labels"], strict=True)
    ]
    return html.Div(
        [
            html.Label("Compare with…", htmlFor=COMPARE_WITH, className="compare-label"),
            html.Select(options, id=COMPARE_WITH, className="compare-select"),
            html.Button(
                "Clear",
                id=COMPARE_CLEAR,
                type="button",
                className="compare-clear",
                title="Stop comparing",
                disabled=True,
            ),
            html.Button(
                "Advance arrows",
                id=COMPARE_ARROWS,
                type="button",
                className="compare-arrows",
                title="Arrows from the ground each side held into the districts it took",
                disabled=True,
                **{"aria-pressed": "false"},
            ),
            html.Button(
                "Swipe",
                id=COMPARE_SWIPE,
                type="button",
                className="compare-swipe",
                title="Drag a divider across the map: the earlier day left, the later right",
                disabled=True,
                **{"aria-pressed": "false"},
            ),
        ],
        className="compare-row",
        role="group",
        **{"aria-label": "Compare two dates"},
    )


def changes_list() -> html.Section:
    """The compare view's list of the districts that changed since the earlier day (hidden
    until a comparison is asked for): a title, the summary (a live region), the net km² per
    faction and the enclave share, then one row per district (assets/js/compare-view.mjs)."""
    return html.Section(
        [
            html.H2("Changes", id=CHANGES_TITLE),
            # The sentence a screen reader hears (a live region); the eye reads the count,
            # the km² and the enclave share below it.
            html.P(id=CHANGES_STATUS, className="changes-status sr-only", role="status"),
            html.P(className="changes-count"),
            html.Div(className="changes-net"),
            html.Ol(className="changes-rows"),
        ],
        id=CHANGES,
        className="changes",
        hidden=True,
        **{"aria-labelledby": CHANGES_TITLE, "data-overlay": json.dumps(OVERLAY)},
    )


def side(payload: Mapping[str, Any]) -> html.Div:
    """The district panel and the event feed: a column beside the map on a wide screen,
    sections below it on a phone. (The district chooser that opens the panel comes before
    it, right after the date controls: see :func:`page`.)"""
    return html.Div(
        [
            changes_list(),
            html.Section(
                html.P(
                    "Click a district on the map to see who held it, since when, and why.",
                    className="hint",
                ),
                id=ids.DISTRICT_PANEL,
                className="panel",
            ),
            html.Section(
                [
                    html.H2("Events"),
                    # Filled in the browser from the payload (see buildFeed in
                    # assets/js/feed.mjs): thousands of components fewer for Dash to track
                    # on every step of the slider.
                    html.Div(className="feed-body"),
                ],
                id=ids.EVENT_FEED,
                className="feed",
            ),
        ],
        className="side",
    )


def landmark(block: Any, name: str) -> Any:
    """``block`` made a named region, so that no part of the page lies outside a landmark
    (axe's rule "region"): a screen reader's list of landmarks names it."""
    block.role = "region"
    setattr(block, "aria-label", name)
    return block


def page(
    payload: Mapping[str, Any],
    map_figure,
    area_figure,
    *,
    topojson_url: str,
    credits: str,
    initial_day: int,
    payload_url: str = "_frontline/payload.json",
) -> html.Div:
    """The whole dashboard page.

    Its blocks, in reading order (assets/frontline.css places them on wider screens): the
    title, a notice, the stage (map, date controls, district chooser, area chart, the day in
    words and its table, district panel and event feed), the options and share bar, the
    credits. The chooser follows the map and its date controls in the document, so the
    keyboard and screen readers reach it right after them on every screen. Each block is a function
    of this module; a new block is one more item in the lists below.
    """
    stage = [
        html.Div(
            dcc.Graph(
                id=ids.MAP,
                figure=map_figure,
                config={
                    "topojsonURL": topojson_url,
                    "displaylogo": False,
                    # The wheel scrolls the page; Ctrl/Cmd + wheel zooms (assets/js/gestures.mjs).
                    "scrollZoom": False,
                    "modeBarButtonsToRemove": MODEBAR_REMOVED,
                },
                className="map",
                responsive=True,
            ),
            className="map-box",
        ),
        date_controls(payload, initial_day),
        a11y.chooser(payload),
        dcc.Graph(
            id=ids.AREA_CHART,
            figure=area_figure,
            config={"displayModeBar": False},
            className="area",
        ),
        story_ui.story_block(payload),
        a11y.day_text(payload, initial_day),
        side(payload),
    ]
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            # Only what reading a link needs; the browser fetches the full payload once
            # from payload_url (see assets/js/data.mjs), outside Dash's callback machinery.
            dcc.Store(id=ids.DATA, data=url_meta(payload, payload_url)),
            dcc.Store(id=ids.SELECTED, data=None),
            dcc.Store(id=ids.HIGHLIGHT, data=[]),
            dcc.Store(id=ids.RENDERED),
            a11y.skip_link(),
            header(payload),
            html.Div(id=ids.NOTICE, className="notice", role="status", hidden=True),
            html.Main(stage, id=a11y.SKIP_TARGET, className="stage"),
            landmark(tools(payload), "Map options, downloads and sharing"),
            html.Footer(html.P(credits), className="credits"),
        ],
        className="atlas",
    )
