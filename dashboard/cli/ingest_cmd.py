"""``frontline ingest``: candidate control changes and events from source documents.

A thin adapter over :mod:`timeline.ingest`. Bad input (a missing, binary or undatable
file) reaches the user as one ``DataError`` line with exit code 1.
"""

from __future__ import annotations

from pathlib import Path

import click

from timeline.ingest import (
    EXTRACTOR_VERSION,
    candidates_path,
    languages,
    load_candidates,
    load_lexicon,
    reading_notes,
    save_candidates,
    stale_documents,
)
from timeline.ingest import (
    ingest as run_ingest,
)

from ._common import FORMAT_JSON_CSV, emit, scenario_option

CANDIDATE_FIELDS = [
    "kind",
    "doc",
    "sha256",
    "start",
    "end",
    "date",
    "basis",
    "section",
    "districts",
    "landmarks",
    "actor",
    "action",
    "share",
    "share_phrase",
    "event_kind",
    "outlet",
    "language",
    "source",
    "cited",
    "places",
]


def _languages() -> str:
    """The languages the ingest reads actions in, as "en (English), hr (Croatian)"."""
    return ", ".join(f"{code} ({load_lexicon(code).name})" for code in languages())


_HELP = """Extract candidate control changes and events from FILES.

    FILES are narratives (Markdown with YAML front matter), news-wire day pages or plain
    articles, or folders of them. Each candidate gives the document, the sentence's
    character offsets in the repaired text, its date, section, district and landmark ids,
    the side that acted, the action and any partial figure. Without FILES, print the
    candidates stored in the scenario's candidates.json. Stored candidates whose documents
    have changed (sha256) are reported as stale on stderr.

    Actions (captures, advances, withdrawals, evacuations, ceasefires ...) are read in
    {languages}: one lexicon per language, timeline/ingest/lexicons/<code>.yaml, picked by
    the document's language (sources.yaml, front matter 'lang'/'language', or detected).
    A document in another language is read for place names and dates only, with a note.
    """


@click.command(help=_HELP.format(languages=_languages()))
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@scenario_option
@click.option("--format", "fmt", type=FORMAT_JSON_CSV, default="json", show_default=True)
@click.option(
    "--refresh",
    is_flag=True,
    help="Rewrite the scenario's candidates.json from FILES (the seed documents, or their "
    "folder) instead of printing the candidates.",
)
def ingest(files: tuple[Path, ...], scenario: Path | None, fmt: str, refresh: bool) -> None:
    """Extract candidate control changes and events from FILES (see ``_HELP``)."""
    path = candidates_path(scenario)
    stored = load_candidates(path) if path.exists() else None
    if not files:
        if refresh:
            raise click.UsageError("--refresh needs the seed documents (or their folder)")
        if stored is None:
            raise click.UsageError(f"no {path} yet: give the documents to read")
        checksums = {d["id"]: d.get("sha256") for d in stored.documents}
        emit(_rows(stored.candidates, checksums), fmt)
        return
    documents, candidates = run_ingest(files, scenario)
    read = f"frontline: reading actions in {_languages()}"
    notes = [f"frontline: note: {line}" for line in reading_notes(documents)]
    stale = stale_documents(stored, documents) if stored else []
    if stored and stored.version != EXTRACTOR_VERSION:
        stale.append(f"stored candidates come from extractor version {stored.version}")
    if refresh:
        save_candidates(path, documents, candidates)
        click.echo(f"wrote {len(candidates)} candidates from {len(documents)} documents to {path}")
        click.echo(read)
        for line in notes:
            click.echo(line)
        for line in stale:
            click.echo(f"replaced: {line}")
        return
    click.echo(read, err=True)  # stdout holds the candidates
    for line in notes:
        click.echo(line, err=True)
    for line in stale:
        click.echo(f"frontline: note: {line} (run 'frontline ingest --refresh ...')", err=True)
    emit(_rows(candidates, {d.id: d.sha256 for d in documents}), fmt)


def _rows(candidates, checksums: dict[str, str | None]) -> list[dict]:
    rows = []
    for candidate in candidates:
        row = candidate.to_dict()
        row["sha256"] = checksums.get(candidate.doc)
        rows.append({key: row[key] for key in CANDIDATE_FIELDS})
    return rows
