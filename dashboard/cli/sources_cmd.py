"""``frontline sources``: every document, its link or offline marker, and what cites it.

With ``--coverage`` the report also counts, per day, which documents cover it: as JSON one
object ``{"sources": [...], "days": [...]}``; as CSV the per-source rows, then a blank line
and the per-day rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from dashboard.sources_page import coverage, day_coverage, source_audit

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


@click.command()
@scenario_option
@click.option(
    "--coverage",
    "with_days",
    is_flag=True,
    help="Also list, for each day, the documents that cover it.",
)
@click.option("--format", "fmt", type=FORMAT_JSON_CSV, default="json", show_default=True)
def sources(scenario: Path | None, with_days: bool, fmt: str) -> None:
    """Every document: its link (or offline), how many events and control changes cite it."""
    audit = source_audit(scenario)
    rows = coverage(audit)
    if not with_days:
        emit(rows, fmt, columns=SOURCE_FIELDS)
        return
    days = day_coverage(audit)
    if fmt.lower() == "json":
        click.echo(json.dumps({"sources": rows, "days": days}, ensure_ascii=False, indent=2))
        return
    emit(rows, fmt, columns=SOURCE_FIELDS)
    click.echo("")
    emit(days, fmt, columns=DAY_FIELDS)
