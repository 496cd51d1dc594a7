"""The records of a timeline: sources, events, the claims they carry, and control changes.

Frozen dataclasses, built by :mod:`timeline.io` from the scenario's files. Each record keeps
the line (YAML) or row (CSV) it came from in ``line``, so a problem found later can still
name its place; ``line`` takes no part in equality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

FACTIONS: tuple[str, ...] = ("government", "rebel", "sdf")
"""The factions, in the order that also breaks ties (government, then rebel, then sdf)."""

CONTESTED = "contested"
STATUS_THRESHOLD = 0.95
"""A faction holding at least this share of a district gives it its status."""

SOURCE_KINDS = frozenset({"encyclopedia", "news-day-page", "news-item", "article", "outlet-report"})
EVENT_KINDS = frozenset(
    {
        "advance",
        "capture",
        "withdrawal",
        "repelled-attack",
        "counter-attack",
        "strikes",
        "ceasefire",
        "evacuation",
        "alleged-atrocity",
        "diplomacy",
        "casualties",
        "surrender",
        "humanitarian",
        "infighting",
        "return",
        "context",
    }
)
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
class ScenarioInfo:
    """The optional ``scenario.yaml``: names and the battle window."""

    name: str
    title: str
    start: date
    end: date
    enclave_faction: str = "rebel"
    attacker: str = "government"
