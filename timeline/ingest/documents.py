"""Read the three kinds of source document and repair their encoding.

* **narrative**: Markdown with a YAML front matter block (an encyclopedia article);
  ``#`` headings are its sections.
* **day-page**: a news-wire day page: a ``### [YYYY-MM-DD](path)`` heading, a ``#``
  headline, a summary, then ``### Source:`` (outlets cited) and ``### Related:`` (dated
  items, the date taken from each item's ``/news/YYYY/M/D/`` path).
* **article**: plain text in any language, dated by the caller (``sources.yaml``) or by the
  dates it carries.

Every offset a :class:`Document` holds is an index into its *repaired* text
(:func:`repair_text`); ``sha256`` is the checksum of the file's bytes as stored.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geodata.errors import DataError
from geodata.safe_io import MIB, parse_yaml, read_bytes
from geodata.text import repair_mojibake

from .written_dates import full_dates

KINDS = ("narrative", "day-page", "article")
MAX_DOCUMENT_BYTES = 16 * MIB
"""The largest source document read (the bundled seeds are under 300 KB)."""
_SOURCE_KIND = {"encyclopedia": "narrative", "news-day-page": "day-page"}

_DAY_PAGE = re.compile(r"^#{1,6}\s*\[(\d{4}-\d{2}-\d{2})\]\(([^)\s]*)\)\s*$", re.MULTILINE)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)
_LIST_LINK = re.compile(r"^\s*\d+\.\s*\[(.+?)\]\(([^)\s]+)\)(.*)$", re.MULTILINE)
_NEWS_PATH = re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})/")
_STOPWORDS = {
    "en": "the and of to in was were that with on for is by from as",
    "hr": "je i u su da se na od za koji iz nije prema što kao",
    "fr": "le la les et des du est dans une que pour sur au aux par",
    "de": "der die das und ist nicht mit von den auf sich dem ein eine",
    "es": "el los las y que en por con una del se para como",
}
_STOPWORD_SETS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}


@dataclass(frozen=True)
class Item:
    """A listed entry of a day page: a cited outlet (``Source``) or a dated related item."""

    section: str  # "Source" or "Related"
    start: int  # the entry's link text in the repaired text
    end: int
    url: str
    date: date | None = None


@dataclass(frozen=True)
class Document:
    """One source document, its text repaired, with what the parser needs to date it."""

    id: str  # the file name
    path: Path
    sha256: str
    kind: str  # one of KINDS
    text: str  # repaired text: every offset points into it
    body_start: int  # first character after the front matter
    date: date | None  # publication (article, narrative) or page date (day page)
    year: int  # the year of day-month dates that give none
    language: str  # ISO 639-1
    outlet: str | None = None
    source_id: str | None = None  # the sources.yaml record the file is the seed of
    headings: tuple[tuple[int, int, str], ...] = ()  # (start, end, title) of each heading line
    items: tuple[Item, ...] = ()
    front_matter: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def repair_text(text: str) -> str:
    """Undo mojibake (UTF-8 decoded as cp1252/latin-1) wherever it occurs, unescape HTML
    entities and normalise line ends; text that was decoded correctly is left as it is.

    Unlike a whole-text re-encode, the repair works run by run, so one correct ``’`` or
    ``ž`` next to a broken ``â€™`` does not stop it.

    >>> repair_text("Maâ€™saraniyah â€“ ðŸ‡·ðŸ‡º")
    'Ma’saraniyah – 🇷🇺'
    """
    text = repair_mojibake(text.replace("\r\n", "\n").replace("\r", "\n"))
    return html.unescape(text) if "&" in text else text


def read_document(path: str | Path, *, meta: Any = None) -> Document:
    """Read, repair and classify the document at ``path``.

    ``meta`` is the document's record in ``sources.yaml`` (a :class:`timeline.Source`) when
    there is one: its kind, date, language and outlet win over what the text suggests.
    Raises :class:`DataError` for a missing, empty, binary or undatable file.
    """
    path = Path(path)
    raw = _read_bytes(path)
    text = repair_text(_decode(raw, path))
    if not text.strip():
        raise DataError("the document is empty", where=str(path), hint="pass a text file")
    front, body_start = _front_matter(text, path)
    kind = _kind(text, front, meta)
    headings = tuple(
        (m.start(), m.end(), _clean_heading(m.group(2))) for m in _HEADING.finditer(text)
    )
    items: tuple[Item, ...] = ()
    page_date = None
    if kind == "day-page":
        page_date, items = _day_page(text, path)
    language = getattr(meta, "language", None) or _front_text(front, "lang", "language")
    outlet = getattr(meta, "outlet", None) or _front_text(front, "outlet", "author", "publisher")
    doc_date = getattr(meta, "date", None) or page_date or _front_date(front)
    if doc_date is None and kind == "article":
        doc_date = _date_in_text(text)
    year = _battle_year(front) or (doc_date.year if doc_date else None) or _year_in_text(text)
    if year is None or (kind != "narrative" and doc_date is None):
        raise DataError(
            "cannot tell the document's date",
            where=str(path),
            hint="give it a front matter 'date:', a dated day-page heading or a full date "
            "in the text, or list it as 'seed:' with a date in sources.yaml",
        )
    return Document(
        id=path.name,
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        kind=kind,
        text=text,
        body_start=body_start,
        date=doc_date,
        year=year,
        language=language or detect_language(text[body_start:]),
        outlet=outlet,
        source_id=getattr(meta, "id", None),
        headings=headings,
        items=items,
        front_matter=front,
    )


def detect_language(text: str) -> str:
    """The ISO 639-1 code whose common short words are most frequent in ``text`` ("en" on
    a tie or when nothing is recognised)."""
    words = Counter(w.lower() for w in re.findall(r"[^\W\d_]+", text[:20000]))
    scores = {lang: sum(words[w] for w in stop) for lang, stop in _STOPWORD_SETS.items()}
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] > 0 else "en"


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise DataError("file not found", where=str(path), hint="check the path")
    if path.is_dir():
        raise DataError("is a folder, not a document", where=str(path), hint="pass the files")
    return read_bytes(path, limit=MAX_DOCUMENT_BYTES)


def _decode(raw: bytes, path: Path) -> str:
    sample = raw[:4096]
    controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in sample)
    if b"\x00" in sample or controls > len(sample) // 100 + 2:
        raise DataError(
            "binary data, not a text document",
            where=str(path),
            hint="pass a UTF-8 text or Markdown file",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # a legacy single-byte text file


def _front_matter(text: str, path: Path) -> tuple[dict[str, Any], int]:
    if not text.startswith("---\n"):
        return {}, 0
    end = text.find("\n---", 4)
    if end < 0:
        raise DataError(
            "front matter is not closed", where=f"{path}:1", hint="end it with a '---' line"
        )
    try:
        data = parse_yaml(text[4:end], path, first_line=2)[0] or {}
    except DataError as exc:
        raise DataError(
            f"front matter: {exc.message}", where=exc.where, hint=exc.hint or "fix its syntax"
        ) from None
    if not isinstance(data, dict):
        raise DataError("front matter is not a mapping", where=f"{path}:1", hint="write key: value")
    body = text.find("\n", end + 4)
    return data, len(text) if body < 0 else body + 1


def _kind(text: str, front: dict[str, Any], meta: Any) -> str:
    declared = getattr(meta, "kind", None)
    if declared:
        return _SOURCE_KIND.get(declared, "article")
    if front:
        return "narrative"
    first = text.lstrip().split("\n", 1)[0]
    return "day-page" if _DAY_PAGE.match(first) else "article"


def _clean_heading(title: str) -> str:
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)  # a link: keep its text
    return title.strip().rstrip(":").strip()


def _day_page(text: str, path: Path) -> tuple[date, tuple[Item, ...]]:
    match = _DAY_PAGE.search(text)
    if match is None:
        raise DataError(
            "day page without a '### [YYYY-MM-DD](...)' heading",
            where=str(path),
            hint="start the page with its dated heading",
        )
    page = _iso(match.group(1))
    if page is None:
        line = text.count("\n", 0, match.start()) + 1
        raise DataError(f"{match.group(1)} is not a date", where=f"{path}:{line}")
    items = []
    section = None
    for line in re.finditer(r"^.*$", text, re.MULTILINE):
        heading = _HEADING.match(line.group())
        if heading:
            section = _clean_heading(heading.group(2))
            continue
        link = _LIST_LINK.match(line.group())
        if link is None or section not in ("Source", "Related"):
            continue
        found = _NEWS_PATH.search(link.group(2)) if section == "Related" else None
        day = _ymd(*found.groups()) if found else None
        start = line.start() + link.start(1)
        items.append(Item(section, start, line.start() + link.end(1), link.group(2), day))
    return page, tuple(items)


def _front_text(front: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = front.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _front_date(front: dict[str, Any]) -> date | None:
    for key in ("pubDate", "published", "date"):
        value = front.get(key)
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            day = _iso(value[:10])
            if day is not None:
                return day
    return None


def _battle_year(front: dict[str, Any]) -> int | None:
    """The first year the front matter's ``date`` gives (the events' dates, not pubDate)."""
    value = front.get("date")
    values = value if isinstance(value, list) else [value]
    for v in values:
        found = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", str(v)) if v is not None else None
        if found:
            return int(found.group(1))
    return None


def _year_in_text(text: str) -> int | None:
    found = full_dates(text)
    return found[0].year if found else None


def _date_in_text(text: str) -> date | None:
    """An article's date: a full date in its first lines (a dateline), else the most
    frequent full date it carries (the latest on a tie)."""
    head = full_dates(text[:300])
    if head:
        return head[0]
    found = Counter(full_dates(text))
    if not found:
        return None
    return max(found, key=lambda d: (found[d], d))


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _ymd(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
