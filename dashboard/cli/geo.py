"""``frontline districts`` and ``frontline validate``."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import FORMAT_JSON_CSV, scenario_option


@click.command()
@scenario_option
@click.option("--format", "fmt", type=FORMAT_JSON_CSV, default="json", show_default=True)
def districts(scenario: Path | None, fmt: str) -> None:
    """List the scenario's districts: id, names, aliases, sector, area and centroid."""
    raise click.ClickException("'frontline districts' is not built yet")


@click.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
def validate(directory: Path | None) -> None:
    """Check a scenario folder (default: the bundled one); one line per problem, exit 1 if any."""
    raise click.ClickException("'frontline validate' is not built yet")
