"""Read a scenario's timeline files, checking each against its schema.

``load_sources``, ``load_events``, ``load_control`` and ``load_scenario_info`` raise a
:class:`~geodata.errors.DataError` at the first problem, naming ``file:line``: the YAML line
of the offending item (taken from the YAML node marks) or the CSV line (the header is line 1).
``read_*`` return the records together with *every* problem found, for ``validate``.
Cross-file checks (unknown district, event, source) live in :mod:`timeline.validate`.
"""

from __future__ import annotations

import csv
import math
import re
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from geodata.errors import DataError

from ._yaml import Item, as_date, read_yaml_list, read_yaml_mapping
from .model import (
    CONFIDENCES,
    EVENT_KINDS,
    FACTIONS,
    QUALIFIERS,
    SOURCE_KINDS,
    Claim,
    Event,
    ScenarioInfo,
    Source,
    SourceRef,
)

CONTROL_HEADER = ["date", "district", "government", "rebel", "sdf", "event", "confidence", "note"]
CONTROL_COLUMNS = [*CONTROL_HEADER, "line"]
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SHARE_TOLERANCE = 1e-6

__all__ = [
    "CONTROL_COLUMNS",
    "load_control",
    "load_events",
    "load_scenario_info",
    "load_sources",
    "read_control",
    "read_events",
    "read_sources",
]


def _raise_first(problems: list[DataError]) -> None:
    if problems:
        raise problems[0]


# -- sources.yaml ------------------------------------------------------------------------------

_SOURCE_KEYS = {"id", "kind", "outlet", "title", "url", "language", "date"}
_SOURCE_OPTIONAL = {"sections", "seed", "cited_by"}
# ``url`` must be present but may be null: some seed documents carry no address.


def read_sources(path: str | Path) -> tuple[dict[str, Source], list[DataError]]:
    """Parse ``sources.yaml``: the sources by id, and every schema problem found."""
    items, problems = read_yaml_list(path)
    sources: dict[str, Source] = {}
    for item in items:
        if not item.check_keys(_SOURCE_KEYS, _SOURCE_OPTIONAL, problems):
            continue
        sid = item.slug("id", problems)
        kind = item.choice("kind", SOURCE_KINDS, problems)
        day = item.day("date", problems)
        language = item.text("language", problems)
        if language is not None and not re.fullmatch(r"[a-z]{2}", language):
            item.problem(
                "language",
                f"language {language!r} is not an ISO 639-1 code",
                problems,
                hint="use two lower-case letters, e.g. en, hr, fr",
            )
        texts = [item.text(k, problems) for k in ("outlet", "title")]
        url = item.text("url", problems, required=False)
        sections = item.str_list("sections", problems, required=False)
        cited_by = item.str_list("cited_by", problems, required=False)
        seed = item.text("seed", problems, required=False)
        if None in (sid, kind, day, language, *texts) or sections is None or cited_by is None:
            continue
        if sid in sources:
            item.problem(
                "id",
                f"duplicate source id {sid!r}",
                problems,
                hint=f"first defined at line {sources[sid].line}; ids must be unique",
            )
            continue
        outlet, title = texts
        sources[sid] = Source(
            sid,
            kind,
            outlet,
            title,
            url,
            language,
            day,
            tuple(sections),
            seed,
            tuple(cited_by),
            line=item.line,
        )
    return sources, problems


def load_sources(path: str | Path) -> dict[str, Source]:
    """The sources of ``sources.yaml`` by id; :class:`DataError` at the first problem."""
    sources, problems = read_sources(path)
    _raise_first(problems)
    return sources


# -- events.yaml -------------------------------------------------------------------------------

_EVENT_KEYS = {
    "id",
    "date",
    "title",
    "summary",
    "kind",
    "districts",
    "landmarks",
    "sources",
    "claims",
}
_EVENT_OPTIONAL = {"corroborates"}
_CLAIM_KEYS = {"what", "value", "claimant", "source"}
_CLAIM_OPTIONAL = {"qualifier", "note"}


def _claim(item: Item, index: int, raw: Any, problems: list[DataError]) -> Claim | None:
    where = item.where("claims", index)
    if not isinstance(raw, dict) or not raw.keys() >= _CLAIM_KEYS:
        problems.append(
            DataError(
                f"claim {index + 1} of event {item.get('id')!r} is not a "
                "mapping with what, value, claimant and source",
                where=where,
                hint="see the claims schema in the contract",
            )
        )
        return None
    extra = raw.keys() - _CLAIM_KEYS - _CLAIM_OPTIONAL
    value = raw["value"]
    ok = True
    if extra:
        problems.append(
            DataError(
                f"claim has unknown keys {sorted(extra)}",
                where=where,
                hint="allowed: what, value, qualifier, claimant, source, note; inside {...} quote "
                "text that holds a comma",
            )
        )
        ok = False
    if isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value):
        if value[0] > value[1]:
            problems.append(
                DataError(
                    f"claim range {value} runs backwards", where=where, hint="write [low, high]"
                )
            )
            ok = False
        value = (value[0], value[1])
    elif not _is_number(value):
        problems.append(
            DataError(
                f"claim value {value!r} is neither a number nor [low, high]",
                where=where,
                hint="write 250 or [200, 300]",
            )
        )
        ok = False
    qualifier = raw.get("qualifier")
    if qualifier is not None and qualifier not in QUALIFIERS:
        problems.append(
            DataError(
                f"unknown claim qualifier {qualifier!r}",
                where=where,
                hint=f"use one of {sorted(QUALIFIERS)}",
            )
        )
        ok = False
    texts = [raw[k] for k in ("what", "claimant", "source")]
    if not all(isinstance(t, str) and t.strip() for t in texts):
        problems.append(
            DataError("claim what, claimant and source must be non-empty text", where=where)
        )
        ok = False
    if not ok:
        return None
    return Claim(raw["what"], value, raw["claimant"], raw["source"], qualifier, raw.get("note"))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _source_refs(item: Item, problems: list[DataError]) -> tuple[SourceRef, ...] | None:
    raw = item.get("sources")
    if not isinstance(raw, list) or not raw:
        item.problem(
            "sources",
            "an event needs a non-empty list of sources",
            problems,
            hint="each entry is {id: SOURCE_ID, section: HEADING}",
        )
        return None
    refs = []
    for index, entry in enumerate(raw):
        if (
            isinstance(entry, dict)
            and isinstance(entry.get("id"), str)
            and (entry.keys() <= {"id", "section"})
        ):
            section = entry.get("section")
            refs.append(SourceRef(entry["id"], None if section is None else str(section)))
        else:
            problems.append(
                DataError(
                    f"source entry {entry!r} is not {{id, section}}",
                    where=item.where("sources", index),
                    hint="each entry is {id: SOURCE_ID, section: HEADING}; quote a heading that "
                    "holds a comma",
                )
            )
            return None
    return tuple(refs)


def read_events(path: str | Path) -> tuple[tuple[Event, ...], list[DataError]]:
    """Parse ``events.yaml``: events sorted by (date, id), and every schema problem found."""
    items, problems = read_yaml_list(path)
    events: dict[str, Event] = {}
    for item in items:
        if not item.check_keys(_EVENT_KEYS, _EVENT_OPTIONAL, problems):
            continue
        eid = item.slug("id", problems)
        day = item.day("date", problems)
        title = item.text("title", problems)
        summary = item.text("summary", problems)
        kind = item.choice("kind", EVENT_KINDS, problems)
        districts = item.str_list("districts", problems)
        landmarks = item.str_list("landmarks", problems)
        corroborates = item.str_list("corroborates", problems, required=False)
        refs = _source_refs(item, problems)
        raw_claims = item.get("claims")
        claims: list[Claim | None] = []
        if not isinstance(raw_claims, list):
            item.problem("claims", "claims must be a list (it may be empty: [])", problems)
            claims = [None]
        else:
            claims = [_claim(item, i, c, problems) for i, c in enumerate(raw_claims)]
        fields = (eid, day, title, summary, kind, districts, landmarks, corroborates, refs)
        if any(f is None for f in fields) or None in claims:
            continue
        if eid in events:
            item.problem(
                "id",
                f"duplicate event id {eid!r}",
                problems,
                hint=f"first defined at line {events[eid].line}; ids must be unique",
            )
            continue
        events[eid] = Event(
            eid,
            day,
            title,
            summary,
            kind,
            tuple(districts),
            tuple(landmarks),
            refs,
            tuple(claims),
            tuple(corroborates),
            line=item.line,
        )
    ordered = tuple(sorted(events.values(), key=lambda e: (e.date, e.id)))
    return ordered, problems


def load_events(path: str | Path) -> tuple[Event, ...]:
    """The events of ``events.yaml`` sorted by (date, id); :class:`DataError` at the first
    problem."""
    events, problems = read_events(path)
    _raise_first(problems)
    return events


# -- control.csv -------------------------------------------------------------------------------


def _share(text: str, column: str, where: str, problems: list[DataError]) -> float | None:
    try:
        value = float(text)
    except ValueError:
        problems.append(
            DataError(
                f"{column} share {text!r} is not a number",
                where=where,
                hint="write a share between 0 and 1, e.g. 0.75",
            )
        )
        return None
    if not 0.0 <= value <= 1.0:
        problems.append(DataError(f"{column} share {value} is outside [0, 1]", where=where))
        return None
    if "." in text and len(text.split(".", 1)[1]) > 3:
        problems.append(
            DataError(
                f"{column} share {text} has more than 3 decimals",
                where=where,
                hint="round to 3 decimals",
            )
        )
        return None
    return value


def _control_row(row: list[str], where: str, problems: list[DataError]) -> dict | None:
    if len(row) != len(CONTROL_HEADER):
        problems.append(
            DataError(
                f"row has {len(row)} fields, expected {len(CONTROL_HEADER)}",
                where=where,
                hint="quote a note that contains commas",
            )
        )
        return None
    rec = dict(zip(CONTROL_HEADER, (c.strip() for c in row), strict=True))
    found = len(problems)
    day = as_date(rec["date"])
    if day is None:
        problems.append(
            DataError(f"date {rec['date']!r} is not a valid YYYY-MM-DD day", where=where)
        )
    if not _SLUG.fullmatch(rec["district"]):
        problems.append(
            DataError(
                f"district {rec['district']!r} is not a district id",
                where=where,
                hint="use the slug id from districts.geojson",
            )
        )
    shares = [_share(rec[f], f, where, problems) for f in FACTIONS]
    if None not in shares and abs(sum(shares) - 1.0) > _SHARE_TOLERANCE:
        problems.append(
            DataError(
                f"shares of {rec['district']} sum to {sum(shares):g}, not 1",
                where=where,
                hint="government + rebel + sdf must be 1",
            )
        )
    if not rec["event"]:
        problems.append(
            DataError(
                "row names no event", where=where, hint="every change points at an events.yaml id"
            )
        )
    if rec["confidence"] not in CONFIDENCES:
        problems.append(
            DataError(f"confidence {rec['confidence']!r} is not reported/inferred", where=where)
        )
    elif rec["confidence"] == "inferred" and not rec["note"]:
        problems.append(
            DataError(
                f"inferred row for {rec['district']} has no note",
                where=where,
                hint="explain the reasoning in the note column",
            )
        )
    if len(problems) > found:
        return None
    rec["date"] = day
    rec.update(zip(FACTIONS, shares, strict=True))
    rec["note"] = rec["note"] or None
    return rec


def read_control(path: str | Path) -> tuple[pd.DataFrame, list[DataError]]:
    """Parse ``control.csv`` into a frame of changes (columns :data:`CONTROL_COLUMNS`, ``date``
    as ``datetime64[ns]``, ``line`` the CSV line) and every schema problem found."""
    path = Path(path)
    problems: list[DataError] = []
    records: list[dict] = []
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        problems.append(
            DataError(
                f"cannot read control table: {exc.strerror}",
                where=str(path),
                hint="a scenario folder needs control.csv",
            )
        )
        return _control_frame(records), problems
    with handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != CONTROL_HEADER:
            problems.append(
                DataError(
                    f"header is {header}, expected {','.join(CONTROL_HEADER)}", where=f"{path}:1"
                )
            )
            return _control_frame(records), problems
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            rec = _control_row(row, f"{path}:{reader.line_num}", problems)
            if rec is not None:
                rec["line"] = reader.line_num
                records.append(rec)
    return _control_frame(records), problems


def _control_frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=CONTROL_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    for faction in FACTIONS:
        frame[faction] = frame[faction].astype(float)
    frame["line"] = frame["line"].astype(int)
    return frame


def load_control(path: str | Path) -> pd.DataFrame:
    """The changes of ``control.csv`` (see :func:`read_control`); :class:`DataError` at the
    first problem."""
    frame, problems = read_control(path)
    _raise_first(problems)
    return frame


# -- scenario.yaml -----------------------------------------------------------------------------


def load_scenario_info(path: str | Path, *, name: str, start: date, end: date) -> ScenarioInfo:
    """Read the optional ``scenario.yaml`` (name, title, start, end, enclave_faction, attacker).

    Missing file or keys fall back to ``name`` (the folder name), the title-cased name and the
    given ``start``/``end`` (the baseline date and the last event date).
    """
    path = Path(path)
    if not path.exists():
        return ScenarioInfo(name, name.replace("_", " ").title(), start, end)
    item = read_yaml_mapping(path)
    problems: list[DataError] = []
    allowed = {"name", "title", "start", "end", "enclave_faction", "attacker"}
    item.check_keys(set(), allowed, problems)
    info = ScenarioInfo(
        name=item.text("name", problems, required=False) or name,
        title=item.text("title", problems, required=False) or name.replace("_", " ").title(),
        start=item.day("start", problems, required=False) or start,
        end=item.day("end", problems, required=False) or end,
        enclave_faction=item.choice("enclave_faction", set(FACTIONS), problems, required=False)
        or "rebel",
        attacker=item.choice("attacker", set(FACTIONS), problems, required=False) or "government",
    )
    if info.end < info.start:
        item.problem("end", f"end {info.end} is before start {info.start}", problems)
    _raise_first(problems)
    return info
