"""Turn dated sentences into candidates: who did what to which place, on which day.

For every dated sentence the extractor finds the place names (the gazetteer, every
spelling), the actions ("captured", "seized", "took control of", "were in control of",
"advanced into", "withdrew", "regained", passive "was taken by the Army", "had fallen"),
the side that acted and the partial figures ("75 percent", "a third", "most of", "parts
of"). A verb governs the places it names: those right after it and the ones listed after
them ("capturing A, B and C"), or, for a passive verb, the ones right before it ("A, which
was also taken"); a place after "from"/"through"/"south of" is a reference point, not a
target, and a name followed by "roundabout", "bridge", "road" ... is a landmark named after
the district, not the district. "it", "them", "the district" and "the area" point back to
the last place named. Intentions ("attempted to advance"), conditionals, negations and
attacks that "were repelled" are kept apart from changes of hands.

A :class:`Candidate` holds facts and offsets only, never the source text.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date

from geodata.gazetteer import Gazetteer

from .dates import DatedSentence, dated_sentences
from .documents import Document
from .lexicon import Actors, Lexicon, english, event_kind, load_lexicon, opponent, skip_role

EXTRACTOR_VERSION = 2  # 2: a lexicon per language (Croatian actions, events, day words)
"""Bump when the extraction rules change: stored candidates of another version are stale."""
CHANGE_ACTIONS = frozenset({"capture", "recapture", "advance", "control", "withdrawal"})
CANDIDATE_KINDS = ("change", "fighting", "mention", "event")
_WORD = re.compile(r"[\w'’-]+")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_LIST_GAP = re.compile(r"\s*,?\s*(?:and|or)?\s*(?:the\s+)?(?:a[lnsdtzrj]h?-)?", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    """One extracted fact: a change of hands (``change``), fighting that changed nothing
    (``fighting``: attempts, repelled attacks), places named without an action
    (``mention``), or a dated news item or article (``event``)."""

    kind: str
    doc: str  # the document's file name
    start: int  # the sentence's span in the repaired text
    end: int
    date: str | None  # ISO date
    basis: str | None  # how the date was found (see timeline.ingest.dates)
    section: str | None
    districts: tuple[str, ...] = ()
    places: tuple[tuple[str, ...], ...] = ()  # the district ids of each place name
    landmarks: tuple[str, ...] = ()
    actor: str | None = None  # a faction id of the scenario
    action: str | None = None  # capture, recapture, advance, control, withdrawal, ...
    share: float | None = None
    share_phrase: str | None = None
    event_kind: str | None = None  # events: a guess at the events.yaml kind
    outlet: str | None = None
    language: str | None = None
    source: str | None = None  # the sources.yaml id, when known
    cited: tuple[str, ...] = ()  # outlets a day page cites

    def to_dict(self) -> dict:
        """A JSON-ready dict (tuples become lists)."""
        out = asdict(self)
        out["districts"] = list(self.districts)
        out["places"] = [list(p) for p in self.places]
        out["landmarks"] = list(self.landmarks)
        out["cited"] = list(self.cited)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Candidate:
        """The inverse of :meth:`to_dict` (unknown keys are ignored)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("date", "basis", "section"):  # left out of the file when empty
            values.setdefault(key, None)
        for key in ("districts", "landmarks", "cited"):
            values[key] = tuple(values.get(key) or ())
        values["places"] = tuple(tuple(p) for p in values.get("places") or ())
        return cls(**values)


@dataclass
class _Mention:
    start: int
    end: int
    districts: tuple[str, ...]
    landmarks: tuple[str, ...]
    demoted: bool = False


@dataclass
class _Verb:
    start: int
    end: int
    action: str
    voice: str  # active or passive


@dataclass
class _State:
    """What the reader remembers between sentences of one document."""

    lex: Lexicon
    actors: Actors = field(default_factory=Actors)
    actor: str | None = None
    last_place: _Mention | None = None
    action: str | None = None
    gainer: dict[str, str] = field(default_factory=dict)  # place -> side that last gained it
    happened: set[tuple[str, date | None]] = field(default_factory=set)  # (kind, day) found


def lexicon_of(doc: Document) -> Lexicon:
    """The lexicon of the document's language; for a language with none, the English words
    without actions (names and dates only)."""
    return load_lexicon(doc.language) or english().without_actions()


def extract_candidates(
    doc: Document,
    gazetteer: Gazetteer,
    actors: Actors | None = None,
    lexicon: Lexicon | None = None,
) -> list[Candidate]:
    """Every candidate of ``doc``: per dated sentence, then one event per day page,
    related item and article. ``actors`` are the sides to recognise
    (:func:`timeline.ingest.lexicon.actors_for` the scenario); without them no change has an
    actor. ``lexicon`` is the language's words (:func:`lexicon_of` the document by default):
    its actions make changes, its ``happenings`` (evacuations, ceasefires) one dated event per
    kind and day, at the first sentence that speaks of it."""
    lex = lexicon or lexicon_of(doc)
    state = _State(lex=lex, actors=actors or Actors())
    out: list[Candidate] = []
    head = 0
    sentences = dated_sentences(doc, lex)
    for ds in sentences:
        head = ds.start if ds.part == 0 else head
        out.extend(_sentence(doc, ds, head, gazetteer, state))
    out.extend(_events(doc, sentences, out))
    return out


_Claim = tuple[_Mention, tuple[float, str] | None]


def _sentence(
    doc: Document, ds: DatedSentence, head: int, gaz: Gazetteer, state: _State
) -> list[Candidate]:
    text = doc.text
    year = ds.date.year if ds.date else doc.year
    lex = state.lex
    mentions = _mentions(text, ds.start, ds.end, gaz, lex)
    verbs = _verbs(text, ds.start, ds.end, head, year, lex)
    claimed: set[int] = set()
    claims: list[tuple[_Verb, list[_Claim]]] = []
    for verb in sorted(verbs, key=lambda v: (v.voice != "passive", v.action == "repelled")):
        if verb.voice == "passive":
            found = _backward(text, verb, mentions, ds.end, claimed, lex)
        else:
            found = _forward(text, verb, mentions, verbs, ds.end, claimed, lex)
        if not found:
            found = _anaphor(text, verb, ds.end, mentions, state)
        claimed.update(m.start for m, _ in found)
        claims.append((verb, found))
    if not verbs and ds.part > 0 and state.action:
        verb = _Verb(ds.start, ds.start, state.action, "active")  # "... and by the next day half"
        claims.append((verb, _anaphor(text, verb, ds.end, mentions, state, elliptic=True)))
    out = []
    for verb, found in sorted(claims, key=lambda c: c[0].start):
        actor = _actor(text, verb, head, state, found)
        for share, group in _by_share(found).items():
            out.append(_candidate(doc, ds, verb, actor, share, group))
    loose = [m for m in mentions if m.start not in claimed]
    if loose:
        out.append(_candidate(doc, ds, None, None, None, loose))
    for kind, pattern in lex.happenings:
        if (kind, ds.date) not in state.happened and pattern.search(text, ds.start, ds.end):
            state.happened.add((kind, ds.date))  # one event per kind and day: its first sentence
            out.append(_happening(doc, ds, kind, mentions))
    live = [m for m in mentions if not m.demoted]
    if live:
        state.last_place = live[-1]
    return out


def _mentions(text: str, lo: int, hi: int, gaz: Gazetteer, lex: Lexicon) -> list[_Mention]:
    found = []
    districts, landmarks = set(gaz.district_ids), set(gaz.landmark_ids)
    for a, b, ids in gaz.find_mentions(text[lo:hi]):
        found.append(
            _Mention(
                lo + a,
                lo + b,
                tuple(i for i in ids if i in districts),
                tuple(i for i in ids if i in landmarks),
            )
        )
    for n, m in enumerate(found):
        after = lex.feature_after.match(text, m.end, hi)
        if after and not m.landmarks:
            m.demoted = True
            # "the A and B roundabouts": the plural covers the names listed before it
            k = n
            while after.group(1).lower().endswith("s") and k > 0 and _is_list_gap(text, found, k):
                k -= 1
                found[k].demoted = True
    return found


def _is_list_gap(text: str, found: list[_Mention], k: int) -> bool:
    gap = text[found[k - 1].end : found[k].start]
    return bool(_LIST_GAP.fullmatch(gap))


def _verbs(text: str, lo: int, hi: int, head: int, year: int, lex: Lexicon) -> list[_Verb]:
    found: list[_Verb] = []
    for pattern, action, voice in lex.verbs:
        for m in pattern.finditer(text, lo, hi):
            word = (m.groupdict().get("v") or "").lower()
            found.append(_Verb(m.start(), m.end(), action or lex.passive_action(word), voice))
    kept: list[_Verb] = []
    for verb in sorted(found, key=lambda v: (v.start, v.start - v.end)):
        if not kept or verb.start >= kept[-1].end:
            kept.append(verb)
    out = []
    for verb in kept:
        before = text[max(head, verb.start - 60) : verb.start]
        if lex.negation.search(before) or _historical(text, verb, hi, year):
            continue
        if verb.voice == "active" and lex.noun_before.search(before):
            continue  # "the capture of", "their advance"
        clause = text[_clause_start(text, head, verb.start) : verb.start]
        if verb.action != "repelled" and (
            lex.attempt.search(before) or lex.conditional.search(clause)
        ):
            verb.action = "attempt"
        out.append(verb)
    for repel in [v for v in out if v.action == "repelled"]:
        if lex.repel_passive.search(text[max(head, repel.start - 30) : repel.end]):
            for verb in out:
                if verb.start < repel.start and verb.action != "withdrawal":
                    verb.action = "repelled"
    return out


def _clause_start(text: str, lo: int, at: int) -> int:
    cut = max(text.rfind(",", lo, at), text.rfind(";", lo, at))
    return cut + 1 if cut >= 0 else lo


def _historical(text: str, verb: _Verb, hi: int, year: int) -> bool:
    """A verb whose clause names another year ("taken by the rebels in 2012")."""
    clause = re.split(r"[,;]", text[verb.end : hi], maxsplit=1)[0]
    return any(int(y) != year for y in _YEAR.findall(clause))


def _words(text: str) -> list[str]:
    return [w.lower().strip("'’-") for w in _WORD.findall(text)]


def _gap(text: str, a: int, b: int, lex: Lexicon) -> tuple[list[str], tuple[float, str] | None]:
    """The words between ``a`` and ``b`` without share phrases, and the last share phrase."""
    gap = text[a:b]
    found = lex.shares_in(gap)
    for s, e, *_ in reversed(found):
        gap = gap[:s] + " " + gap[e:]
    return _words(gap), (found[-1][2], found[-1][3]) if found else None


def _forward(
    text: str,
    verb: _Verb,
    mentions: list[_Mention],
    verbs: list[_Verb],
    hi: int,
    claimed: set,
    lex: Lexicon,
) -> list[_Claim]:
    limit = min([v.start for v in verbs if v.start > verb.start] + [hi])
    skip = skip_role(lex, verb.action)
    found: list[_Claim] = []
    prev, share = verb.start, None
    for m in [m for m in mentions if verb.end <= m.start < limit]:
        words, new_share = _gap(text, prev, m.start, lex)
        raw = text[prev : m.start]
        if not found:
            ok = len(words) <= 12 and not (set(words) & lex.breakers)
        else:
            ok = len(words) <= 6 and set(words) <= lex.chain
        ok = ok and not lex.direction_of.search(raw)
        if found and lex.share_stop.search(raw):
            share = None
        if not ok:
            break
        share = new_share or share
        role = next((w for w in reversed(words) if w in lex.prepositions), None)
        if not (m.demoted or role in skip or m.start in claimed):
            found.append((m, share))
        prev = m.end
    return found


def _backward(
    text: str, verb: _Verb, mentions: list[_Mention], hi: int, claimed: set, lex: Lexicon
) -> list[_Claim]:
    found: list[_Mention] = []
    edge = verb.start
    for m in sorted((m for m in mentions if m.end <= verb.start), key=lambda m: -m.start):
        words, _ = _gap(text, m.end, edge, lex)
        allowed = lex.backward if not found else lex.chain
        if len(words) > 6 or not set(words) <= allowed or m.start in claimed:
            break
        if not m.demoted:
            found.append(m)
        edge = m.start
    found.reverse()
    window = text[max(0, edge - 30) : edge]
    lead = lex.shares_in(window)
    share = None
    if lead and not window[lead[-1][1] :].strip(" the"):  # "parts of A and B were taken"
        share = (lead[-1][2], lead[-1][3])
    claims: list[_Claim] = [(m, share) for m in found]
    tail = re.match(r"[^,;.]*?,?\s*(?:along with|as well as|together with)\s", text[verb.end : hi])
    if tail:
        at = verb.end + tail.end() - 1
        follow = _Verb(at, at, verb.action, "active")
        claims += _forward(text, follow, mentions, [], hi, claimed, lex)
    return claims


def _anaphor(
    text: str, verb: _Verb, hi: int, mentions: list[_Mention], state: _State, elliptic=False
) -> list[_Claim]:
    """``it``, ``them``, ``the district``, ``the area``: the last place named before."""
    anaphor = state.lex.anaphor
    match = anaphor.match(text, verb.end, hi)
    if match is None and elliptic:
        inner = anaphor.search(text, verb.end, hi)
        match = anaphor.match(text, inner.start(), hi) if inner else None
    if match is None:
        return []
    before = [m for m in mentions if m.end <= verb.start and not m.demoted]
    target = before[-1] if before else state.last_place
    if target is None:
        return []
    found = state.lex.shares_in(match.group(0))
    return [(target, (found[-1][2], found[-1][3]) if found else None)]


def _actor(text: str, verb: _Verb, head: int, state: _State, found: list[_Claim]) -> str | None:
    explicit = None
    if verb.voice == "passive":
        agent = state.lex.agent.match(text[verb.end : verb.end + 12])
        if agent:
            explicit = _actor_hit(state, text, verb.end, verb.end + 60, first=True)
        actor = explicit or state.actor
    else:
        explicit = _actor_hit(state, text, head, verb.start, first=False)
        actor = explicit or state.actor
        if verb.action == "recapture" and explicit is None and found:
            previous = state.gainer.get(_key(found[0][0]))
            actor = opponent(state.actors, previous) or actor
    if verb.action in {"capture", "advance", "control", "recapture"} and found:
        if explicit and verb.voice == "active":
            state.actor = explicit
        for m, _ in found:
            if actor:
                state.gainer[_key(m)] = actor
        state.action = verb.action
    return actor


def _key(m: _Mention) -> str:
    return ",".join(m.districts or m.landmarks)


def _actor_hit(state: _State, text: str, lo: int, hi: int, *, first: bool) -> str | None:
    """The side named nearest ``hi`` (or, with ``first``, nearest ``lo``); a side in object
    position ("by the rebels", "with Kurdish support") counts only before ", who"."""
    hits = []
    for side, pattern in state.actors.patterns:
        for m in pattern.finditer(text, lo, hi):
            in_object = state.lex.object_before.search(text[max(lo, m.start() - 25) : m.start()])
            if first or not in_object or re.match(r"\s*,?\s*who\b", text[m.end() : hi]):
                hits.append((m.start(), side))
    if not hits:
        return None
    return min(hits)[1] if first else max(hits)[1]


def _by_share(found):
    groups: dict[tuple[float, str] | None, list[_Mention]] = {}
    for m, share in found:
        groups.setdefault(share, [])
        if m not in groups[share]:
            groups[share].append(m)
    return groups


def _where(doc: Document, ds: DatedSentence, mentions: list[_Mention]) -> dict:
    """Where a candidate comes from and what it names: the document, the sentence's offsets,
    date, basis and section, and the districts and landmarks of ``mentions``."""
    places = tuple(m.districts for m in mentions if m.districts)
    return {
        "doc": doc.id,
        "start": ds.start,
        "end": ds.end,
        "date": ds.date.isoformat() if isinstance(ds.date, date) else None,
        "basis": ds.basis,
        "section": ds.section,
        "districts": tuple(dict.fromkeys(d for p in places for d in p)),
        "places": places,
        "landmarks": tuple(dict.fromkeys(lm for m in mentions for lm in m.landmarks)),
    }


def _candidate(doc, ds, verb, actor, share, group) -> Candidate:
    action = verb.action if verb else None
    kind = "mention" if verb is None else "change" if action in CHANGE_ACTIONS else "fighting"
    return Candidate(
        kind=kind,
        **_where(doc, ds, group),
        actor=actor if verb else None,
        action=action,
        share=share[0] if share else None,
        share_phrase=share[1] if share else None,
    )


def _happening(doc: Document, ds: DatedSentence, kind: str, mentions: list[_Mention]):
    """A sentence that speaks of an evacuation, a ceasefire ...: an event of its date."""
    live = [m for m in mentions if not m.demoted]
    return Candidate(
        kind="event",
        **_where(doc, ds, live),
        action=kind,
        event_kind=kind,
        outlet=doc.outlet,
        language=doc.language,
        source=doc.source_id,
    )


def _events(doc: Document, sentences: list[DatedSentence], found: list[Candidate]):
    """A day page's headline and summary, each related item, and each article."""
    spans: list[tuple[int, int, date | None, str]] = []
    if doc.kind == "day-page":
        body = [s for s in sentences if s.section in ("Headline", "Summary")]
        if body:
            spans.append((body[0].start, body[-1].end, doc.date, "Page"))
        spans += [(i.start, i.end, i.date, "Related") for i in doc.items if i.section == "Related"]
    elif doc.kind == "article":
        spans.append((doc.body_start, len(doc.text), doc.date, "Article"))
    cited = tuple(doc.text[i.start : i.end].strip() for i in doc.items if i.section == "Source")
    out = []
    for lo, hi, day, section in spans:
        lo, hi = _strip(doc.text, lo, hi)
        inside = [c for c in found if lo <= c.start < hi]
        change = next((c for c in inside if c.kind == "change"), None)
        places = tuple(dict.fromkeys(p for c in inside for p in c.places))
        out.append(
            Candidate(
                kind="event",
                doc=doc.id,
                start=lo,
                end=hi,
                date=day.isoformat() if day else None,
                basis="path" if section == "Related" else "document",
                section=section,
                districts=tuple(dict.fromkeys(d for p in places for d in p)),
                places=places,
                landmarks=tuple(dict.fromkeys(lm for c in inside for lm in c.landmarks)),
                actor=change.actor if change else None,
                action=change.action if change else None,
                event_kind=event_kind(doc.text[lo:hi]),
                outlet=doc.outlet,
                language=doc.language,
                source=doc.source_id if section != "Related" else None,
                cited=cited if section == "Page" else (),
            )
        )
    return out


def _strip(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi
