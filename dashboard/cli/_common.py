"""Shared options and output helpers of the subcommands."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import click

EXIT_DATA = 1
EXIT_USAGE = 2

FORMAT_JSON_CSV = click.Choice(["json", "csv"], case_sensitive=False)

scenario_option = click.option(
    "--scenario",
    "scenario",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Scenario folder (scenario.yaml, districts.geojson, sources.yaml, events.yaml, "
    "control.csv, optional landmarks.geojson). Default: the bundled Aleppo 2016 scenario.",
)


def emit(rows: Iterable[Mapping[str, Any]], fmt: str, *, columns: list[str] | None = None) -> None:
    """Print rows as a JSON array or as CSV (nested values JSON-encoded in their cell)."""
    rows = list(rows)
    if fmt.lower() == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    cols = columns or (list(rows[0].keys()) if rows else [])
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                for k, v in row.items()
            }
        )
    click.echo(buf.getvalue(), nl=False)
