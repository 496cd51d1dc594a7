"""Words and patterns the extractor reads English narratives with.

Sides (:class:`Actors`, built from the factions' ``names`` in ``scenario.yaml``), actions
(``VERBS``: active verbs govern the places after them, passive ones the places before),
hedges that turn an action into an attempt (``ATTEMPT``, ``CONDITIONAL``, ``NEGATION``),
the words allowed between a verb and its places
(``CHAIN``, ``BACKWARD``, ``BREAKERS``), and partial figures (:func:`shares_in`). Event
kinds are guessed from keyword families in several languages (:func:`event_kind`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import ScenarioInfo

_I = re.IGNORECASE


def _split(words: str) -> list[str]:
    return words.split()


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


OBJECT_BEFORE = re.compile(r"\b(?:by|to|against|from|of)\s+(?:the\s+)?(?:\w+\s+)?$", _I)
_PASSIVE_WORDS = (
    r"(?:also|already|reportedly|finally|fully|completely|then|quickly|eventually|again"
)
_PASSIVE_WORDS += r"|later|soon|partly|partially|largely|effectively)"
VERBS: tuple[tuple[re.Pattern[str], str | None, str], ...] = tuple(
    (re.compile(p, _I), action, voice)
    for p, action, voice in (
        (
            rf"\b(?:was|were|is|are|been|being)\s+(?:{_PASSIVE_WORDS}\s+)*(?P<v>captured|taken"
            r"|seized|secured|cleared|overrun|stormed|recaptured|retaken|regained|abandoned)\b",
            None,
            "passive",
        ),
        (r"\b(?:had|has|have|as)\s+(?:already\s+|also\s+)?fallen\b|\bfell\b", "capture", "passive"),
        (
            r"\b(?:recaptur(?:ed|ing|es?)|regain(?:ed|ing|s)?|retak(?:en|ing|es?)|retook|won\s+back"
            r"|t(?:ook|aken)\s+back)\b",
            "recapture",
            "active",
        ),
        (
            r"\bin\s+(?:full\s+|complete\s+|total\s+|effective\s+)?control\s+of\b"
            r"|(?<![-\w])(?:held|holds|holding)\b(?!\s+(?:by|talks|on)\b)",
            "control",
            "active",
        ),
        (
            r"\b(?:captur(?:ed|ing|es?)|seiz(?:ed|ing|es?)|secur(?:ed|ing|es)|clear(?:ed|ing)"
            r"|overr[au]n|(?:took|taken|taking|takes?|gain(?:ed|ing)?|assum(?:ed|ing))\s+(?:full\s+"
            r"|complete\s+|total\s+)?control\s+(?:of|over)|complet(?:ed|ing|es?)\s+(?:its|their"
            r"|the)\s+control\s+(?:of|over)|(?:had|has|have)\s+taken|conquer(?:ed|ing|s)?)\b",
            "capture",
            "active",
        ),
        (
            r"\b(?:advanc(?:ed|ing)|advances?\s+(?=(?:in|into|on|toward|towards|at)\b)"
            r"|made\s+(?:(?:its|their|his|major|further|more|new|rapid|swift|big|first|several"
            r"|some|significant|fresh|quick)\s+){0,2}advances?|made\s+(?:a|an)\s+(?:\w+\s+)?push"
            r"|push(?:ed|es|ing)?\s+(?:deep\s+|further\s+)?into|enter(?:ed|ing|s)?"
            r"|progress(?:ed|ing)?\s+(?:to|into)|clos(?:ed|ing)\s+in\s+on|storm(?:ed|ing|s)?"
            r"|broke\s+into|mov(?:ed|ing)\s+into|penetrat(?:ed|ing))\b",
            "advance",
            "active",
        ),
        (
            r"\b(?:withdr(?:ew|awn|awing|aws?)|retreat(?:ed|ing|s)|abandon(?:ed|ing|s)?"
            r"|pull(?:ed|ing|s)?\s+out)\b",
            "withdrawal",
            "active",
        ),
        (r"\b(?:attack(?:ed|ing|s)?|assault(?:ed|ing|s)?|raid(?:ed|ing|s)?)\b", "attack", "active"),
        (
            r"\b(?:repell?(?:ed|s)?|repuls(?:ed|es?|ing)|beat(?:en)?\s+back|fought\s+off"
            r"|thwart(?:ed|s)?)\b",
            "repelled",
            "active",
        ),
    )
)
ATTEMPT = re.compile(
    r"\b(?:attempt\w*|tried|try(?:ing)?|sought|seek\w*|prepar\w*|aim\w*|intend\w*|plan\w*"
    r"|order|bid|efforts?|threat\w*|would|could|might|will|if|failed|unable|hop(?:ed|es|ing))\b"
    r"(?:\s+[\w'-]+){0,3}\s*$",
    _I,
)
NOUN_BEFORE = re.compile(
    r"\b(?:the|a|an|its|their|his|her|this|these|those|whose|of|for)\s+(?:(?:first|second|new"
    r"|major|further|final|last|latest|swift|rapid|initial|renewed|recent)\s+)?$",
    _I,
)
CONDITIONAL = re.compile(r"\b(?:if|unless|whether)\b", _I)
NEGATION = re.compile(r"\b(?:not|never|no\s+longer|n't|without)\b(?:\s+[\w'-]+){0,2}\s*$", _I)
REPEL_PASSIVE = re.compile(
    r"\b(?:was|were|been|but|eventually|again|and)\s+(?:\w+\s+)?(?:repell?ed|repulsed"
    r"|beaten\s+back|thwarted)\b",
    _I,
)
_DIRECTIONS = _split(
    "north south east west northern southern eastern western northeast northwest southeast "
    "southwest north-east north-west south-east south-west northeastern northwestern "
    "southeastern southwestern north-eastern north-western south-eastern south-western central"
)
CHAIN = frozenset(
    _split(
        "and or the a an as well along with together namely including also both plus nearby "
        "neighbouring neighboring adjacent entire whole remaining its their of district districts "
        "neighbourhood neighbourhoods neighborhood neighborhoods area areas quarter quarters "
        "old new al el as ash ad an az at ar"
    )
    + _DIRECTIONS
)
BACKWARD = frozenset(
    _split(
        "district districts area areas neighbourhood neighbourhoods neighborhood neighborhoods "
        "quarter quarters which that had has have also already reportedly itself as the was were "
        "then subsequently finally eventually soon and been"
    )
)
BREAKERS = frozenset(
    _split(
        "which that who whom whose where when while whilst but although though because since "
        "after before until unless leaving left overlooking overlooks overlooked overlook around "
        "near within beyond toward towards against than came come comes was were is are been "
        "said says stated reported according led lead leads caused causing killed isolating"
    )
)
DIRECTION_OF = re.compile(r"\b(?:" + "|".join(_DIRECTIONS) + r")\s+of\b", _I)
FEATURE_AFTER = re.compile(
    r"\s+(roundabouts?|bridges?|roads?|streets?|highways?|hospitals?|mosques?|gates?|squares?"
    r"|cemeter(?:y|ies)|factor(?:y|ies)|hills?|schools?|prisons?|markets?|crossings?"
    r"|checkpoints?|universit(?:y|ies)|barracks|mills?|stations?)\b",
    _I,
)
SHARE_STOP = re.compile(r"\b(?:as\s+well\s+as|along\s+with|together\s+with|plus|while)\b", _I)
PREPOSITIONS = frozenset(
    _split(
        "from to into in on at of through via toward towards past around near across beyond "
        "outside behind for with by inside"
    )
)
_TRANSIT = {"from", "through", "via", "past", "around", "near", "across", "beyond", "outside"}
SKIP_ROLES = {
    "capture": _TRANSIT | {"toward", "towards", "behind"},
    "withdrawal": _TRANSIT - {"from"} | {"to", "toward", "towards", "into", "behind", "for"},
}
ANAPHOR = re.compile(
    r"\s*(?:(?!(?:held|by|that|which|who)\b)[\w%.-]+\s+){0,4}?(?:(?:of|in|into|at|on)\s+)?"
    r"(?:it|them|the\s+(?:district"
    r"|area|neighbou?rhood|quarter|town|village|suburb))\b",
    _I,
)
_ABOUT = r"(?:(?:around|about|nearly|almost|roughly|approximately|some|over|at\s+least|more\s+than"
_ABOUT += r"|less\s+than|up\s+to)\s+)?"
_SHARES = [
    (re.compile(p, _I), value)
    for p, value in (
        (r"\ball\s+or\s+most(?:\s+of)?", 0.9),
        (r"\b(?:almost|nearly|virtually)\s+all(?:\s+of)?|\ball\s+but", 0.9),
        (rf"\b{_ABOUT}\d{{1,3}}(?:\.\d+)?\s*(?:%|percent\b|per\s+cent\b)", None),
        (rf"\b{_ABOUT}two[\s-]thirds\b", 0.667),
        (rf"\b{_ABOUT}three[\s-]quarters\b", 0.75),
        (rf"\b{_ABOUT}(?:a|one)\s+third\b", 0.333),
        (rf"\b{_ABOUT}(?:a|one)\s+quarter\b", 0.25),
        (rf"\b{_ABOUT}half\b(?!\s+(?:a|an)\s)(?!-)", 0.5),
        (r"\b(?:most|the\s+bulk|the\s+majority)\s+of\b", 0.75),
        (
            r"\b(?:a\s+)?(?:large|big|great|significant|major)\s+(?:parts?|portions?|sections?"
            r"|swathes?)\b|\bmuch\s+of\b",
            0.75,
        ),
        (
            r"\b(?:(?:several|some|a\s+few)\s+)?(?:building\s+)?blocks\b|\bseveral\s+buildings"
            r"\b|\bkey\s+buildings\b|\bpositions\b|\ba\s+foothold\b",
            0.1,
        ),
        (
            r"\b(?:(?:several|some|small|and|" + "|".join(_DIRECTIONS) + r")\s+)*(?:parts?"
            r"|portions?|sections?)\s+of\b",
            0.4,
        ),
        (r"\b(?:full|complete|total|entire|whole|all\s+of)\b", 1.0),
    )
]
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


def shares_in(text: str) -> list[tuple[int, int, float, str]]:
    """Partial figures in ``text``: (start, end, share in [0, 1], phrase), left to right."""
    found: list[tuple[int, int, float, str]] = []
    for pattern, value in _SHARES:
        for m in pattern.finditer(text):
            share = value
            if share is None:
                share = float(re.search(r"\d+(?:\.\d+)?", m.group()).group()) / 100
                if not 0 < share <= 1:
                    continue
            found.append((m.start(), m.end(), round(share, 3), " ".join(m.group().lower().split())))
    found.sort(key=lambda f: (f[0], f[0] - f[1]))
    kept: list[tuple[int, int, float, str]] = []
    for f in found:
        if not kept or f[0] >= kept[-1][1]:
            kept.append(f)
    return kept


def event_kind(text: str) -> str:
    """A guess at the events.yaml kind of a news item (the keyword family seen most often)."""
    scores = {kind: len(re.findall(p, text, _I)) for kind, p in _EVENT_KINDS}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] else "context"


def opponent(actors: Actors, side: str | None) -> str | None:
    """The other side of a two-sided fight (None for a third side or an unknown one)."""
    return actors.opponents.get(side or "")
