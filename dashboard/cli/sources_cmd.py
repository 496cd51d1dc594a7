"""``frontline sources``: every document, its link or offline marker, and what cites it.

With ``--coverage`` the report also counts, per day, which documents cover it, and lists
every place the sources name with where it lands (district, landmark, group, the whole map,
off the map, or nothing; :mod:`timeline.places`): as JSON one object
``{"sources": [...], "days": [...], "places": [...], "documents_read": [...],
"documents_missing": [...]}``; as CSV the per-source rows, the per-day rows and the place
rows, each block after a blank line. The places are read from the events, the ingest's
candidates and, when they are at hand (``--seeds``, ``FRONTLINE_SEEDS`` or the shared folder
beside the repository), the seed documents themselves.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from dashboard.sources_page import coverage, day_coverage, source_audit
from timeline.places import place_coverage

from ._common import FORMAT_JSON_CSV, emit, scenario_option

SOURCE_FIELDS = [
    "id",
    "kind",
    "outlet",
    "date",
    "language",
    "url",
    "offline",
    "events",
    "changes",
    "first_day",
    "last_day",
]
DAY_FIELDS = ["date", "count", "sources"]
PLACE_FIELDS = ["name", "lands", "ids", "spellings", "sources", "mentions"]


@click.command()
@scenario_option
@click.option(
    "--coverage",
    "with_days",
    is_flag=True,
    help="Also list, for each day, the documents that cover it.",
)
@click.option(
    "--seeds",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of the seed documents, read for the place names (with --coverage).",
)
@click.option("--format", "fmt", type=FORMAT_JSON_CSV, default="json", show_default=True)
def sources(scenario: Path | None, with_days: bool, seeds: Path | None, fmt: str) -> None:
    """Every document: its link (or offline), how many events and control changes cite it;
    with --coverage also the days each covers and where each place named lands."""
    audit = source_audit(scenario)
    rows = coverage(audit)
    if not with_days:
        emit(rows, fmt, columns=SOURCE_FIELDS)
        return
    days = day_coverage(audit)
    places = place_coverage(scenario, seeds)
    if fmt.lower() == "json":
        report = {
            "sources": rows,
            "days": days,
            "places": places.rows,
            "documents_read": places.documents_read,
            "documents_missing": places.documents_missing,
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    emit(rows, fmt, columns=SOURCE_FIELDS)
    click.echo("")
    emit(days, fmt, columns=DAY_FIELDS)
    click.echo("")
    emit(places.rows, fmt, columns=PLACE_FIELDS)
