"""Where each place the sources name lands on the map: a district, a landmark, or nothing.

Places come from three records of the scenario:

* ``events.yaml``: every event's ``districts`` and ``landmarks`` (ids, cited by its sources);
* ``candidates.json`` (``frontline ingest``): the place ids found in each seed document;
* the seed documents themselves, when they are at hand (the ones ``candidates.json`` lists,
  matched by checksum): every known spelling (:meth:`geodata.Gazetteer.find_mentions`) and,
  in English text, every name the text *calls* a place (":name: district", "the A and B
  neighbourhoods", "the villages of A and B", see :func:`named_in_text`), which is how a
  name that resolves to nothing is found.

:func:`resolve_place` says where one name lands; :func:`place_coverage` builds one row per
place for ``frontline sources --coverage``; :func:`place_problems` turns the names that land
nowhere into warnings for ``frontline validate``. A scenario's optional ``places.yaml`` lists
names that land nowhere on purpose: ``whole_map`` (the city itself) and ``off_map`` (places
beyond the mapped area).

Reading files is the only side effect; nothing here imports Dash, Flask or plotly.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from geodata.gazetteer import Gazetteer, normalise
from geodata.paths import (
    candidates_path,
    events_path,
    scenario_info_path,
    timeline_dir,
)
from geodata.text import repair_mojibake

PLACES_FILE = "places.yaml"
SEEDS_ENV = "FRONTLINE_SEEDS"
# Where the seed documents live on the team's machines and in CI (beside the repository),
# unless FRONTLINE_SEEDS (or FRONTLINE_SHARED/seeds) says otherwise.
_DEFAULT_SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

# Where a name lands.
DISTRICT, LANDMARK, GROUP, WHOLE_MAP, OFF_MAP, NOWHERE = (
    "district",
    "landmark",
    "group",
    "whole map",
    "off map",
    "nothing",
)

# English words that call the name before them (or after "... of") a place.
_CUES = (
    r"(?i:districts?|neighbou?rhoods?|areas?|quarters?|hills?|factories|housing|roundabouts?|"
    r"bridges?|villages?|towns?|suburbs?|countryside|governorate|province)"
)
# Words after which a name is where someone goes, comes from or fights (English).
_PLACE_PREPOSITIONS = r"taken to|evacuat\w* from|offensive against|near|outskirts of"
_ART = r"(?:al|el|as|ash|ad|an|az|at|ar|aj|Al|El|As|Ash|Ad|An|Az|At|Ar)[-‑]"
_WORD = rf"(?:{_ART})?[A-Z][\w'’‘]*(?:[-‑][A-Za-z][\w'’‘]*)*"
_NAME = rf"{_WORD}(?:[ \t]+(?:{_WORD}|{_ART}[A-Z][\w'’‘]*))*"
_LIST = rf"{_NAME}(?:(?:,[ \t]*|,?[ \t]+and[ \t]+){_NAME})*"
_BEFORE_CUE = re.compile(rf"(?<![\w'’-])({_LIST})[ \t]+({_CUES})\b")
_AFTER_CUE = re.compile(rf"\b(?:{_CUES})[ \t]+of[ \t]+(?:the[ \t]+)?({_LIST})")
_AFTER_PREPOSITION = re.compile(rf"\b(?:{_PLACE_PREPOSITIONS})[ \t]+({_LIST})")
_SPLIT = re.compile(r",[ \t]*and[ \t]+|,[ \t]*|[ \t]+and[ \t]+")
# Capitalised words that describe a place rather than name it; dropped from the front.
_DESCRIBING = frozenset(
    {
        "syrian",
        "kurdish",
        "shi'ite",
        "shiite",
        "sunni",
        "besieged",
        "rebel",
        "government",
        "the",
        "a",
        "an",
        "in",
        "on",
        "of",
        "old",
        "new",
    }
)
_DESCRIBING_END = ("-controlled", "-held", "-run", "-majority")
_KEEP_OLD_NEW = ("old", "new")  # "Old Ramouseh", "New Aleppo": kept when the rest is unknown


@dataclass(frozen=True)
class Landing:
    """Where a name lands: ``kind`` (district, landmark, group, whole map, off map, nothing)
    and the ids it resolves to (empty unless a district, landmark or group)."""

    kind: str
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A place name read in a seed document: its spelling, the line and the source id."""

    name: str
    doc: str
    line: int
    source: str | None


@dataclass
class PlaceRow:
    """One place the sources name, for the coverage report."""

    name: str
    landing: Landing
    spellings: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    mentions: int = 0

    def to_dict(self) -> dict[str, Any]:
        name = self.name
        if name[:1].islower() and self.landing.kind == GROUP:
            name = next((s for s in sorted(self.spellings) if s[:1].isupper()), name)
        return {
            "name": name,
            "lands": self.landing.kind,
            "ids": list(self.landing.ids),
            "spellings": sorted(self.spellings - {self.name}),
            "sources": sorted(self.sources),
            "mentions": self.mentions,
        }


@dataclass(frozen=True)
class Exceptions:
    """``places.yaml``: names that land nowhere on purpose (normalised keys)."""

    whole_map: frozenset[str] = frozenset()
    off_map: frozenset[str] = frozenset()


def read_exceptions(directory: str | Path | None) -> tuple[Exceptions, list[tuple]]:
    """The scenario's ``places.yaml`` (absent: none) and its problems as
    ``(file, line, message, hint)`` tuples."""
    path = timeline_dir(directory) / PLACES_FILE
    if not path.is_file():
        return Exceptions(), []
    hint = "places.yaml holds whole_map: [names] and off_map: [names]"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        return Exceptions(), [(str(path), "", f"cannot be read: {exc}".splitlines()[0], hint)]
    problems: list[tuple] = []
    if not isinstance(data, dict) or set(data) - {"whole_map", "off_map"}:
        return Exceptions(), [(str(path), "", "unexpected content", hint)]
    lists: dict[str, frozenset[str]] = {}
    for key in ("whole_map", "off_map"):
        names = data.get(key) or []
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            problems.append((str(path), "", f"{key} must be a list of names", hint))
            names = []
        lists[key] = frozenset(normalise(n) for n in names)
    return Exceptions(**lists), problems


def resolve_place(name: str, gazetteer: Gazetteer, exceptions: Exceptions | None = None) -> Landing:
    """Where ``name`` lands: the gazetteer first, then ``places.yaml``'s lists."""
    ids = tuple(gazetteer.resolve(name))
    if ids:
        districts = [i for i in ids if i in gazetteer.district_ids]
        if len(districts) == len(ids):
            return Landing(DISTRICT if len(ids) == 1 else GROUP, ids)
        if not districts:
            return Landing(LANDMARK, ids)
        return Landing(DISTRICT, tuple(districts))
    key = normalise(name)
    exceptions = exceptions or Exceptions()
    if key in exceptions.whole_map:
        return Landing(WHOLE_MAP)
    if key in exceptions.off_map:
        return Landing(OFF_MAP)
    return Landing(NOWHERE)


def _clean(name: str, gazetteer: Gazetteer) -> str | None:
    """``name`` without the describing words in front (Syrian, Kurdish-controlled, ...)."""
    words = name.split()
    while words:
        first = words[0].casefold().replace("’", "'")
        if first in _KEEP_OLD_NEW and gazetteer.resolve(" ".join(words)):
            break
        if first in _DESCRIBING or first.endswith(_DESCRIBING_END):
            words = words[1:]
            continue
        break
    if len(words) > 1 and re.fullmatch(_CUES, words[-1]) and not gazetteer.resolve(" ".join(words)):
        words = words[:-1]  # "al-Muhsenli Village": the cue word written with a capital
    return " ".join(words) or None


def named_in_text(text: str, gazetteer: Gazetteer) -> list[tuple[int, str]]:
    """(offset, name) of every name English ``text`` calls a place (before or after a word
    such as district, neighbourhood, area, hill, village or province, or after "near",
    "taken to", "evacuated from"), in text order. A name that is only known together with
    its cue word ("Zouhor hill") is given with it."""
    found: dict[tuple[int, str], None] = {}
    for pattern in (_BEFORE_CUE, _AFTER_CUE, _AFTER_PREPOSITION):
        for match in pattern.finditer(text):
            start = match.start(1)
            cue = match.group(2) if pattern is _BEFORE_CUE else None
            parts = _SPLIT.split(match.group(1))
            for n, part in enumerate(parts):
                name = _clean(part.strip(), gazetteer)
                if not name:
                    continue
                last = n == len(parts) - 1
                known = gazetteer.resolve(name)
                if cue and last and not known and gazetteer.resolve(f"{name} {cue}"):
                    name = f"{name} {cue}"
                found[(start + match.group(1).find(part), name)] = None
    return sorted(found)


def _repair(text: str) -> str:
    """The text as the ingest reads it (mojibake undone, entities unescaped, ``\\n`` ends)."""
    text = repair_mojibake(text.replace("\r\n", "\n").replace("\r", "\n"))
    return html.unescape(text) if "&" in text else text


def _seed_folder(seeds: str | Path | None) -> Path:
    if seeds is not None:
        return Path(seeds)
    if os.environ.get(SEEDS_ENV):
        return Path(os.environ[SEEDS_ENV])
    if os.environ.get("FRONTLINE_SHARED"):
        return Path(os.environ["FRONTLINE_SHARED"]) / "seeds"
    return _DEFAULT_SEEDS


def _stored_documents(directory: str | Path | None) -> list[dict[str, Any]]:
    path = candidates_path(directory)
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [d for d in data.get("documents", []) if isinstance(d, dict) and "id" in d]
    except (OSError, ValueError, AttributeError):
        return []  # the ingest's cross-check reports a broken candidates.json


def _stored_candidates(directory: str | Path | None) -> list[dict[str, Any]]:
    try:
        data = json.loads(candidates_path(directory).read_text(encoding="utf-8"))
        return [c for c in data.get("candidates", []) if isinstance(c, dict)]
    except (OSError, ValueError, AttributeError):
        return []


def read_mentions(
    directory: str | Path | None, gazetteer: Gazetteer, seeds: str | Path | None = None
) -> tuple[list[Mention], list[str], list[str]]:
    """Every place name in the seed documents ``candidates.json`` lists: the mentions, the
    documents read and the documents missing or changed (not read)."""
    folder = _seed_folder(seeds)
    mentions: list[Mention] = []
    read: list[str] = []
    missing: list[str] = []
    for doc in _stored_documents(directory):
        path = folder / str(doc["id"])
        try:
            raw = path.read_bytes()
        except OSError:
            missing.append(str(doc["id"]))
            continue
        if doc.get("sha256") and hashlib.sha256(raw).hexdigest() != doc["sha256"]:
            missing.append(str(doc["id"]))
            continue
        read.append(str(path))
        text = _repair(raw.decode("utf-8", errors="replace"))
        source = doc.get("source")
        found = [(s, text[s:e]) for s, e, _ in gazetteer.find_mentions(text)]
        if doc.get("language", "en") == "en":
            found += named_in_text(text, gazetteer)
        for start, name in sorted(set(found)):
            mentions.append(Mention(name, str(path), text.count("\n", 0, start) + 1, source))
    return mentions, read, missing


def _event_places(directory: str | Path | None) -> list[tuple[str, Sequence[str]]]:
    """(place id, source ids) of every event's districts and landmarks."""
    try:
        events = yaml.safe_load(events_path(directory).read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError):
        return []
    out = []
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, dict):
            continue
        cited = [s.get("id") for s in event.get("sources") or [] if isinstance(s, dict)]
        for key in ("districts", "landmarks"):
            for place in event.get(key) or []:
                if isinstance(place, str):
                    out.append((place, [c for c in cited if isinstance(c, str)]))
    return out


def load_gazetteer(directory: str | Path | None) -> Gazetteer:
    """The scenario's gazetteer, with the names of its groups."""
    groups: Mapping[str, Sequence[str]] = {}
    try:
        info = yaml.safe_load(scenario_info_path(directory).read_text(encoding="utf-8"))
        groups = (info or {}).get("groups") or {}
    except (OSError, yaml.YAMLError, AttributeError):
        pass
    return Gazetteer.load(str(directory) if directory is not None else None, groups)


@dataclass(frozen=True)
class PlaceReport:
    """The coverage of places: rows, the documents read and those not found."""

    rows: list[dict[str, Any]]
    documents_read: list[str]
    documents_missing: list[str]
    mentions: list[Mention]
    landings: dict[str, Landing]


def place_coverage(
    directory: str | Path | None = None,
    seeds: str | Path | None = None,
    gazetteer: Gazetteer | None = None,
) -> PlaceReport:
    """One row per place the sources name (events, ingest candidates, the seed texts) with
    where it lands and which sources name it; districts and landmarks by id, other names
    by spelling."""
    gazetteer = gazetteer or load_gazetteer(directory)
    exceptions, _ = read_exceptions(directory)
    mentions, read, missing = read_mentions(directory, gazetteer, seeds)
    rows: dict[tuple, PlaceRow] = {}
    names = _display_names(directory)

    def row_for(name: str, landing: Landing) -> PlaceRow:
        key = landing.ids if landing.ids else (landing.kind, normalise(name))
        if key not in rows:
            label = names.get(landing.ids[0], name) if len(landing.ids) == 1 else name
            rows[key] = PlaceRow(label, landing)
        return rows[key]

    landings: dict[str, Landing] = {}
    for mention in mentions:
        if mention.name not in landings:
            landings[mention.name] = resolve_place(mention.name, gazetteer, exceptions)
        landing = landings[mention.name]
        row = row_for(mention.name, landing)
        row.spellings.add(mention.name)
        row.mentions += 1
        if mention.source:
            row.sources.add(mention.source)
    kinds = dict.fromkeys(gazetteer.district_ids, DISTRICT)
    kinds.update(dict.fromkeys(gazetteer.landmark_ids, LANDMARK))
    by_doc = {str(d["id"]): d.get("source") for d in _stored_documents(directory)}
    stored = [
        (pid, [c.get("source") or by_doc.get(str(c.get("doc")))])
        for c in _stored_candidates(directory)
        for group in c.get("places") or []
        for pid in (group if isinstance(group, list) else [])
    ]
    for pid, cited in [*_event_places(directory), *stored]:
        landing = Landing(kinds.get(pid, NOWHERE), (pid,))
        row = row_for(names.get(pid, pid), landing)
        row.sources.update(c for c in cited if c)
    ordered = sorted(rows.values(), key=lambda r: (_ORDER[r.landing.kind], r.name.casefold()))
    return PlaceReport([r.to_dict() for r in ordered], read, missing, mentions, landings)


_ORDER = {NOWHERE: 0, DISTRICT: 1, GROUP: 2, LANDMARK: 3, WHOLE_MAP: 4, OFF_MAP: 5}


def _display_names(directory: str | Path | None) -> dict[str, str]:
    from geodata.io import load_districts, load_landmarks

    scenario = str(directory) if directory is not None else None
    out: dict[str, str] = {}
    for frame in (load_districts(scenario), load_landmarks(scenario)):
        if frame is None or "name" not in frame:
            continue
        ids = frame.get("id", frame.index)
        out.update({str(i): str(n) for i, n in zip(ids, frame["name"], strict=True)})
    return out


def place_problems(
    directory: str | Path | None = None, seeds: str | Path | None = None
) -> list[tuple[str, str, str, str]]:
    """Warnings, as ``(file, line, message, hint)``, for every name the sources call a place
    that lands on no district or landmark (and is not listed in ``places.yaml``), for a
    ``places.yaml`` that cannot be read, and for ``outside_enclave`` ids that are no district.
    Nothing when the scenario has no ``candidates.json`` or its documents are not at hand."""
    try:
        gazetteer = load_gazetteer(directory)
    except Exception:
        return []
    exceptions, problems = read_exceptions(directory)
    problems = [(f, w, f"warning: {m}", h) for f, w, m, h in problems]
    problems += _outside_enclave_problems(directory, gazetteer)
    mentions, _, _ = read_mentions(directory, gazetteer, seeds)
    seen: set[tuple[str, str]] = set()
    for mention in mentions:
        landing = resolve_place(mention.name, gazetteer, exceptions)
        key = (mention.doc, normalise(mention.name))
        if landing.kind != NOWHERE or key in seen:
            continue
        seen.add(key)
        near = gazetteer.near_matches(mention.name, 3)
        hint = (
            f"add {mention.name!r} as an alias of the district or landmark that holds it"
            + (f" (near: {', '.join(near)})" if near else "")
            + ", add a landmark, or list it under off_map in places.yaml"
        )
        source = f" ({mention.source})" if mention.source else ""
        problems.append(
            (
                mention.doc,
                str(mention.line),
                f"warning: place {mention.name!r} named in the source{source} resolves to no "
                "district or landmark",
                hint,
            )
        )
    return problems


def _outside_enclave_problems(directory: str | Path | None, gazetteer: Gazetteer) -> list[tuple]:
    path = scenario_info_path(directory)
    try:
        info = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return []
    outside = info.get("outside_enclave") if isinstance(info, dict) else None
    if not isinstance(outside, list):
        return []
    return [
        (
            str(path),
            "",
            f"outside_enclave names {did!r}, which is no district",
            "use district ids from districts.geojson",
        )
        for did in outside
        if isinstance(did, str) and did not in gazetteer.district_ids
    ]


def unresolved(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """The names among coverage ``rows`` that land nowhere."""
    return [r["name"] for r in rows if r["lands"] == NOWHERE]
