"""The records of a timeline: sources, events, the claims they carry, and control changes.

Frozen dataclasses, built by :mod:`timeline.io` from the scenario's files. Each record keeps
the line (YAML) or row (CSV) it came from in ``line``, so a problem found later can still
name its place; ``line`` takes no part in equality.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

MIN_FACTIONS, MAX_FACTIONS = 2, 6
"""How many factions a scenario declares (``factions`` of ``scenario.yaml``)."""
_NOT_SHARES = frozenset({"status", "since", "event", "confidence", "note", "line"})


def faction_columns(columns: Iterable[str]) -> tuple[str, ...]:
    """The share columns of a control or daily table (given its column names): those after
    ``district`` and before the first of status, since, event, confidence, note or line.
    They are the scenario's faction ids, in scenario order."""
    names = [str(c) for c in columns]
    if "district" not in names:
        raise ValueError(f"no district column among {names}: not a control or daily table")
    out = []
    for name in names[names.index("district") + 1 :]:
        if name in _NOT_SHARES:
            break
        out.append(name)
    return tuple(out)


CONTESTED = "contested"
STATUS_THRESHOLD = 0.95
"""A faction holding at least this share of a district gives it its status."""

CONTEXT_KIND = "context"
"""The event kind that may lie outside the battle window (background, aftermath)."""
KIND_MAX_LENGTH = 40
"""Source and event kinds are short words: slugs of at most this many characters."""
CONFIDENCES = frozenset({"reported", "inferred"})
QUALIFIERS = frozenset({"nearly", "more than", "less than", "at least", "up to", "about"})


@dataclass(frozen=True)
class Source:
    """One document used as evidence (a wire day page, an encyclopedia article, ...)."""

    id: str
    kind: str
    outlet: str
    title: str
    url: str | None
    language: str
    date: date
    sections: tuple[str, ...] = ()
    seed: str | None = None
    cited_by: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class SourceRef:
    """A pointer from an event to a source, and the section or item it came from."""

    id: str
    section: str | None = None


@dataclass(frozen=True)
class Claim:
    """A figure somebody states (``value`` is a number or a ``(low, high)`` range)."""

    what: str
    value: float | tuple[float, float]
    claimant: str
    source: str
    qualifier: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Event:
    """A dated happening, summarised in our own words, linked to districts and sources."""

    id: str
    date: date
    title: str
    summary: str
    kind: str
    districts: tuple[str, ...] = ()
    landmarks: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    claims: tuple[Claim, ...] = ()
    corroborates: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Faction:
    """One side of the battle, as ``scenario.yaml`` declares it.

    ``id`` is a slug (it names the share column of ``control.csv``); ``label`` is shown to
    readers; ``colour`` and ``colourblind`` are ``#rrggbb`` (``colourblind`` is ``None``
    when the scenario leaves it to be derived); ``names`` are the words the ingest
    recognises for the faction (lower-case phrases, e.g. ``("army", "regime")``).
    """

    id: str
    label: str
    colour: str
    colourblind: str | None = None
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScenarioInfo:
    """``scenario.yaml``: names, the battle window, the factions and what is shown with them.

    ``factions`` are in scenario order (the order of the ``control.csv`` share columns, which
    also breaks ties). ``groups`` maps a district ``group`` id to the names it goes by.
    ``attacker`` and ``enclave_faction`` are both set or both ``None`` (no enclave statistic).
    ``default_date`` is the day the dashboard opens on (``None``: its own choice).
    """

    name: str
    title: str
    start: date
    end: date
    factions: tuple[Faction, ...]
    credits: str | None = None
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    attacker: str | None = None
    enclave_faction: str | None = None
    language: str = "en"
    default_date: date | None = None

    @property
    def faction_ids(self) -> tuple[str, ...]:
        """The faction ids in scenario order."""
        return tuple(f.id for f in self.factions)

    def faction(self, ident: str) -> Faction:
        """The faction with id ``ident``; ``KeyError`` naming the declared ids otherwise."""
        for faction in self.factions:
            if faction.id == ident:
                return faction
        raise KeyError(f"unknown faction {ident!r}: use one of {', '.join(self.faction_ids)}")
