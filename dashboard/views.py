"""The view a page's query asks for, read on the server as the browser reads it
(``assets/js/url.mjs``): the day, the district (an id, a name or an alias), the palette, the
compare day, or a story and its step. Anything bad or unknown falls back to the default, as
the page does (it reports the problem in a notice). Used by the link previews
(:mod:`dashboard.preview`) and the first paint (:mod:`dashboard.firstpaint`). Pure: no web
framework.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.palettes import DEFAULT_PALETTE, PALETTES

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,80}")
_ARTICLES = frozenset(["al", "el", "the", "ash", "as", "ad", "az", "ar", "at", "an"])
_APOSTROPHES = re.compile("['\u2018\u2019\u02bc`\u00b4\u02bf\u02be]")


def name_key(text: str) -> str:
    """A name's matching key, as ``nameKey`` in assets/js/url.mjs: accents and apostrophes
    dropped, lower case, words split on anything else, leading articles dropped."""
    folded = unicodedata.normalize("NFKD", str(text))
    folded = "".join(c for c in folded if not 0x300 <= ord(c) <= 0x36F).lower()
    words = [w for w in re.split(r"[\W_]+", _APOSTROPHES.sub("", folded)) if w]
    while len(words) > 1 and words[0] in _ARTICLES:
        words.pop(0)
    return " ".join(words)


def find_district(payload: Mapping[str, Any], text: str | None) -> str | None:
    """The id of the one district ``text`` names (an id, a name or an alias), else ``None``."""
    if not text:
        return None
    if _ID.fullmatch(text) and text in payload["ids"]:
        return text
    key = name_key(text)
    if not key:
        return None
    aliases = payload.get("aliases") or [[] for _ in payload["ids"]]
    found = [
        district
        for district, name, more in zip(payload["ids"], payload["names"], aliases)
        if any(name_key(n) == key for n in [name, *(more or [])])
    ]
    return found[0] if len(found) == 1 else None


def read_day(dates: list[str], text: str | None, default: int | None = 0) -> int | None:
    """The day of an ISO date: its index, the first or last day for a real date outside the
    battle, ``default`` for anything else (as ``readDate`` in assets/js/dates.mjs)."""
    if not text or not _DATE.fullmatch(text):
        return default
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return default
    if text in dates:
        return dates.index(text)
    return 0 if text < dates[0] else len(dates) - 1


@dataclass(frozen=True)
class View:
    """What a page shows: a day (index), a district id or none, a palette, and for the
    compare view the other day (index) or none."""

    day: int = 0
    district: str | None = None
    palette: str = DEFAULT_PALETTE
    compare: int | None = None
    story: str | None = None  # a story's name, when the page plays one
    step: int = 0  # the story's step, from 1


def story_step(
    payload: Mapping[str, Any], query: Mapping[str, str]
) -> tuple[str, int, Mapping[str, Any]] | None:
    """The story (name, step from 1, the story's record) a query plays, or ``None``; a step
    out of range or not a number is the nearest step (the page says so in a notice)."""
    name = query.get("story")
    story = (payload.get("stories") or {}).get(name) if name else None
    if not story or not story.get("steps"):
        return None
    try:
        step = int(query.get("step") or 1)
    except ValueError:
        step = 1
    return name, min(max(step, 1), len(story["steps"])), story


def read_view(payload: Mapping[str, Any], query: Mapping[str, str]) -> View:
    """The view a page's query asks for; anything bad or unknown falls back to the default."""
    palette = query.get("palette")
    palette = palette if palette in PALETTES else DEFAULT_PALETTE
    playing = story_step(payload, query)
    if playing is not None:
        name, number, story = playing
        step = story["steps"][number - 1]
        return View(
            day=step["day"],
            district=step.get("focus"),
            palette=palette,
            compare=step.get("compare_day"),
            story=name,
            step=number,
        )
    day = read_day(payload["dates"], query.get("date")) or 0
    compare = read_day(payload["dates"], query.get("compare"), None)
    return View(
        day=day,
        district=find_district(payload, query.get("district")),
        palette=palette,
        compare=None if compare == day else compare,
    )


def view_query(payload: Mapping[str, Any], view: View) -> dict[str, str]:
    """The canonical query of a view (the date always, or the story and its step; the
    default palette left out)."""
    if view.story:
        query = {"story": view.story, "step": str(view.step)}
        if view.palette != DEFAULT_PALETTE:
            query["palette"] = view.palette
        return query
    query = {"date": payload["dates"][view.day]}
    if view.compare is not None:
        query["compare"] = payload["dates"][view.compare]
    if view.district:
        query["district"] = view.district
    if view.palette != DEFAULT_PALETTE:
        query["palette"] = view.palette
    return query
