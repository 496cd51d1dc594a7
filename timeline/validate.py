"""Check a scenario's timeline files, alone and against each other and the geometry.

``validate_timeline`` returns every problem (never raises for bad data), each naming the
file and line: the YAML line of the offending item, or the CSV line (the header is line 1).
Problems that do not stop the scenario loading (a reported change whose event does not
mention the district) carry a message starting with ``warning:``.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from geodata.errors import DataError
from geodata.paths import (
    control_path,
    districts_path,
    events_path,
    landmarks_path,
    scenario_info_path,
    sources_path,
)
from geodata.validate import Problem as GeometryProblem

from ._yaml import read_yaml_list
from .io import read_control, read_events, read_scenario_info, read_sources
from .model import CONTEXT_KIND, LEAD_SECTION, Event, Source, url_problem
from .places import place_problems


@dataclass(frozen=True)
class Problem(GeometryProblem):
    """One problem in a timeline file; ``where`` is the line number (as text) or empty.

    Prints as one line ``FILE:LINE: message (hint)``.
    """

    def __str__(self) -> str:
        text = f"{self.file}:{self.where}" if self.where else self.file
        text = f"{text}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


WARNING = "warning: "

__all__ = ["WARNING", "Problem", "check_references", "validate_timeline"]


def _problem(error: DataError) -> Problem:
    where = error.where or ""
    match = re.fullmatch(r"(.*):(\d+)", where)
    file, line = (match.group(1), match.group(2)) if match else (where, "")
    return Problem(file, line, error.message, error.hint)


def _ids_of(path: Path) -> tuple[set[str], list[Problem]]:
    from geodata.io import read_feature_collection

    try:
        data = read_feature_collection(path)
    except DataError as exc:
        return set(), [_problem(exc)]
    ids = set()
    for feature in data["features"]:
        props = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(props, dict) and isinstance(props.get("id"), str):
            ids.add(props["id"])
    return ids, []


def check_references(
    sources: Mapping[str, Source],
    events: Sequence[Event],
    control: pd.DataFrame,
    district_ids: Iterable[str],
    landmark_ids: Iterable[str],
    start: date,
    end: date,
    *,
    files: Mapping[str, str | Path] | None = None,
    also_known: Mapping[str, Container[str]] | None = None,
) -> list[Problem]:
    """Cross-file checks: every id a record names exists, dates lie in ``start..end``
    (events of kind ``context`` may lie outside), one row per district and date, a baseline
    for every district, and reported changes whose event mentions the district."""
    files = {k: str(v) for k, v in (files or {}).items()}
    src, evf, ctl = (files.get(k, k) for k in ("sources.yaml", "events.yaml", "control.csv"))
    districts, landmarks = set(district_ids), set(landmark_ids)
    by_id = {e.id: e for e in events}
    out: list[Problem] = []
    for source in sources.values():
        for cited in source.cited_by:
            if cited not in sources:
                out.append(
                    Problem(
                        src,
                        str(source.line),
                        f"source {source.id!r} is cited by unknown source {cited!r}",
                        "use an id from sources.yaml",
                    )
                )
    out += _address_problems(sources, events, src, evf)
    known = {"district": districts, "landmark": landmarks, "source": sources, "event": by_id}
    for kind, extra in (also_known or {}).items():
        known[kind] = _Union(known[kind], extra)
    districts, landmarks = known["district"], known["landmark"]
    for event in events:
        line = str(event.line)
        if event.kind != CONTEXT_KIND and not start <= event.date <= end:
            out.append(
                Problem(
                    evf,
                    line,
                    f"event {event.id!r} is dated {event.date}, outside the battle {start}..{end}",
                    "fix the date, or make it kind context",
                )
            )
        for name, pool, kind in (
            (event.districts, districts, "district"),
            (event.landmarks, landmarks, "landmark"),
            ([r.id for r in event.sources], known["source"], "source"),
            ([c.source for c in event.claims], known["source"], "source"),
            (event.corroborates, known["event"], "event"),
        ):
            for ident in name:
                if ident not in pool:
                    out.append(
                        Problem(
                            evf,
                            line,
                            f"event {event.id!r} names unknown {kind} {ident!r}",
                            _near(ident, pool, kind),
                        )
                    )
    lines = control["line"].astype(str).to_numpy() if len(control) else []
    seen: dict[tuple, str] = {}
    for row, line in zip(control.itertuples(index=False), lines, strict=True):
        day = row.date.date()
        if row.district not in districts:
            out.append(
                Problem(
                    ctl,
                    line,
                    f"unknown district {row.district!r}",
                    _near(row.district, districts, "district"),
                )
            )
        if row.event not in known["event"]:
            out.append(
                Problem(ctl, line, f"unknown event {row.event!r}", _near(row.event, by_id, "event"))
            )
        elif (
            row.confidence == "reported"
            and row.event in by_id
            and row.district in districts
            and row.district not in by_id[row.event].districts
        ):
            out.append(
                Problem(
                    ctl,
                    line,
                    f"{WARNING}reported change of {row.district!r} points "
                    f"at event {row.event!r}, which does not list that district",
                    "add the district to the event, or mark the row inferred",
                )
            )
        if not start <= day <= end:
            out.append(
                Problem(
                    ctl,
                    line,
                    f"date {day} is outside the battle {start}..{end}",
                    "fix the date or the window in scenario.yaml",
                )
            )
        key = (day, row.district)
        if key in seen:
            out.append(
                Problem(
                    ctl,
                    line,
                    f"second row for {row.district!r} on {day} (first at line {seen[key]})",
                    "keep one state per district per day",
                )
            )
        seen.setdefault(key, line)
    baseline = {d for (day, d) in seen if day == start}
    for district in sorted(set(district_ids) - baseline):
        out.append(
            Problem(
                ctl,
                "1",
                f"district {district!r} has no baseline row on {start}",
                "every district needs a row on the first day",
            )
        )
    return out


class _Union:
    """Membership in either of two collections (ids that exist but failed their schema)."""

    def __init__(self, first: Container[str], second: Container[str]):
        self.first, self.second = first, second

    def __contains__(self, item: object) -> bool:
        return item in self.first or item in self.second

    def __iter__(self):
        return iter(self.first)


class _Anything:
    """Stands for the ids of a file that could not be read: every id counts as known."""

    def __contains__(self, item: object) -> bool:
        return True


def _raw_ids(path: Path) -> Container[str]:
    """Ids of every item of a YAML list, even those failing the schema; if the file cannot
    be read at all, anything (its own problem is reported; no cascade of unknown ids)."""
    items, problems = read_yaml_list(path)
    if not items and problems:
        return _Anything()
    return {i.data["id"] for i in items if isinstance(i.data.get("id"), str)}


def _near(ident: str, known: Iterable[str], kind: str) -> str:
    import difflib

    close = difflib.get_close_matches(ident, list(known), n=3)
    if close:
        return "did you mean " + " or ".join(close) + "?"
    return f"use a {kind} id defined in the scenario"


def _address_problems(
    sources: Mapping[str, Source], events: Sequence[Event], src: str, evf: str
) -> list[Problem]:
    """Addresses a reader cannot open (relative, javascript:, data:, no host) and citations of
    a section the source does not declare (its link could not open the cited place)."""
    out: list[Problem] = []
    for source in sources.values():
        why = None if source.url is None else url_problem(source.url)
        if why is not None:
            out.append(
                Problem(
                    src,
                    str(source.line),
                    f"source {source.id!r}: url {source.url!r} {why}",
                    "give the absolute http(s) address a reader can open, or url: null for a "
                    "document with no public address (shown as offline)",
                )
            )
    for event in events:
        for ref in event.sources:
            source = sources.get(ref.id)
            if source is None or not source.sections or ref.section is None:
                continue
            if ref.section != LEAD_SECTION and ref.section not in source.sections:
                out.append(
                    Problem(
                        evf,
                        str(event.line),
                        f"event {event.id!r} cites unknown section {ref.section!r} of {ref.id!r}",
                        f"use a heading listed under sections of {ref.id!r} in sources.yaml",
                    )
                )
    return out


def validate_timeline(directory: str | Path | None = None) -> list[Problem]:
    """Every problem of the timeline files of ``directory`` (a scenario folder; ``None``: the
    bundled scenario), sorted by file and line. An empty list means the timeline is sound.

    ``scenario.yaml`` comes first: without its factions ``control.csv`` cannot be read, so a
    broken one is reported alone with the other files' own problems."""
    files = {
        "sources.yaml": sources_path(directory),
        "events.yaml": events_path(directory),
        "control.csv": control_path(directory),
    }
    info, p_info = read_scenario_info(scenario_info_path(directory))
    sources, p_src = read_sources(files["sources.yaml"])
    events, p_evt = read_events(files["events.yaml"])
    problems = [_problem(e) for e in (*p_info, *p_src, *p_evt)]
    district_ids, p_dis = _ids_of(districts_path(directory))
    landmark_ids: set[str] = set()
    p_lan: list[Problem] = []
    if landmarks_path(directory).exists():
        landmark_ids, p_lan = _ids_of(landmarks_path(directory))
        problems += p_lan
    problems += p_dis
    if info is None:
        return _sorted(problems)
    control, p_ctl = read_control(files["control.csv"], info.faction_ids)
    problems += [_problem(e) for e in p_ctl]
    start, end = info.start, info.end
    if control.empty and not p_ctl:
        problems.append(
            Problem(
                str(files["control.csv"]), "1", "no control rows", "add a baseline row per district"
            )
        )
    elif not p_dis and not control.empty:
        also_known = {
            "source": _raw_ids(files["sources.yaml"]) if p_src else set(),
            "event": _raw_ids(files["events.yaml"]) if p_evt else set(),
            # An unreadable landmarks file is reported once, not as every event naming one.
            "landmark": _Anything() if p_lan else set(),
        }
        problems += check_references(
            sources,
            events,
            control,
            district_ids,
            landmark_ids,
            start,
            end,
            files=files,
            also_known=also_known,
        )
    problems += [Problem(*p) for p in place_problems(directory)]  # timeline/places.py
    return _sorted(problems)


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(
        problems, key=lambda p: (p.file, int(p.where) if (p.where or "").isdigit() else 0)
    )
