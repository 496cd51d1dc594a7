"""The Dash application factory: one scenario in, one stateless app out."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from dash import Dash

from dashboard import callbacks, figures, layout
from dashboard.downloads import register_downloads
from dashboard.embed import register_embed
from dashboard.payload import build_payload

ASSETS_DIR = Path(str(files("dashboard.assets")))
DEFAULT_CREDITS = (
    "Control of districts: Frontline Atlas, derived from the cited sources (each change is "
    "marked reported or inferred). Neighbourhood geometry: Columbia Center for Spatial "
    "Research, Conflict Urbanism: Aleppo (MIT licence), after UN-Habitat 2013; outskirts "
    "outlined from UNITAR-UNOSAT damage points. River, roads and landmarks digitised by "
    "Frontline Atlas."
)


# Interpolated moments a day: playback moves the front through districts in quarter days.
FRAMES_PER_DAY = 4

# An inline icon: the browser asks the server for nothing when the URL follows the view.
FAVICON = (
    '<link rel="icon" href="data:image/svg+xml,'
    "%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E"
    "%3Crect width='8' height='16' fill='%23c8312b'/%3E"
    "%3Crect x='8' width='8' height='16' fill='%232f8f3a'/%3E%3C/svg%3E\">"
)
INDEX = f"""<!DOCTYPE html>
<html lang="en">
    <head>
        {{%metas%}}
        <title>{{%title%}}</title>
        {FAVICON}
        {{%css%}}
    </head>
    <body>
        {{%app_entry%}}
        <footer>
            {{%config%}}
            {{%scripts%}}
            {{%renderer%}}
        </footer>
    </body>
</html>"""


def scenario_files(scenario_key: str | None) -> list[Path]:
    """The files a scenario's derived data depends on (for cache keys)."""
    from geodata.paths import districts_path, landmarks_path
    from timeline.paths import control_path, events_path, sources_path, timeline_dir

    files = [districts_path(scenario_key), landmarks_path(scenario_key)]
    files += [sources_path(scenario_key), events_path(scenario_key), control_path(scenario_key)]
    return [*files, timeline_dir(scenario_key) / "scenario.yaml"]


@lru_cache(maxsize=8)
def _view_data(scenario_key: str | None) -> dict[str, Any]:
    """Everything the page needs, once per scenario and process (read-only), from disk
    cache when the scenario's files and the code are unchanged."""
    from dashboard.cache import cache_key, cached_json

    key = cache_key(scenario_files(scenario_key), extra=f"per_day={FRAMES_PER_DAY}")
    return cached_json(key, lambda: _compute_view_data(scenario_key))


def _compute_view_data(scenario_key: str | None) -> dict[str, Any]:
    from geodata.display import display_geojson
    from timeline import load_scenario
    from timeline.frames import frames, frames_payload

    scn = load_scenario(scenario_key)
    districts = scn.districts
    ids = [str(i) for i in districts.index]
    payload = build_payload(
        district_ids=ids,
        names=[str(n) for n in districts["name"]],
        names_ar=list(districts["name_ar"]) if "name_ar" in districts else [""] * len(ids),
        daily=scn.daily,
        events=scn.events,
        sources=scn.sources,
        stats=scn.stats,
        frames=frames_payload(frames(scn, FRAMES_PER_DAY)),
        per_day=FRAMES_PER_DAY,
        title=getattr(scn, "title", "") or "",
    )
    return {
        "payload": payload,
        "geojson": display_geojson(districts),
        "landmarks": display_geojson(
            scn.landmarks, tolerance_m=2.0, properties=("name", "kind", "district")
        ),
        "credits": getattr(scn, "credits", None) or DEFAULT_CREDITS,
    }


def view_data(scenario: str | Path | None = None) -> dict[str, Any]:
    """The payload, district GeoJSON, landmarks and credits of a scenario (cached)."""
    key = None if scenario is None else str(Path(scenario).resolve())
    return _view_data(key)


def create_app(scenario: str | Path | None = None) -> Dash:
    """Build the dashboard for a scenario folder (``None``: the bundled Aleppo scenario)."""
    data = view_data(scenario)
    payload = data["payload"]
    app = Dash(
        __name__,
        assets_folder=str(ASSETS_DIR),
        assets_ignore=r".*\.py$",
        serve_locally=True,
        compress=True,
        title="Frontline Atlas",
        update_title=None,
        index_string=INDEX,
    )
    initial_day = 0
    app.layout = layout.page(
        payload,
        figures.map_figure(payload, data["geojson"], data["landmarks"], day=initial_day),
        figures.area_figure(payload, day=initial_day),
        topojson_url=app.get_asset_url("topojson/"),
        credits=data["credits"],
        initial_day=initial_day,
        payload_url=PAYLOAD_ROUTE.lstrip("/"),
    )
    _serve_payload(app, payload)
    register_embed(app, scenario)
    register_downloads(app, scenario)
    callbacks.register(app)
    return app


PAYLOAD_ROUTE = "/_frontline/payload.json"


def _serve_payload(app: Dash, payload: dict[str, Any]) -> None:
    """Serve the browser payload as one cacheable JSON document (serialised once)."""
    import hashlib
    import json

    from flask import Response, request

    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    etag = hashlib.sha256(body).hexdigest()[:32]

    def payload_json() -> Response:
        if request.if_none_match.contains(etag):
            return Response(status=304, headers={"ETag": f'"{etag}"'})
        return Response(
            body,
            mimetype="application/json",
            headers={"ETag": f'"{etag}"', "Cache-Control": "no-cache"},
        )

    app.server.add_url_rule(PAYLOAD_ROUTE, "frontline_payload", payload_json)
