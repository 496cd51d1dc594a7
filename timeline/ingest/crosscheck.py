"""The stored candidates and the checks the curated control table must pass against them.

``candidates.json`` (next to ``control.csv``) holds what :mod:`timeline.ingest.extract` found
in the seed documents: facts and character offsets only, never their text, plus each
document's sha256, so the cross-check runs where the seeds are not shipped.

* :func:`crosscheck` (for ``frontline validate``): every ``reported`` change of
  ``control.csv`` must be backed by a candidate sentence of that date naming the district
  (directly, through an alias or group name, or through a landmark inside it). A row that
  is not is an error, or a warning when its note says why. Candidate captures and advances
  with no curated change within a day are listed as possible omissions (warnings).
* :func:`evaluate`: precision and recall of the extracted (date, district, side gaining)
  triples against the curated table.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from geodata.errors import DataError
from geodata.paths import CANDIDATES_FILE, candidates_path, control_path, scenario_info_path
from geodata.safe_io import read_json

from ..io import load_scenario_info, read_control
from ..model import faction_columns
from ..validate import WARNING, Problem
from .extract import EXTRACTOR_VERSION, Candidate

_MAX_WORDS = 10
GAIN_ACTIONS = frozenset({"capture", "recapture", "advance", "control"})
_NOTE = (
    "Facts extracted from the seed documents by `frontline ingest --refresh`: dates, "
    "district and landmark ids, sides, actions and partial figures, with character offsets "
    "into each document's repaired text. No source text is stored (section headings of ten "
    "words or more are cut short)."
)


@dataclass(frozen=True)
class StoredCandidates:
    """The content of ``candidates.json``."""

    version: int
    documents: tuple[dict[str, Any], ...]
    candidates: tuple[Candidate, ...]


def save_candidates(path: Path, documents: Iterable[Any], candidates: Iterable[Candidate]) -> None:
    """Write ``candidates.json``: one line per document and per candidate, for short diffs."""
    docs = [
        {
            "id": d.id,
            "sha256": d.sha256,
            "kind": d.kind,
            "source": d.source_id,
            "outlet": d.outlet,
            "language": d.language,
            "date": d.date.isoformat() if d.date else None,
            "year": d.year,
            "chars": len(d.text),
        }
        for d in documents
    ]
    rows = [
        {k: v for k, v in storable(c).to_dict().items() if v not in (None, [], "")}
        for c in candidates
    ]
    lines = [
        "{",
        f'"about": {json.dumps(_NOTE)},',
        f'"extractor_version": {EXTRACTOR_VERSION},',
        '"documents": [',
        ",\n".join(json.dumps(d, ensure_ascii=False) for d in docs),
        "],",
        '"candidates": [',
        ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows),
        "]",
        "}",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def storable(candidate: Candidate) -> Candidate:
    """The candidate as ``candidates.json`` keeps it: a section heading of ten words or more
    is cut to its first eight (no run of ten words of a source is stored)."""
    words = (candidate.section or "").split()
    if len(words) < _MAX_WORDS:
        return candidate
    return replace(candidate, section=" ".join(words[: _MAX_WORDS - 2]) + " …")


def load_candidates(path: Path) -> StoredCandidates:
    """Read ``candidates.json``; :class:`DataError` naming the file if it is not one."""
    data = read_json(path, hint="regenerate it with 'frontline ingest --refresh SEEDS'")
    try:
        return StoredCandidates(
            int(data["extractor_version"]),
            tuple(data["documents"]),
            tuple(Candidate.from_dict(c) for c in data["candidates"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(
            f"not a candidates file ({type(exc).__name__}: {exc})",
            where=str(path),
            hint="regenerate it with 'frontline ingest --refresh SEEDS'",
        ) from exc


def stale_documents(stored: StoredCandidates, documents: Iterable[Any]) -> list[str]:
    """One line per document whose checksum differs from the stored one."""
    known = {d["id"]: d.get("sha256") for d in stored.documents}
    return [
        f"{d.id}: stored candidates are stale (sha256 {known[d.id][:12]}… on file, "
        f"{d.sha256[:12]}… now)"
        for d in documents
        if d.id in known and known[d.id] != d.sha256
    ]


def crosscheck(scenario: str | Path | None = None) -> list[Problem]:
    """Problems between ``control.csv`` and ``candidates.json`` of ``scenario`` (``None``:
    the bundled one). Warnings carry the ``warning:`` prefix of :mod:`timeline.validate`.
    A scenario without ``candidates.json``, or whose control table does not parse (the
    timeline validator reports that), gives no problems."""
    path = candidates_path(scenario)
    if not path.exists():
        return []
    try:
        stored = load_candidates(path)
    except DataError as exc:
        return [Problem(str(path), "", exc.message, exc.hint)]
    try:
        factions = load_scenario_info(scenario_info_path(scenario)).faction_ids
    except DataError:
        return []  # the timeline validator reports a broken scenario.yaml
    control, problems = read_control(control_path(scenario), factions)
    if problems or control.empty:
        return []
    ctl = str(control_path(scenario))
    out: list[Problem] = []
    if stored.version != EXTRACTOR_VERSION:
        out.append(
            Problem(
                str(path),
                "",
                f"{WARNING}made by extractor version {stored.version}, "
                f"this is version {EXTRACTOR_VERSION}",
                "run 'frontline ingest --refresh SEEDS'",
            )
        )
    inside = _landmark_districts(scenario)
    support = {
        (c.date, d)
        for c in stored.candidates
        if c.date
        for d in (*c.districts, *(inside.get(lm) for lm in c.landmarks))
        if d
    }
    start = control["date"].min()
    for row in control[
        (control["confidence"] == "reported") & (control["date"] > start)
    ].itertuples():
        day = row.date.date().isoformat()
        if (day, row.district) in support:
            continue
        noted = isinstance(row.note, str) and bool(row.note.strip())
        out.append(
            Problem(
                ctl,
                str(row.line),
                f"{WARNING if noted else ''}reported change of {row.district!r} on {day} has "
                f"no sentence of that date naming it in {CANDIDATES_FILE}"
                + (" (its note explains it)" if noted else ""),
                None
                if noted
                else "say in the note where the text reports it, or mark the row inferred",
            )
        )
    return out + _omissions(stored.candidates, control, ctl, path.name)


def _omissions(candidates, control: pd.DataFrame, ctl: str, name: str) -> list[Problem]:
    first = control["date"].min().date()  # the baseline: not a change
    changes = {(r.date.date(), r.district) for r in control.itertuples() if r.date.date() > first}
    last = max((d for d, _ in changes), default=first)
    seen: set[tuple] = set()
    out = []
    for c in candidates:
        if c.kind != "change" or c.action not in GAIN_ACTIONS or not c.date:
            continue
        day = date.fromisoformat(c.date)
        for place in c.places:
            key = (day, place)
            if key in seen or not first < day <= last + timedelta(days=1):
                continue
            seen.add(key)
            near = {day + timedelta(days=k) for k in (-1, 0, 1)}
            if any((d, p) in changes for d in near for p in place):
                continue
            ids = place[0] if len(place) == 1 else f"{len(place)} districts ({', '.join(place)})"
            out.append(
                Problem(
                    ctl,
                    "",
                    f"{WARNING}possible omission: {name} has {c.action} of {ids} "
                    f"by {c.actor or 'an unnamed side'} on {c.date} ({c.doc} chars "
                    f"{c.start}-{c.end}), but control.csv has no change there within a day",
                    "add a row, or leave it if the text does not mean a change of hands",
                )
            )
    return out


def _landmark_districts(scenario: str | Path | None) -> dict[str, str]:
    try:
        from geodata.io import load_landmarks

        frame = load_landmarks(scenario)
    except (DataError, OSError):
        return {}
    return {str(i): d for i, d in zip(frame.index, frame["district"], strict=True) if d}


def evaluate(candidates: Iterable[Candidate], control: pd.DataFrame) -> dict[str, Any]:
    """Precision and recall of the extracted changes against a curated control table.

    A curated change is a row after the baseline date; the sides *gaining* are those whose
    share rose from the district's previous row. A proposed change is a ``change``
    candidate (capture, recapture, advance, control or withdrawal) with a date: one per
    place name (an ambiguous name or a group such as the Old City is one proposal covering
    its members), gained by its actor (for a withdrawal: by anyone but its actor).

    * recall: the share of ``reported`` changes (with a side gaining) matched by a proposal
      of the same date naming the district, with a compatible side;
    * precision: the share of distinct proposals matching any curated change (reported or
      inferred) on the same date in one of its districts, with a compatible side.
    """
    curated = _curated(control)
    by_day: dict[date, list[tuple[str, frozenset[str], str]]] = {}
    for day, district, gainers, confidence in curated:
        by_day.setdefault(day, []).append((district, gainers, confidence))
    proposals = sorted(
        {
            (date.fromisoformat(c.date), place, _gainer(c))
            for c in candidates
            if c.kind == "change" and c.date
            for place in c.places
        }
    )
    matched = [p for p in proposals if any(_fits(p, d, g) for d, g, _ in by_day.get(p[0], ()))]
    reported = [(day, d, g) for day, d, g, conf in curated if conf == "reported" and g]
    missed = [
        {"date": day.isoformat(), "district": d, "gaining": sorted(g)}
        for day, d, g in reported
        if not any(_fits(p, d, g) for p in proposals if p[0] == day)
    ]
    recovered = len(reported) - len(missed)
    return {
        "recall": round(recovered / len(reported), 4) if reported else None,
        "precision": round(len(matched) / len(proposals), 4) if proposals else None,
        "reported": len(reported),
        "recovered": recovered,
        "proposed": len(proposals),
        "matched": len(matched),
        "missed": missed,
        "unmatched": [
            {"date": p[0].isoformat(), "districts": list(p[1]), "gaining": p[2]}
            for p in proposals
            if p not in matched
        ],
    }


def _gainer(c: Candidate) -> str | None:
    if c.action == "withdrawal":
        return f"not:{c.actor}" if c.actor else None
    return c.actor if c.action in GAIN_ACTIONS else None


def _fits(proposal: tuple, district: str, gainers: frozenset[str]) -> bool:
    _, place, side = proposal
    if district not in place or not gainers:
        return False
    if side is None:
        return True
    if side.startswith("not:"):
        return bool(gainers - {side[4:]})
    return side in gainers


def _curated(control: pd.DataFrame) -> list[tuple[date, str, frozenset[str], str]]:
    rows = control.sort_values(["district", "date"])
    factions = faction_columns(control.columns)
    start = control["date"].min()
    previous: dict[str, tuple[float, ...]] = {}
    out = []
    matrix = rows[list(factions)].to_numpy(dtype=float)
    for row, values in zip(rows.itertuples(), matrix, strict=True):
        shares = tuple(float(v) for v in values)
        before = previous.get(row.district)
        previous[row.district] = shares
        if row.date == start:
            continue
        gainers = frozenset(
            f for f, new, old in zip(factions, shares, before or shares) if new > old + 1e-9
        )
        out.append((row.date.date(), row.district, gainers, row.confidence))
    return out
