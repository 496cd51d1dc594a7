"""Split a document into dated sentences.

A *dated sentence* is a sentence, or the part of one that carries a date of its own
("... a third of it, and by the next day half"): its span in the repaired text, its date,
how the date was found (``basis``) and the section heading above it.

Dating a narrative:

* an **absolute** date ("On 27 November", "As of 2 December", "By the morning of 16
  December", "December 15, 2016", "15. studenog", "le 3 janvier") dates its sentence and
  the ones after it; a day and month without a year take the document's year, moving to
  the next year when the story crosses New Year;
* a **relative** marker ("The next day", "the following day", "Later in the day", "That
  night", "Subsequently", "the previous day") is resolved against the current date;
  backward markers date only their own sentence;
* a date that is only *planned* ("scheduled to start on 15 December") does not date its
  own sentence, but the story moves on to it afterwards; a date after "since" is ignored;
* every other sentence inherits the current date (``basis="inherited"``); a heading resets
  it (``None`` until the next date).

Day pages and articles are dated by the document (``basis="document"``); the related items
of a day page by their paths (``basis="path"``). A sentence of an article that says which
day it speaks of in words its language's lexicon knows ("danas", "jučer", "u srijedu": see
``relative_days`` and ``weekdays`` in ``lexicons/<code>.yaml``) takes that day
(``basis="relative"``): a weekday is the last such day on or before the article's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from geodata.errors import DataError

from .documents import Document
from .lexicon import Lexicon, load_lexicon
from .written_dates import ABSOLUTE, date_parts

_RELATIVE = [
    (re.compile(p, re.IGNORECASE), delta)
    for p, delta in [
        (r"\b(?:the|a)\s+(?:next|following)\s+(?:day|morning)\b|\bthe\s+day\s+after\b", 1),
        (r"\b(?:a|one)\s+day\s+later\b|\bthe\s+next\s+night\b", 1),
        (r"\btwo\s+days\s+later\b", 2),
        (r"\bthree\s+days\s+later\b", 3),
        (r"\bthe\s+(?:previous|preceding)\s+(?:day|night|evening)\b|\bthe\s+day\s+before\b", -1),
        (
            r"\blater\s+(?:in|on|during)\s+the\s+day\b|\blater\s+that\s+(?:day|night|evening)\b"
            r"|\bthat\s+(?:night|evening|morning|afternoon)\b|\bin\s+the\s+(?:evening|morning"
            r"|afternoon)\b|\bearly\s+in\s+the\s+day\b|\bduring\s+the\s+day\b|\bthe\s+same\s+"
            r"(?:day|evening|night)\b|\bsubsequently\b|\bsoon\s+after\b|\bshortly\s+after\b"
            r"|\b(?:by|at)\s+the\s+end\s+of\s+the\s+day\b|\b\w+\s+hours\s+later\b",
            0,
        ),
    ]
]
_PLANNED = re.compile(
    r"\b(?:scheduled|planned|expected|due|supposed|will|would|shall|might|may|till|to\s+be|to\s+start"
    r"|to\s+begin|to\s+resume|is\s+to|are\s+to|was\s+to|were\s+to|until|deadline)\b",
    re.IGNORECASE,
)
_SINCE = re.compile(r"\b(?:since|od|depuis|seit|desde)\s+(?:the\s+)?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9À-ÖØ-Þ])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]|U\.S|U\.N|U\.K|Mr|Mrs|Ms|Dr|St|Lt|Gen|Col|Maj|Sgt|Capt|No|vs|etc|e\.g|i\.e"
    r"|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))$"
)
_SKIP_LINE = re.compile(r"^\s*(?:!\[|\[object Object\]|---\s*$)")
_CLAUSE_START = re.compile(r",\s*|;\s*|\s+(?:and|but|while)\s+")


@dataclass(frozen=True)
class DatedSentence:
    """A sentence (or dated part of one): its span, date, how it was dated, its section."""

    start: int
    end: int
    date: date | None
    basis: str | None  # absolute, relative, planned, inherited, document, path, or None
    section: str | None
    part: int = 0  # 0: a sentence's first part; 1, 2, ...: the parts it was split into


@dataclass(frozen=True)
class _Marker:
    start: int
    end: int
    kind: str  # absolute, relative, planned
    day: date | None = None  # absolute and planned
    delta: int = 0  # relative


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``: one per sentence of every non-empty line."""
    end = len(text) if end is None else end
    spans = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        lo, hi = start + line.start(), start + line.end()
        if _SKIP_LINE.match(text[lo:hi]):
            continue
        cut = lo
        for m in _SENTENCE_END.finditer(text, lo, hi):
            if _ABBREVIATION.search(text[cut : m.start()]):
                continue
            spans.append((cut, m.start() + 1))
            cut = m.end()
        spans.append((cut, hi))
    return [_trim(text, a, b) for a, b in spans if text[a:b].strip()]


def dated_sentences(doc: Document, lexicon: Lexicon | None = None) -> list[DatedSentence]:
    """The document's dated sentences in text order (see the module docs); ``lexicon``
    (by default the one of the document's language, if any) gives an article's day words."""
    if doc.kind != "narrative":
        return _by_document(doc, lexicon or load_lexicon(doc.language))
    out: list[DatedSentence] = []
    current: date | None = None
    year = doc.year
    section = "Lead"
    headings = {start: (end, title) for start, end, title in doc.headings}
    for lo, hi in sentence_spans(doc.text, doc.body_start):
        line_start = doc.text.rfind("\n", 0, lo) + 1
        if line_start in headings and lo < headings[line_start][0]:
            section, current = headings[line_start][1], None
            continue
        pieces, current, year = _date_sentence(doc, lo, hi, current, year)
        out.extend(
            DatedSentence(a, b, d, basis, section, part)
            for part, (a, b, d, basis) in enumerate(pieces)
        )
    return out


def _date_sentence(doc: Document, lo: int, hi: int, current: date | None, year: int):
    """Split one sentence at its date changes; return its pieces and the new clock."""
    markers = _markers(doc, lo, hi, current, year)
    pieces: list[tuple[int, int, date | None, str | None]] = []
    start, basis, own = lo, "inherited" if current else None, current
    for n, marker in enumerate(markers):
        if marker.kind == "absolute":
            year = marker.day.year if marker.day else year
        if n > 0 and marker.kind != "planned" and (marker.day or marker.delta):
            cut = _clause_start(doc.text, start, marker.start)
            if cut > start:
                pieces.append((start, cut, own, basis))
                start = cut
        if marker.kind == "planned":
            current = marker.day  # the story moves on to it after this sentence
            continue
        if marker.kind == "absolute":
            own = current = marker.day
        elif own is not None:
            own = own + timedelta(days=marker.delta)
            if marker.delta >= 0:
                current = own
        basis = marker.kind
    pieces.append((start, hi, own, basis))
    return [(*_trim(doc.text, a, b), d, s) for a, b, d, s in pieces], current, year


def _markers(doc: Document, lo: int, hi: int, current: date | None, year: int) -> list[_Marker]:
    text = doc.text
    found: list[_Marker] = []
    for m in ABSOLUTE.finditer(text, lo, hi):
        parts = date_parts(m)
        if parts is None or _SINCE.search(text[max(lo, m.start() - 12) : m.start()]):
            continue
        day, month, explicit = parts
        guess = explicit or year
        if explicit is None and current is not None and month < current.month - 6:
            guess = current.year + 1  # the story crossed New Year
        elif explicit is None and current is not None:
            guess = current.year
        try:
            when = date(guess, month, day)
        except ValueError:
            line = text.count("\n", 0, m.start()) + 1
            raise DataError(
                f"{m.group(0).strip()!r} is not a valid date",
                where=f"{doc.path}:{line}",
                hint="fix the day or the month in the document",
            ) from None
        clause = text[max(lo, _clause_start(text, lo, m.start())) : m.start()]
        kind = "planned" if _PLANNED.search(clause) else "absolute"
        found.append(_Marker(m.start(), m.end(), kind, when))
    for pattern, delta in _RELATIVE:
        for m in pattern.finditer(text, lo, hi):
            clause = text[_clause_start(text, lo, m.start()) : m.start()]
            if delta and _PLANNED.search(clause):
                continue  # "might be delayed till the next day": not where the story is
            if not any(f.start <= m.start() < f.end for f in found):
                found.append(_Marker(m.start(), m.end(), "relative", delta=delta))
    return sorted(found, key=lambda f: f.start)


def _clause_start(text: str, lo: int, at: int) -> int:
    """Where the clause holding offset ``at`` begins (after ', ', '; ', ' and ', ...)."""
    found = None
    for found in _CLAUSE_START.finditer(text, lo, at):  # noqa: B007 - the last one counts
        pass
    if found is None:
        return lo
    return found.start() + (1 if text[found.start()] in ",;" else 0)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \t*-#>[":
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _day_in_words(text: str, lo: int, hi: int, day: date, lex: Lexicon | None) -> date | None:
    """The day the first day word of ``text[lo:hi]`` names, counted from ``day``."""
    if lex is None:
        return None
    found = [
        (m.start(), day + timedelta(days=delta))
        for p, delta in lex.relative_days
        for m in [p.search(text, lo, hi)]
        if m
    ]
    for weekday, pattern in enumerate(lex.weekdays):
        m = pattern.search(text, lo, hi)
        if m:
            found.append((m.start(), day - timedelta(days=(day.weekday() - weekday) % 7)))
    return min(found)[1] if found else None


def _by_document(doc: Document, lex: Lexicon | None = None) -> list[DatedSentence]:
    out: list[DatedSentence] = []
    related = [i for i in doc.items if i.section == "Related"]
    cited = [(i.start, i.end) for i in doc.items if i.section == "Source"]
    headings = {start: title for start, _end, title in doc.headings}
    section: str | None = None
    headline = -1
    for lo, hi in sentence_spans(doc.text, doc.body_start):
        if not re.search(r"[^\W\d_]", doc.text[lo:hi]):
            continue  # list numbers, rules
        line_start = doc.text.rfind("\n", 0, lo) + 1
        if line_start in headings:
            if doc.kind == "day-page" and doc.text.startswith("# ", line_start):
                section, headline = "Headline", line_start  # the headline is text, not a title
            else:
                section = headings[line_start]
                continue
        elif section == "Headline" and line_start != headline:
            section = "Summary"
        if any(a <= lo < b for a, b in cited):
            continue
        item = next((i for i in related if i.start <= lo < i.end), None)
        if item is not None:
            lo, hi = _trim(doc.text, lo, min(hi, item.end))
            out.append(DatedSentence(lo, hi, item.date, "path", "Related"))
        elif section != "Related":
            said = None
            if doc.kind == "article" and doc.date is not None:
                said = _day_in_words(doc.text, lo, hi, doc.date, lex)
            if said is not None:
                out.append(DatedSentence(lo, hi, said, "relative", section))
            else:
                out.append(DatedSentence(lo, hi, doc.date, "document", section))
    return out
