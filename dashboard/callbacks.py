"""Callback wiring. Every callback is clientside: the functions live in the browser modules
under ``assets/js`` (registered as ``window.dash_clientside.frontline`` by
``assets/js/dashboard.mjs``) and work on the payload the page already holds, so choosing a
day, playing, clicking a district or an event never waits for the server. Playback itself
runs on the browser's animation frames (``assets/js/playback.mjs``) and moves the slider day
by day.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from dashboard import ids


def _fn(name: str) -> ClientsideFunction:
    return ClientsideFunction(namespace="frontline", function_name=name)


def register(app: Dash) -> None:
    """Attach the dashboard's callbacks to ``app``."""
    app.clientside_callback(
        _fn("render"),
        Output(ids.RENDERED, "data"),
        Input(ids.DATE_SLIDER, "value"),
        Input(ids.PALETTE, "value"),
        Input(ids.SELECTED, "data"),
        Input(ids.HIGHLIGHT, "data"),
        State(ids.DATA, "data"),
    )
    app.clientside_callback(
        _fn("syncUrl"),
        Output(ids.DATE_SLIDER, "value"),
        Output(ids.SELECTED, "data"),
        Output(ids.PALETTE, "value"),
        Output(ids.URL, "search"),
        Output(ids.NOTICE, "children"),
        Output(ids.NOTICE, "hidden"),
        Input(ids.URL, "search"),
        Input(ids.DATE_SLIDER, "value"),
        Input(ids.SELECTED, "data"),
        Input(ids.PALETTE, "value"),
        State(ids.DATA, "data"),
    )
    app.clientside_callback(
        _fn("playback"),
        Output(ids.PLAY, "children"),
        Output(ids.PLAY, "aria-pressed"),
        Input(ids.PLAY, "n_clicks"),
        Input(ids.SPEED, "value"),
        Input(ids.LOOP, "value"),
    )
    app.clientside_callback(
        _fn("basemap"),
        Output(ids.RENDERED, "data", allow_duplicate=True),
        Input(ids.BASEMAP, "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _fn("mapClick"),
        Output(ids.SELECTED, "data", allow_duplicate=True),
        Input(ids.MAP, "clickData"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _fn("areaClick"),
        Output(ids.DATE_SLIDER, "value", allow_duplicate=True),
        Input(ids.AREA_CHART, "clickData"),
        prevent_initial_call=True,
    )
