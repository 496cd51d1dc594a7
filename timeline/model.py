"""The records of a timeline: sources, events, the claims they carry, and control changes.

Frozen dataclasses, built by :mod:`timeline.io` from the scenario's files. Each record keeps
the line (YAML) or row (CSV) it came from in ``line``, so a problem found later can still
name its place; ``line`` takes no part in equality.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote, urlsplit

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
    anchors: tuple[tuple[str, str], ...] = ()
    line: int = field(default=0, compare=False)

    def anchor(self, section: str) -> str:
        """The anchor a citation of ``section`` opens: the one ``anchors`` declares for a
        section named in our own shorter words, else the section's own heading anchor."""
        return dict(self.anchors).get(section) or heading_anchor(section)

    @property
    def offline(self) -> bool:
        """The document has no public address (``url: null``): cite it by outlet, date,
        title and language, never by a link."""
        return self.url is None


@dataclass(frozen=True)
class SourceRef:
    """A pointer from an event to a source, the section or item it came from, and
    optionally the passage inside it (a short locator: a few words or a paragraph)."""

    id: str
    section: str | None = None
    passage: str | None = None


LEAD_SECTION = "Lead"
"""The section before an article's first heading: it has no anchor, its place is the top."""
LINK_SCHEMES = frozenset({"http", "https"})
"""The schemes a source's address may use; anything else is never rendered as a link."""


def heading_anchor(heading: str) -> str:
    """The encyclopedia's anchor of a section heading, as its links spell it: spaces become
    underscores and characters a URL fragment cannot carry are percent-encoded (UTF-8)."""
    return quote(" ".join(heading.split()).replace(" ", "_"), safe="_-.~!$&'()*+,;=:@/")


def url_problem(url: str) -> str | None:
    """Why ``url`` is no address a reader can open (relative, another scheme, no host);
    ``None`` when it is an absolute http(s) address."""
    parts = urlsplit(url.strip())
    if not parts.scheme:
        return "is relative"
    if parts.scheme.lower() not in LINK_SCHEMES:
        return f"uses the {parts.scheme.lower()}: scheme"
    if not parts.netloc:
        return "names no host"
    return None


CITATION_TARGETS = ("section", "article", "outlet", "page", "offline")
"""What a citation's link opens: a section of an article by its anchor, an article's top
(its lead, or no section named), an outlet's report, another public page (a day page, a
news item's day page), or nothing (an offline document, shown as text)."""


def citation_link(source: Source, section: str | None) -> tuple[str | None, str]:
    """The address a citation of ``source`` (at ``section``) opens and its kind (one of
    :data:`CITATION_TARGETS`); the address is ``None`` for an offline document or one whose
    address is not an absolute http(s) one."""
    if source.url is None or url_problem(source.url) is not None:
        return None, "offline"
    base = source.url.strip().split("#", 1)[0]
    if source.sections and section:
        if section == LEAD_SECTION:
            return base, "article"
        if section in source.sections:
            return f"{base}#{source.anchor(section)}", "section"
    if source.sections:
        return base, "article"
    if source.kind in ("outlet-report", "article"):
        return base, "outlet"
    return base, "page"


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
    ``outside_enclave`` names districts whose day-one enclave-faction share is not part of the
    enclave (another front of the same faction, e.g. countryside beyond the city's edge).
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
    outside_enclave: tuple[str, ...] = ()
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
