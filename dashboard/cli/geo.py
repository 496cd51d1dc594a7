"""``frontline districts`` and ``frontline validate``: thin adapters over ``geodata``."""

from __future__ import annotations

from pathlib import Path

import click

from geodata import area_km2, centroids_lonlat, geometry_dir, load_districts, validate_geometry
from geodata.io import load_landmarks
from geodata.paths import scenario_info_path
from timeline import read_scenario_info
from timeline.ingest import crosscheck
from timeline.validate import Problem, validate_timeline

from ._common import EXIT_DATA, FORMAT_JSON_CSV, emit, scenario_option

DISTRICT_FIELDS = ["id", "name", "name_ar", "aliases", "sector", "area_km2", "lon", "lat"]


@click.command()
@scenario_option
@click.option("--format", "fmt", type=FORMAT_JSON_CSV, default="json", show_default=True)
def districts(scenario: Path | None, fmt: str) -> None:
    """List the scenario's districts: id, names, aliases, sector, area and centroid."""
    gdf = load_districts(scenario)
    areas = area_km2(gdf)
    points = centroids_lonlat(gdf)
    rows = [
        {
            "id": did,
            "name": row["name"],
            "name_ar": row["name_ar"],
            "aliases": list(row["aliases"]),
            "sector": row["sector"],
            "area_km2": round(float(areas[did]), 3),
            "lon": round(float(points.at[did, "lon"]), 6),
            "lat": round(float(points.at[did, "lat"]), 6),
        }
        for did, row in sorted(gdf.iterrows(), key=lambda item: str(item[0]))
    ]
    emit(rows, fmt, columns=DISTRICT_FIELDS)


@click.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
def validate(directory: Path | None) -> None:
    """Check a scenario folder (default: the bundled one); one line per problem, exit 1 if any."""
    problems: list[object] = list(validate_geometry(directory))
    # The timeline checks read the geometry files too: skip what is already said about them.
    reported = {str(getattr(p, "file", "")) for p in problems}
    problems += [
        p for p in _timeline_problems(directory) if str(getattr(p, "file", "")) not in reported
    ]
    problems += _palette_problems(directory)
    for problem in problems:
        click.echo(str(problem))
    if any(not _is_warning(p) for p in problems):
        raise click.exceptions.Exit(EXIT_DATA)
    n_districts = len(load_districts(directory))
    n_landmarks = len(load_landmarks(directory))
    where = directory if directory is not None else geometry_dir(None)
    click.echo(f"OK: {where}: {n_districts} districts, {n_landmarks} landmarks")


def _is_warning(problem: object) -> bool:
    """Timeline problems whose message starts with ``warning:`` are printed but do not fail."""
    return str(getattr(problem, "message", "")).startswith("warning:")


def _palette_problems(directory: Path | None) -> list[object]:
    """The map's palettes of the scenario's factions (both must be built, every colour told
    apart from the others, see :func:`dashboard.palettes.build_palettes`): one problem
    naming scenario.yaml when they cannot be. Nothing when scenario.yaml itself is broken
    (the timeline checks report that)."""
    from dashboard.palettes import build_palettes

    path = scenario_info_path(directory)
    info, errors = read_scenario_info(path)
    if info is None or errors:
        return []
    try:
        build_palettes(info.factions)
    except ValueError as exc:
        return [Problem(str(path), "", f"the map's colours: {exc}", None)]
    return []


def _timeline_problems(directory: Path | None) -> list[object]:
    """The timeline's own checks plus the cross-check against the ingested narratives."""
    return [*validate_timeline(directory), *crosscheck(directory)]
