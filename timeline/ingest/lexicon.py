"""Words and patterns the extractor reads narratives with, one :class:`Lexicon` per language.

Sides (:class:`Actors`, built from the factions' ``names`` in ``scenario.yaml``) are per
scenario. Everything else is per language, in a data file ``lexicons/<code>.yaml`` shipped
with the package (:func:`load_lexicon`, :func:`languages`): the actions (``verbs``: active
verbs govern the places after them, passive ones the places before), sentence-level events
(``happenings``: evacuations, ceasefires), the words that date an article's sentence
(``relative_days``, ``weekdays``), hedges that turn an action into an attempt (``attempt``,
``conditional``, ``negation``), the words allowed between a verb and its places (``chain``,
``backward``, ``breakers``), and partial figures (:meth:`Lexicon.shares_in`). A document in
a language with no lexicon is read for names and dates only (:meth:`Lexicon.without_actions`).
Event kinds are guessed from keyword families in several languages (:func:`event_kind`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from geodata.errors import DataError
from geodata.safe_io import read_yaml

from ..model import ScenarioInfo

_I = re.IGNORECASE


_NOT_PLACE = r"(?![-‑](?:held|controlled|run|dominated|besieged|occupied))"


@dataclass(frozen=True)
class Actors:
    """The sides the extractor recognises: ``patterns`` is one (faction id, pattern) per
    faction with ``names``; ``opponents`` maps a faction to the side a recapture is taken
    from (a two-sided fight: the attacker and the enclave faction, or the only two)."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...] = ()
    opponents: Mapping[str, str] = field(default_factory=dict, hash=False)


def _phrase(name: str) -> str:
    return r"\s+".join(re.escape(word) for word in name.split())


def actors_for(info: ScenarioInfo) -> Actors:
    """The :class:`Actors` of a scenario: each faction's ``names`` (words or phrases, matched
    whole, longest first, not when they qualify a place as in "rebel-held") and the
    opponents its ``attacker``/``enclave_faction`` (or its only two factions) make."""
    patterns = []
    for faction in info.factions:
        names = sorted(set(faction.names), key=lambda n: (-len(n), n))
        if names:
            words = "|".join(_phrase(n) for n in names)
            patterns.append((faction.id, re.compile(rf"(?<![\w-])(?:{words}){_NOT_PLACE}\b", _I)))
    if info.attacker is not None and info.enclave_faction is not None:
        pair = (info.attacker, info.enclave_faction)
    elif len(info.factions) == 2:
        pair = info.faction_ids
    else:
        pair = ()
    opponents = {pair[0]: pair[1], pair[1]: pair[0]} if pair else {}
    return Actors(tuple(patterns), opponents)


LEXICONS = Path(__file__).parent / "lexicons"
"""The folder of the lexicon files, one ``<ISO 639-1 code>.yaml`` per language."""
_PATTERNS = (
    "object_before",
    "agent",
    "attempt",
    "noun_before",
    "conditional",
    "negation",
    "repel_passive",
    "direction_of",
    "feature_after",
    "share_stop",
    "anaphor",
)
_WORDS = ("directions", "chain", "backward", "breakers", "prepositions")


@dataclass(frozen=True)
class Lexicon:
    """The words one language says things with (see the module docs and ``lexicons/en.yaml``)."""

    language: str
    name: str
    verbs: tuple[tuple[re.Pattern[str], str | None, str], ...]
    passive_actions: tuple[tuple[str, tuple[str, ...]], ...]
    happenings: tuple[tuple[str, re.Pattern[str]], ...]
    relative_days: tuple[tuple[re.Pattern[str], int], ...]
    weekdays: tuple[re.Pattern[str], ...]
    object_before: re.Pattern[str]
    agent: re.Pattern[str]
    attempt: re.Pattern[str]
    noun_before: re.Pattern[str]
    conditional: re.Pattern[str]
    negation: re.Pattern[str]
    repel_passive: re.Pattern[str]
    direction_of: re.Pattern[str]
    feature_after: re.Pattern[str]
    share_stop: re.Pattern[str]
    anaphor: re.Pattern[str]
    chain: frozenset[str]
    backward: frozenset[str]
    breakers: frozenset[str]
    prepositions: frozenset[str]
    skip_roles: Mapping[str, frozenset[str]] = field(hash=False)
    shares: tuple[tuple[re.Pattern[str], float | None], ...] = ()

    @property
    def reads_actions(self) -> bool:
        """Whether the lexicon recognises any action or event (one without: names and dates)."""
        return bool(self.verbs or self.happenings)

    def without_actions(self) -> Lexicon:
        """The same words with no action, event or day word: names and dates only."""
        return replace(self, verbs=(), happenings=(), relative_days=(), weekdays=())

    def passive_action(self, word: str) -> str:
        """The action of a passive verb that names none: by its word, else a capture."""
        word = word.lower()
        return next((a for a, stems in self.passive_actions if word.startswith(stems)), "capture")

    def shares_in(self, text: str) -> list[tuple[int, int, float, str]]:
        """Partial figures in ``text``: (start, end, share in [0, 1], phrase), left to right."""
        found: list[tuple[int, int, float, str]] = []
        for pattern, value in self.shares:
            for m in pattern.finditer(text):
                share = value
                if share is None:
                    number = re.search(r"\d+(?:[.,]\d+)?", m.group()).group()
                    share = float(number.replace(",", ".")) / 100
                    if not 0 < share <= 1:
                        continue
                phrase = " ".join(m.group().lower().split())
                found.append((m.start(), m.end(), round(share, 3), phrase))
        found.sort(key=lambda f: (f[0], f[0] - f[1]))
        kept: list[tuple[int, int, float, str]] = []
        for f in found:
            if not kept or f[0] >= kept[-1][1]:
                kept.append(f)
        return kept


def languages() -> tuple[str, ...]:
    """The codes of the languages the ingest reads actions in (its lexicon files)."""
    return tuple(sorted(p.stem for p in LEXICONS.glob("*.yaml")))


def load_lexicon(language: str | None, folder: Path | None = None) -> Lexicon | None:
    """The lexicon of ``language`` (an ISO 639-1 code) from ``folder`` (the shipped
    ``lexicons/``), ``None`` when there is none; a broken file raises :class:`DataError`
    naming the file and the key."""
    code = (language or "").strip().lower().split("-")[0]
    path = (folder or LEXICONS) / f"{code}.yaml"
    if not code.isalpha() or not path.is_file():
        return None
    data, _ = read_yaml(path)
    if not isinstance(data, dict):
        raise DataError("not a mapping of keys", where=str(path), hint="see lexicons/en.yaml")
    return _lexicon(data, path)


def english() -> Lexicon:
    """The English lexicon (the default for text of no known language)."""
    found = load_lexicon("en")
    assert found is not None, "the package ships lexicons/en.yaml"
    return found


def _lexicon(data: dict, path: Path) -> Lexicon:
    def get(key: str, kind: type | tuple[type, ...]):
        if key not in data:
            raise DataError(f"missing key {key!r}", where=str(path), hint="see lexicons/en.yaml")
        value = data[key]
        if not isinstance(value, kind):
            raise DataError(
                f"{key!r} has the wrong type ({type(value).__name__})",
                where=str(path),
                hint="see lexicons/en.yaml",
            )
        return value

    def pattern(key: str, value) -> re.Pattern[str]:
        text = "".join(value) if isinstance(value, list) else value
        if not isinstance(text, str):
            raise DataError(f"{key} is not a pattern", where=str(path), hint="write a string")
        try:
            return re.compile(text, _I)
        except re.error as exc:
            raise DataError(
                f"{key} is not a valid regular expression ({exc})",
                where=str(path),
                hint="fix the pattern",
            ) from exc

    directions = get("directions", str).split()
    verbs = tuple(
        (pattern(f"verbs[{n}].pattern", v.get("pattern")), v.get("action"), v.get("voice"))
        for n, v in enumerate(get("verbs", list))
    )
    for n, (_, action, voice) in enumerate(verbs):
        if voice not in ("active", "passive") or (action is None and voice == "active"):
            raise DataError(
                f"verbs[{n}] has voice {voice!r} and action {action!r}",
                where=str(path),
                hint="give voice: active or passive, and an action (null only when passive)",
            )
    return Lexicon(
        language=str(get("language", str)),
        name=str(get("name", str)),
        verbs=verbs,
        passive_actions=tuple(
            (action, tuple(str(stems).split()))
            for action, stems in (get("passive_actions", dict) or {}).items()
        ),
        happenings=tuple(
            (kind, pattern(f"happenings.{kind}", p)) for kind, p in get("happenings", dict).items()
        ),
        relative_days=tuple(
            (pattern(f"relative_days[{n}]", d.get("pattern")), int(d.get("delta", 0)))
            for n, d in enumerate(get("relative_days", list))
        ),
        weekdays=tuple(pattern(f"weekdays[{n}]", p) for n, p in enumerate(get("weekdays", list))),
        **{key: pattern(key, get(key, (str, list))) for key in _PATTERNS},
        chain=frozenset(get("chain", str).split() + directions),
        **{key: frozenset(get(key, str).split()) for key in _WORDS[2:]},
        skip_roles={k: frozenset(str(v).split()) for k, v in get("skip_roles", dict).items()},
        shares=tuple(
            (pattern(f"shares[{n}].pattern", s.get("pattern")), s.get("value"))
            for n, s in enumerate(get("shares", list))
        ),
    )


def skip_role(lexicon: Lexicon, action: str) -> frozenset[str]:
    """The prepositions that make a place a reference point for ``action`` (a capture's
    when the action has none of its own)."""
    return lexicon.skip_roles.get(action, lexicon.skip_roles.get("capture", frozenset()))


_EVENT_KINDS = (
    ("evacuation", r"evacuat|evakuac|évacu|evakuier|evacua"),
    ("ceasefire", r"ceasefire|cease-fire|truce|primirj|cessez-le-feu|waffenruhe|tregua"),
    ("alleged-atrocity", r"massacre|executed|atrocit|war crime|pokolj|masakr|crimes? de guerre"),
    ("withdrawal", r"withdr|retreat|povla|se retir|repli"),
    ("capture", r"captur|full control|took control|retak|recaptur|osvoj|zauze|reprise"),
    ("advance", r"advanc|napredov|avanc"),
    ("strikes", r"shelling|airstrike|air strike|bombard|granat|zračn|frappe"),
    ("diplomacy", r"talks|negotiat|diplomat|pregovor|razgovor|négoci"),
    ("humanitarian", r"donat|humanitar|\baid\b|relief"),
    ("casualties", r"killed|\bdead\b|casualt|poginu|tués|morts"),
)


def shares_in(text: str, lexicon: Lexicon | None = None) -> list[tuple[int, int, float, str]]:
    """Partial figures in ``text`` as ``lexicon`` (English by default) writes them."""
    return (lexicon or english()).shares_in(text)


def event_kind(text: str) -> str:
    """A guess at the events.yaml kind of a news item (the keyword family seen most often)."""
    scores = {kind: len(re.findall(p, text, _I)) for kind, p in _EVENT_KINDS}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] else "context"


def opponent(actors: Actors, side: str | None) -> str | None:
    """The other side of a two-sided fight (None for a third side or an unknown one)."""
    return actors.opponents.get(side or "")
