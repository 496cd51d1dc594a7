"""The Dash application factory."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from dash import Dash, dcc, html

from dashboard import ids

ASSETS_DIR = Path(str(files("dashboard.assets")))


def create_app(scenario: str | Path | None = None) -> Dash:
    """Build the dashboard for a scenario folder (``None``: the bundled Aleppo scenario)."""
    app = Dash(
        __name__,
        assets_folder=str(ASSETS_DIR),
        assets_ignore=r".*\.py$",
        serve_locally=True,
        compress=True,
        title="Frontline Atlas",
        update_title=None,
    )
    topojson_url = app.get_asset_url("topojson/")
    app.layout = html.Main(
        [
            html.H1("Frontline Atlas"),
            dcc.Graph(
                id=ids.MAP,
                figure=_placeholder_map(),
                config={"topojsonURL": topojson_url, "displaylogo": False},
            ),
        ]
    )
    return app


def _placeholder_map():
    import plotly.graph_objects as go

    fig = go.Figure(go.Scattergeo(lon=[37.16], lat=[36.2], mode="markers"))
    fig.update_geos(fitbounds="locations", visible=False)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return fig
