"""Narrative ingest: read source documents, date their sentences, extract candidate control
changes and events, and cross-check them against the curated control table.

``ingest(paths, scenario)`` is the whole pipeline for a set of files; the pieces are
:func:`read_document` (reading and encoding repair), :func:`dated_sentences` (sentence
splitting and dating) and :func:`extract_candidates`. ``crosscheck(scenario)`` is what
``frontline validate`` runs; ``evaluate(candidates, control)`` measures the extractor.

Pure data code: no Dash, no plotly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from geodata.errors import DataError
from geodata.gazetteer import Gazetteer
from geodata.paths import CANDIDATES_FILE, candidates_path, scenario_info_path, sources_path

from ..io import load_scenario_info, read_sources
from .crosscheck import (
    StoredCandidates,
    crosscheck,
    evaluate,
    load_candidates,
    save_candidates,
    stale_documents,
    storable,
)
from .dates import DatedSentence, dated_sentences, sentence_spans
from .documents import KINDS, Document, detect_language, read_document, repair_text
from .extract import CHANGE_ACTIONS, EXTRACTOR_VERSION, Candidate, extract_candidates, lexicon_of
from .lexicon import Actors, Lexicon, actors_for, languages, load_lexicon, shares_in
from .written_dates import full_dates

__all__ = [
    "CANDIDATES_FILE",
    "CHANGE_ACTIONS",
    "EXTRACTOR_VERSION",
    "KINDS",
    "Actors",
    "Candidate",
    "DatedSentence",
    "Document",
    "Lexicon",
    "StoredCandidates",
    "actors_for",
    "candidates_path",
    "crosscheck",
    "dated_sentences",
    "detect_language",
    "evaluate",
    "expand_paths",
    "extract_candidates",
    "full_dates",
    "gazetteer_of",
    "ingest",
    "languages",
    "lexicon_of",
    "load_candidates",
    "load_lexicon",
    "read_document",
    "reading_notes",
    "repair_text",
    "save_candidates",
    "sentence_spans",
    "shares_in",
    "stale_documents",
    "storable",
]

_SUFFIXES = {".txt", ".md", ".markdown", ""}


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, with each folder replaced by its ``.txt``/``.md`` files (sorted)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in _SUFFIXES)
            if not found:
                raise DataError("folder holds no .txt or .md documents", where=str(path))
            out.extend(found)
        else:
            out.append(path)
    return out


def ingest(
    paths: Iterable[str | Path], scenario: str | Path | None = None
) -> tuple[list[Document], list[Candidate]]:
    """Read every document of ``paths`` (files or folders) and extract its candidates.

    Place names resolve with the gazetteer of ``scenario`` (``None``: the bundled one); a
    file listed as ``seed:`` in the scenario's ``sources.yaml`` takes its id, kind, date,
    outlet and language from there, and a related item of a day page its source id by url.
    """
    info = load_scenario_info(scenario_info_path(scenario))
    gazetteer = Gazetteer.load(scenario, info.groups)
    actors = actors_for(info)
    sources = _sources(scenario)
    by_seed = {s.seed: s for s in sources.values() if s.seed}
    by_url = {s.url: s.id for s in sources.values() if s.url}
    documents: list[Document] = []
    candidates: list[Candidate] = []
    for path in expand_paths(paths):
        doc = read_document(path, meta=by_seed.get(path.name))
        documents.append(doc)
        related = [i for i in doc.items if i.section == "Related"]
        for c in extract_candidates(doc, gazetteer, actors):
            if c.kind == "event" and c.section == "Related":
                item = next(i for i in related if i.start <= c.start < i.end)
                c = replace(c, source=by_url.get(item.url) or _item_source(sources, doc, item))
            candidates.append(c)
    return documents, candidates


def reading_notes(documents: Iterable[Document]) -> list[str]:
    """One line per document in a language the ingest has no lexicon for: it is read for
    names and dates only."""
    have = ", ".join(languages())
    return [
        f"{doc.id}: no lexicon for language {doc.language!r} (the ingest reads {have}): "
        "read for names and dates only; add timeline/ingest/lexicons/"
        f"{doc.language}.yaml to read its actions"
        for doc in documents
        if load_lexicon(doc.language) is None
    ]


def gazetteer_of(scenario: str | Path | None = None) -> Gazetteer:
    """The gazetteer of a scenario: its districts, landmarks and the names of its ``groups``
    (from ``scenario.yaml``)."""
    return Gazetteer.load(scenario, load_scenario_info(scenario_info_path(scenario)).groups)


def _item_source(sources: dict, doc: Document, item) -> str | None:
    """The news-item record of a related item: the one of its date that cites this page."""
    found = [
        s.id
        for s in sources.values()
        if s.kind == "news-item"
        and s.date == item.date
        and (doc.source_id in s.cited_by or not s.cited_by)
    ]
    return found[0] if len(found) == 1 else None


def _sources(scenario: str | Path | None) -> dict:
    path = sources_path(scenario)
    if not path.exists():
        return {}
    sources, _problems = read_sources(path)  # a broken record is 'frontline validate's to report
    return sources
