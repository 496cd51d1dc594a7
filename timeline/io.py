"""Read a scenario's timeline files, checking each against its schema.

``scenario.yaml`` declares the factions; ``control.csv`` has one share column per faction, in
that order. ``load_sources``, ``load_events``, ``load_control`` and ``load_scenario_info`` raise a
:class:`~geodata.errors.DataError` at the first problem, naming ``file:line``: the YAML line
of the offending item (taken from the YAML node marks) or the CSV line (the header is line 1).
``read_*`` return the records together with *every* problem found, for ``validate``.
Cross-file checks (unknown district, event, source) live in :mod:`timeline.validate`.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from geodata.errors import DataError
from geodata.safe_io import brief, read_text

from ._yaml import Item, as_date, read_yaml_list, read_yaml_mapping
from .model import (
    CONFIDENCES,
    KIND_MAX_LENGTH,
    MAX_FACTIONS,
    MIN_FACTIONS,
    QUALIFIERS,
    Claim,
    Event,
    Faction,
    ScenarioInfo,
    Source,
    SourceRef,
)

CONTROL_LEAD = ("date", "district")
CONTROL_TAIL = ("event", "confidence", "note")
"""``control.csv``'s columns before and after the share columns (one per faction)."""
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_SHARE_TOLERANCE = 1e-6

__all__ = [
    "CONTROL_LEAD",
    "CONTROL_TAIL",
    "control_columns",
    "control_header",
    "load_control",
    "load_events",
    "load_scenario_info",
    "load_sources",
    "read_control",
    "read_events",
    "read_scenario_info",
    "read_sources",
]


def control_header(factions: Sequence[str]) -> list[str]:
    """The header ``control.csv`` must have for ``factions`` (ids in scenario order)."""
    return [*CONTROL_LEAD, *factions, *CONTROL_TAIL]


def control_columns(factions: Sequence[str]) -> list[str]:
    """The columns of the frame :func:`read_control` returns: the header and ``line``."""
    return [*control_header(factions), "line"]


def _kind(item: Item, problems: list[DataError]) -> str | None:
    """A source or event ``kind``: any short word (a slug)."""
    value = item.text("kind", problems, hint="write one short word, e.g. kind: context")
    if value is not None and (not _SLUG.fullmatch(value) or len(value) > KIND_MAX_LENGTH):
        item.problem(
            "kind",
            f"kind {brief(value)} is not a short word",
            problems,
            hint=f"use a slug of at most {KIND_MAX_LENGTH} characters, e.g. news-item",
        )
        return None
    return value


def _raise_first(problems: list[DataError]) -> None:
    if problems:
        raise problems[0]


# -- sources.yaml ------------------------------------------------------------------------------

_SOURCE_KEYS = {"id", "kind", "outlet", "title", "url", "language", "date"}
_SOURCE_OPTIONAL = {"sections", "anchors", "seed", "cited_by"}
# ``url`` must be present but may be null: some seed documents carry no address.


def read_sources(path: str | Path) -> tuple[dict[str, Source], list[DataError]]:
    """Parse ``sources.yaml``: the sources by id, and every schema problem found."""
    items, problems = read_yaml_list(path)
    sources: dict[str, Source] = {}
    for item in items:
        if not item.check_keys(_SOURCE_KEYS, _SOURCE_OPTIONAL, problems):
            continue
        sid = item.slug("id", problems)
        kind = _kind(item, problems)
        day = item.day("date", problems)
        language = item.text("language", problems)
        if language is not None and not re.fullmatch(r"[a-z]{2}", language):
            item.problem(
                "language",
                f"language {brief(language)} is not an ISO 639-1 code",
                problems,
                hint="use two lower-case letters, e.g. en, hr, fr",
            )
        texts = [item.text(k, problems) for k in ("outlet", "title")]
        url = item.text("url", problems, required=False)
        sections = item.str_list("sections", problems, required=False)
        cited_by = item.str_list("cited_by", problems, required=False)
        seed = item.text("seed", problems, required=False)
        anchors = _anchors(item, sections or [], problems)
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
            anchors,
            line=item.line,
        )
    return sources, problems


def _anchors(item, sections: list[str], problems: list[DataError]) -> tuple[tuple[str, str], ...]:
    """The optional ``anchors``: section -> the heading anchor it opens, for a section named in
    shorter words than its heading (so citations need not repeat the heading's wording)."""
    raw = item.get("anchors")
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in raw.items()
    ):
        item.problem(
            "anchors",
            "anchors must map section names to anchors (text)",
            problems,
            hint='e.g. anchors: {"Short name": "Full_heading_anchor"}',
        )
        return ()
    unknown = sorted(set(raw) - set(sections))
    if unknown:
        item.problem(
            "anchors",
            f"anchors name sections the source does not declare: {', '.join(unknown)}",
            problems,
            hint="list each of them under sections",
        )
        return ()
    return tuple((k, v.strip()) for k, v in raw.items())


def load_sources(path: str | Path) -> dict[str, Source]:
    """The sources of ``sources.yaml`` by id; :class:`DataError` at the first problem."""
    sources, problems = read_sources(path)
    _raise_first(problems)
    return sources


# -- events.yaml -------------------------------------------------------------------------------

_EVENT_KEYS = {"id", "date", "title", "summary", "kind", "districts", "sources"}
_EVENT_OPTIONAL = {"landmarks", "claims", "corroborates"}
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
                f"claim has unknown keys {sorted(extra, key=str)}",
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
                f"claim value {brief(value)} is neither a number nor [low, high]",
                where=where,
                hint="write 250 or [200, 300]",
            )
        )
        ok = False
    qualifier = raw.get("qualifier")
    if qualifier is not None and (not isinstance(qualifier, str) or qualifier not in QUALIFIERS):
        problems.append(
            DataError(
                f"unknown claim qualifier {brief(qualifier)}",
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
            and (entry.keys() <= {"id", "section", "passage"})
        ):
            section, passage = entry.get("section"), entry.get("passage")
            refs.append(
                SourceRef(
                    entry["id"],
                    None if section is None else str(section),
                    None if passage is None else str(passage),
                )
            )
        else:
            problems.append(
                DataError(
                    f"source entry {brief(entry)} is not {{id, section, passage}}",
                    where=item.where("sources", index),
                    hint="each entry is {id: SOURCE_ID, section: HEADING, passage: LOCATOR} "
                    "(section and passage optional); quote a heading that holds a comma",
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
        kind = _kind(item, problems)
        districts = item.str_list("districts", problems)
        landmarks = item.str_list("landmarks", problems, required=False)
        corroborates = item.str_list("corroborates", problems, required=False)
        refs = _source_refs(item, problems)
        raw_claims = item.data.get("claims", [])
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
                f"{column} share {brief(text)} is not a number",
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


def _control_row(
    row: list[str],
    header: list[str],
    factions: Sequence[str],
    where: str,
    problems: list[DataError],
) -> dict | None:
    if len(row) != len(header):
        problems.append(
            DataError(
                f"row has {len(row)} fields, expected {len(header)}",
                where=where,
                hint="quote a note that contains commas",
            )
        )
        return None
    rec = dict(zip(header, (c.strip() for c in row), strict=True))
    found = len(problems)
    day = as_date(rec["date"])
    if day is None:
        problems.append(
            DataError(f"date {brief(rec['date'])} is not a valid YYYY-MM-DD day", where=where)
        )
    if not _SLUG.fullmatch(rec["district"]):
        problems.append(
            DataError(
                f"district {brief(rec['district'])} is not a district id",
                where=where,
                hint="use the slug id from districts.geojson",
            )
        )
    shares = [_share(rec[f], f, where, problems) for f in factions]
    if None not in shares and abs(sum(shares) - 1.0) > _SHARE_TOLERANCE:
        problems.append(
            DataError(
                f"shares of {rec['district']} sum to {sum(shares):g}, not 1",
                where=where,
                hint=f"{' + '.join(factions)} must be 1",
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
            DataError(
                f"confidence {brief(rec['confidence'])} is not reported/inferred", where=where
            )
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
    rec.update(zip(factions, shares, strict=True))
    rec["note"] = rec["note"] or None
    return rec


def _header_problem(header: list[str] | None, factions: Sequence[str], path: Path) -> DataError:
    """What is wrong with a ``control.csv`` header that is not :func:`control_header`."""
    expected = control_header(factions)
    where = f"{path}:1"
    if header is None:
        return DataError("the file is empty", where=where, hint=f"start with {','.join(expected)}")
    fixed = {*CONTROL_LEAD, *CONTROL_TAIL}
    for column in header:
        if column and column not in fixed and column not in factions:
            return DataError(
                f"column {column!r} is not a faction of scenario.yaml "
                f"(declared: {', '.join(factions)})",
                where=where,
                hint=f"declare {column!r} under factions in scenario.yaml, or drop the column",
            )
    for faction in factions:
        if faction not in header:
            return DataError(
                f"no share column for faction {faction!r}",
                where=where,
                hint=f"add a {faction!r} column: the header must be {','.join(expected)}",
            )
    return DataError(
        f"header is {','.join(header)}, expected {','.join(expected)}",
        where=where,
        hint="put the share columns between district and event, in the order of scenario.yaml",
    )


def read_control(path: str | Path, factions: Sequence[str]) -> tuple[pd.DataFrame, list[DataError]]:
    """Parse ``control.csv`` into a frame of changes (columns :func:`control_columns`,
    ``date`` as ``datetime64[ns]``, ``line`` the CSV line) and every schema problem found.

    ``factions`` are the scenario's faction ids in order: the share columns of the header.
    """
    path = Path(path)
    factions = list(factions)
    problems: list[DataError] = []
    records: list[dict] = []
    try:
        text = read_text(path)
    except DataError as exc:
        if exc.message == "file not found":
            exc = DataError(
                "cannot read control table: file not found",
                where=str(path),
                hint="a scenario folder needs control.csv",
            )
        problems.append(exc)
        return _control_frame(records, factions), problems
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        stripped = None if header is None else [h.strip() for h in header]
        if stripped != control_header(factions):
            problems.append(_header_problem(stripped, factions, path))
            return _control_frame(records, factions), problems
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            rec = _control_row(row, stripped, factions, f"{path}:{reader.line_num}", problems)
            if rec is not None:
                rec["line"] = reader.line_num
                records.append(rec)
    except csv.Error as exc:
        problems.append(
            DataError(
                f"not a readable CSV row: {exc}",
                where=f"{path}:{reader.line_num}",
                hint="check the quotes of that row (a cell holding a comma is quoted once)",
            )
        )
    return _control_frame(records, factions), problems


def _control_frame(records: list[dict], factions: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=control_columns(factions))
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    for faction in factions:
        frame[faction] = frame[faction].astype(float)
    frame["line"] = frame["line"].astype(int)
    return frame


def load_control(path: str | Path, factions: Sequence[str]) -> pd.DataFrame:
    """The changes of ``control.csv`` (see :func:`read_control`); :class:`DataError` at the
    first problem."""
    frame, problems = read_control(path, factions)
    _raise_first(problems)
    return frame


# -- scenario.yaml -----------------------------------------------------------------------------

_SCENARIO_KEYS = {"title", "start", "end", "factions"}
_SCENARIO_OPTIONAL = {
    "name",
    "credits",
    "groups",
    "attacker",
    "enclave_faction",
    "outside_enclave",
    "language",
    "default_date",
}
_FACTION_KEYS = {"id", "label", "colour"}
_FACTION_OPTIONAL = {"colourblind", "names"}
_SCENARIO_HINT = (
    "scenario.yaml needs title, start and end (YYYY-MM-DD) and factions: 2 to 6 entries "
    "of id (a slug), label and colour (#rrggbb)"
)


def _hex(value: Any) -> str | None:
    """``value`` as a ``#rrggbb`` colour (``#rgb`` widened, lower-case), or ``None``."""
    if not isinstance(value, str) or not _HEX.fullmatch(value.strip()):
        return None
    text = value.strip().lower()
    if len(text) == 4:
        text = "#" + "".join(c * 2 for c in text[1:])
    return text


def _faction(item: Item, index: int, raw: Any, problems: list[DataError]) -> Faction | None:
    where = item.where("factions", index)
    if not isinstance(raw, dict):
        problems.append(
            DataError(
                f"factions entry {index + 1} is not a mapping",
                where=where,
                hint="write {id: SLUG, label: TEXT, colour: '#rrggbb'}",
            )
        )
        return None
    label = f"factions entry {index + 1}" + (
        f" ({raw['id']!r})" if isinstance(raw.get("id"), str) else ""
    )
    missing = sorted(_FACTION_KEYS - raw.keys())
    unknown = sorted(raw.keys() - _FACTION_KEYS - _FACTION_OPTIONAL, key=str)
    if missing or unknown:
        what = f"lacks {', '.join(missing)}" if missing else f"has unknown keys {unknown}"
        problems.append(
            DataError(
                f"{label} {what}",
                where=where,
                hint="a faction has id, label, colour and optionally colourblind and names",
            )
        )
        return None
    ok = True
    ident = raw["id"]
    if not isinstance(ident, str) or not _SLUG.fullmatch(ident):
        problems.append(
            DataError(
                f"{label}: id {brief(ident)} is not a slug",
                where=where,
                hint="lower-case letters, digits and single hyphens, e.g. government",
            )
        )
        ok = False
    if not isinstance(raw["label"], str) or not raw["label"].strip():
        problems.append(DataError(f"{label}: label must be non-empty text", where=where))
        ok = False
    colours = {}
    for key in ("colour", "colourblind"):
        if key == "colourblind" and raw.get(key) is None:
            colours[key] = None
            continue
        colours[key] = _hex(raw[key])
        if colours[key] is None:
            problems.append(
                DataError(
                    f"{label}: {key} {brief(raw[key])} is not a hex colour",
                    where=where,
                    hint="write '#rrggbb' or '#rgb' (quoted: # starts a YAML comment)",
                )
            )
            ok = False
    names = raw.get("names") or []
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        problems.append(
            DataError(
                f"{label}: names must be a list of words or phrases",
                where=where,
                hint="e.g. names: [army, regime, government forces]",
            )
        )
        ok = False
    if not ok:
        return None
    return Faction(
        ident,
        raw["label"].strip(),
        colours["colour"],
        colours["colourblind"],
        tuple(n.strip().lower() for n in names),
    )


def _factions(item: Item, problems: list[DataError]) -> tuple[Faction, ...] | None:
    raw = item.get("factions")
    if not isinstance(raw, list):
        item.problem("factions", "factions must be a list", problems, hint=_SCENARIO_HINT)
        return None
    if not MIN_FACTIONS <= len(raw) <= MAX_FACTIONS:
        item.problem(
            "factions",
            f"{len(raw)} factions declared; a scenario has {MIN_FACTIONS} to {MAX_FACTIONS}",
            problems,
            hint="add the missing sides" if len(raw) < MIN_FACTIONS else "merge minor sides",
        )
        return None
    found = [_faction(item, i, entry, problems) for i, entry in enumerate(raw)]
    if None in found:
        return None
    seen: set[str] = set()
    for i, faction in enumerate(found):
        if faction.id in seen:
            item.problem(
                "factions",
                f"faction id {faction.id!r} is declared twice",
                problems,
                hint="give every faction its own id",
                index=i,
            )
            return None
        seen.add(faction.id)
    return tuple(found)


def _groups(item: Item, problems: list[DataError]) -> dict[str, tuple[str, ...]]:
    raw = item.get("groups")
    if raw is None:
        return {}
    good = isinstance(raw, dict) and all(
        isinstance(k, str)
        and _SLUG.fullmatch(k)
        and isinstance(v, list)
        and all(isinstance(n, str) and n.strip() for n in v)
        for k, v in raw.items()
    )
    if not good:
        item.problem(
            "groups",
            "groups must map group ids (slugs) to lists of names",
            problems,
            hint="e.g. groups: {old-city: [Old City, Old Town]}",
        )
        return {}
    return {k: tuple(n.strip() for n in v) for k, v in raw.items()}


def _outside_enclave(item: Item, problems: list[DataError]) -> tuple[str, ...]:
    raw = item.get("outside_enclave")
    if raw is None:
        return ()
    if not (isinstance(raw, list) and all(isinstance(d, str) and _SLUG.fullmatch(d) for d in raw)):
        item.problem(
            "outside_enclave",
            "outside_enclave must be a list of district ids",
            problems,
            hint="e.g. outside_enclave: [rashidin]",
        )
        return ()
    return tuple(raw)


def read_scenario_info(
    path: str | Path, *, name: str | None = None
) -> tuple[ScenarioInfo | None, list[DataError]]:
    """Parse ``scenario.yaml``: the record (``None`` when it cannot be built) and every
    problem found. ``name`` defaults to the folder's name."""
    path = Path(path)
    problems: list[DataError] = []
    if not path.is_file():
        problems.append(
            DataError(
                "scenario.yaml not found",
                where=str(path),
                hint=f"add it: {_SCENARIO_HINT}",
            )
        )
        return None, problems
    try:
        item = read_yaml_mapping(path)
    except DataError as exc:
        return None, [exc]
    item.check_keys(_SCENARIO_KEYS, _SCENARIO_OPTIONAL, problems)
    title = item.text("title", problems)
    own_name = item.text("name", problems, required=False)
    start = item.day("start", problems)
    end = item.day("end", problems)
    default_date = item.day("default_date", problems, required=False)
    factions = _factions(item, problems)
    credits = item.text("credits", problems, required=False)
    language = item.text("language", problems, required=False) or "en"
    if not re.fullmatch(r"[a-z]{2}", language):
        item.problem(
            "language",
            f"language {brief(language)} is not an ISO 639-1 code",
            problems,
            hint="use two lower-case letters, e.g. en, fr",
        )
    groups = _groups(item, problems)
    roles = {k: item.text(k, problems, required=False) for k in ("attacker", "enclave_faction")}
    if (roles["attacker"] is None) != (roles["enclave_faction"] is None):
        given, other = (
            ("attacker", "enclave_faction")
            if roles["attacker"] is not None
            else ("enclave_faction", "attacker")
        )
        item.problem(
            given,
            f"{given} is given without {other}",
            problems,
            hint="give both (the enclave statistic needs both) or neither",
        )
    if factions is not None:
        ids = [f.id for f in factions]
        for key, value in roles.items():
            if value is not None and value not in ids:
                item.problem(
                    key,
                    f"{key} {brief(value)} is not a declared faction",
                    problems,
                    hint=f"use one of {', '.join(ids)}, or declare it under factions",
                )
        if roles["attacker"] is not None and roles["attacker"] == roles["enclave_faction"]:
            item.problem(
                "attacker",
                "attacker and enclave_faction are the same faction",
                problems,
                hint="the attacker takes the enclave faction's ground: name two factions",
            )
    if start is not None and end is not None and end < start:
        item.problem("end", f"end {end} is before start {start}", problems)
    if default_date is not None and start and end and not start <= default_date <= end:
        item.problem(
            "default_date",
            f"default_date {default_date} is outside {start}..{end}",
            problems,
            hint="pick a day of the battle",
        )
    if problems or None in (title, start, end, factions):
        return None, problems
    info = ScenarioInfo(
        name=own_name or name or path.parent.name,
        title=title,
        start=start,
        end=end,
        factions=factions,
        credits=credits,
        groups=groups,
        attacker=roles["attacker"],
        enclave_faction=roles["enclave_faction"],
        outside_enclave=_outside_enclave(item, problems),
        language=language,
        default_date=default_date,
    )
    return info, problems


def load_scenario_info(path: str | Path, *, name: str | None = None) -> ScenarioInfo:
    """``scenario.yaml`` as a :class:`ScenarioInfo`; :class:`DataError` at the first problem
    (a missing file included: every scenario declares its factions)."""
    info, problems = read_scenario_info(path, name=name)
    _raise_first(problems)
    assert info is not None
    return info
