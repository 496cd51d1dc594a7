"""``frontline districts`` and ``frontline validate``: thin adapters over ``geodata``."""

from __future__ import annotations

from pathlib import Path

import click

from dashboard.checks import CHECKS, is_warning, scenario_problems, timeline_problems
from geodata import area_km2, centroids_lonlat, geometry_dir, load_districts
from geodata.io import load_landmarks

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
    problems = scenario_problems(directory, _checks())
    for problem in problems:
        click.echo(str(problem))
    if any(not is_warning(p) for p in problems):
        raise click.exceptions.Exit(EXIT_DATA)
    n_districts = len(load_districts(directory))
    n_landmarks = len(load_landmarks(directory))
    where = directory if directory is not None else geometry_dir(None)
    click.echo(f"OK: {where}: {n_districts} districts, {n_landmarks} landmarks")


def _checks() -> tuple:
    """:data:`dashboard.checks.CHECKS`, with the timeline check looked up through
    :func:`_timeline_problems` (the seam the command's tests replace)."""
    return tuple(_timeline_problems if c is timeline_problems else c for c in CHECKS)


def _timeline_problems(directory: Path | None) -> list[object]:
    """The timeline's own checks plus the cross-check against the ingested narratives."""
    return timeline_problems(directory)
