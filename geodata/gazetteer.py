"""Turn the many spellings of a place into district and landmark ids.

Every name, alias and id of the district and landmark layers is reduced to a *key* by
:func:`normalise`; two spellings match when their keys are equal. The rules are
deliberately few, each one a known source of variation in English transliterations of
Arabic place names:

1. repair mojibake (UTF-8 text that was decoded as cp1252/latin-1: ``Maâ€™saraniyah``; see
   :func:`geodata.text.repair_mojibake`);
2. fold accents to ASCII (NFKD, combining marks dropped), lowercase;
3. drop apostrophes of every kind (' ‘ ’ ʼ ` ´ ʿ ʾ: hamza and ayn are not written consistently);
4. drop a hyphenated article at the start of a word (al-, el-, ash-, as-, ad-, aj-, an-, az-,
   at-, ar-, ath-, adh-; also a free-standing ``al``/``el``) and the word ``the``;
5. split on anything that is not a letter or digit;
6. per word: known variant spellings (sheikh, khodr, lutfi); the ending -iyah/-iyeh/-ieh -> -iya,
   a final -ah/-eh -> -a (marjah/marjeh/marja); ou/oo -> u, ee -> i; q -> k (the letter qaf is
   written both ways: Fuqani/Fukani); doubled letters collapsed (Qaterrji, Tahhan). Roman
   numerals (i, ii, iii, iv, ...) are left alone: they number distinct districts.

The rules only ever merge spellings; they never split one. Two different places whose keys
collide show up in :meth:`Gazetteer.resolve` as several ids, and ``resolve_one`` refuses them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from .errors import DataError
from .text import repair_mojibake

ARTICLES = frozenset({"al", "el", "ash", "as", "ad", "aj", "an", "az", "at", "ar", "ath", "adh"})
# Articles that are also English words are dropped only when hyphenated to the next word.
_FREE_ARTICLES = frozenset({"al", "el", "the"})
_APOSTROPHES = "'‘’ʼ`´ʿʾ′"
_WORD_VARIANTS = {
    **dict.fromkeys(["shaykh", "shaikh", "shiekh", "sheik", "shaik", "cheikh", "shekh"], "sheikh"),
    **dict.fromkeys(["khider", "kheder", "khidr", "khudr", "khoder", "khodor", "khadr"], "khodr"),
    "lufti": "lutfi",
}
_ROMAN = re.compile(r"[ivx]+")
_TOKEN = re.compile(r"[\w" + _APOSTROPHES + r"\u0080-\u00bf\u20ac\u2122\u0152-\u0178]+")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    key: str  # "" for a dropped word (an article)


def normalise(name: str) -> str:
    """The matching key of a place name: words separated by single spaces (see module docs).

    >>> normalise("ash-Sheikh Maqsoud") == normalise("Shaykh Maqsood")
    True
    """
    return " ".join(t.key for t in _tokens(name) if t.key)


def _tokens(text: str) -> list[_Token]:
    """Words of ``text`` with their offsets in ``text`` and their keys."""
    tokens: list[_Token] = []
    for m in _TOKEN.finditer(text):
        raw = repair_mojibake(m.group())
        start, end = m.start(), m.end()
        # Leading/trailing apostrophes and stray symbols are not part of the word's span.
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if start == end:
            continue
        following = text[m.end() : m.end() + 1]
        for key in _word_keys(raw, hyphenated=following == "-"):
            tokens.append(_Token(start, end, key))
    return tokens


def _word_keys(raw: str, *, hyphenated: bool) -> list[str]:
    folded = unicodedata.normalize("NFKD", raw)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = "".join(c for c in folded if c not in _APOSTROPHES)
    # Symbols left over (e.g. from unrepairable mojibake) split the word.
    words = [w for w in re.split(r"[\W_]+", folded) if w]
    if not words:
        return []
    if len(words) == 1 and (words[0] in _FREE_ARTICLES or (hyphenated and words[0] in ARTICLES)):
        return [""]
    return [_spelling_key(w) for w in words]


def _spelling_key(word: str) -> str:
    if _ROMAN.fullmatch(word):  # numbered districts: "Hamdaniyeh II" is not "Hamdaniyeh I"
        return word
    word = _WORD_VARIANTS.get(word, word)
    word = re.sub(r"(?:iyy?ah|iyy?eh|ieh|iyya)$", "iya", word)
    if len(word) > 3:
        word = re.sub(r"[ae]h$", "a", word)
    word = word.replace("ou", "u").replace("oo", "u").replace("ee", "i").replace("q", "k")
    return re.sub(r"(.)\1+", r"\1", word)


class Gazetteer:
    """Resolve place names to district and landmark ids.

    Built from a districts frame (index or ``id`` column = ids; ``name``, ``aliases`` and
    optionally ``group``) and optionally a landmarks frame (``id``, ``name``, ``aliases``).
    A district's group (``old-city``) is a name too: it resolves to every member, and so does
    each name ``groups`` (the scenario's ``groups``: group id -> names) gives it.
    """

    def __init__(
        self,
        districts: pd.DataFrame,
        landmarks: pd.DataFrame | None = None,
        groups: Mapping[str, Sequence[str]] | None = None,
    ):
        group_names = groups or {}
        self.district_ids: tuple[str, ...] = tuple(_ids(districts))
        self.landmark_ids: tuple[str, ...] = tuple(_ids(landmarks)) if landmarks is not None else ()
        self._aliases: dict[str, list[str]] = {}
        keys: dict[str, list[str]] = {}

        def add(spelling: str, place_id: str) -> None:
            key = normalise(spelling)
            ids = keys.setdefault(key, []) if key else []
            if key and place_id not in ids:
                ids.append(place_id)

        for frame, ids in ((districts, self.district_ids), (landmarks, self.landmark_ids)):
            if frame is None:
                continue
            names = _column(frame, "name")
            arabic = _column(frame, "name_ar")
            aliases = _column(frame, "aliases")
            for n, place_id in enumerate(ids):
                add(place_id, place_id)
                for spelling in (names[n], arabic[n]):
                    if isinstance(spelling, str):
                        add(spelling, place_id)
                self._aliases[place_id] = _alias_list(aliases[n])
                for alias in self._aliases[place_id]:
                    add(alias, place_id)
        groups = _column(districts, "group")
        members: dict[str, list[str]] = {}
        for place_id, group in zip(self.district_ids, groups, strict=True):
            if isinstance(group, str) and group:
                members.setdefault(group, []).append(place_id)
        for group, ids in members.items():
            for spelling in [group, *group_names.get(group, ())]:
                for place_id in ids:
                    add(spelling, place_id)
        order = {pid: n for n, pid in enumerate((*self.district_ids, *self.landmark_ids))}
        self._keys = {k: sorted(v, key=order.__getitem__) for k, v in keys.items()}
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for key in self._keys:
            words = tuple(key.split())
            self._by_first.setdefault(words[0], []).append(words)
        for seqs in self._by_first.values():
            seqs.sort(key=len, reverse=True)

    @classmethod
    def load(
        cls, scenario: str | None = None, groups: Mapping[str, Sequence[str]] | None = None
    ) -> Gazetteer:
        """The gazetteer of a scenario's district and landmark files, with the names of its
        ``groups`` (from its ``scenario.yaml``, which the caller reads)."""
        from .io import load_districts, load_landmarks

        return cls(load_districts(scenario), load_landmarks(scenario), groups)

    def resolve(self, name: str) -> list[str]:
        """Ids a spelling names, districts first then landmarks; ``[]`` if it names nothing."""
        return list(self._keys.get(normalise(name), []))

    def resolve_one(self, name: str, *, where: str | None = None, kind: str | None = None) -> str:
        """The single id ``name`` names; DataError with near matches if none or several.

        ``kind`` ("district" or "landmark") restricts the candidates; ``where`` says where
        the name was read, for the error message.
        """
        ids = self.resolve(name)
        if kind == "district":
            ids = [i for i in ids if i in self.district_ids]
        elif kind == "landmark":
            ids = [i for i in ids if i in self.landmark_ids]
        if len(ids) == 1:
            return ids[0]
        what = f"{kind} " if kind else ""
        if not ids:
            near = self.near_matches(name)
            hint = f"did you mean: {', '.join(near)}?" if near else "add it as an alias"
            raise DataError(f"unknown {what}name {name!r}", where=where, hint=hint)
        raise DataError(
            f"{what}name {name!r} is ambiguous: {', '.join(ids)}",
            where=where,
            hint="use one of these ids",
        )

    def near_matches(self, name: str, n: int = 5) -> list[str]:
        """Ids whose spellings are closest to ``name`` (difflib), best first."""
        found = difflib.get_close_matches(normalise(name), list(self._keys), n=n, cutoff=0.6)
        out: list[str] = []
        for key in found:
            out.extend(i for i in self._keys[key] if i not in out)
        return out[:n]

    def find_mentions(self, text: str) -> list[tuple[int, int, list[str]]]:
        """Every known spelling in ``text``: (start, end, ids), left to right, without overlaps.

        Matching works on whole words (keys of :func:`normalise`), the longest spelling
        starting at a word first; ``text[start:end]`` is the spelling as written.
        """
        tokens = [t for t in _tokens(text) if t.key]
        keys = [t.key for t in tokens]
        found: list[tuple[int, int, list[str]]] = []
        i = 0
        while i < len(tokens):
            for words in self._by_first.get(keys[i], []):
                if tuple(keys[i : i + len(words)]) == words:
                    last = tokens[i + len(words) - 1]
                    found.append((tokens[i].start, last.end, list(self._keys[" ".join(words)])))
                    i += len(words)
                    break
            else:
                i += 1
        return found

    def unknown_names(self, names: Iterable[str]) -> list[str]:
        """The spellings among ``names`` that resolve to nothing, in first-seen order."""
        return list(dict.fromkeys(n for n in names if not self.resolve(n)))

    def unused_aliases(self, texts: Sequence[str], *, exact: bool = False) -> list[tuple[str, str]]:
        """(id, alias) pairs that no text uses, sorted.

        By default an alias counts as used when any spelling with the same key occurs;
        with ``exact=True`` the alias itself must occur (case-insensitive, whole words).
        """
        if exact:
            haystack = [repair_mojibake(t).casefold() for t in texts]
        else:
            haystack = [" " + " ".join(t.key for t in _tokens(x) if t.key) + " " for x in texts]
        unused = []
        for place_id, aliases in self._aliases.items():
            for alias in aliases:
                if exact:
                    pattern = re.compile(r"(?<!\w)" + re.escape(alias.casefold()) + r"(?!\w)")
                    used = any(pattern.search(h) for h in haystack)
                else:
                    used = any(f" {normalise(alias)} " in h for h in haystack)
                if not used:
                    unused.append((place_id, alias))
        return sorted(set(unused))

    def aliases(self, place_id: str) -> list[str]:
        """The aliases recorded for ``place_id`` (empty for an unknown id)."""
        return list(self._aliases.get(place_id, []))


def _ids(frame: pd.DataFrame) -> list[str]:
    if "id" in frame.columns:
        return [str(i) for i in frame["id"]]
    return [str(i) for i in frame.index]


def _column(frame: pd.DataFrame, name: str) -> list[object]:
    return list(frame[name]) if name in frame.columns else [None] * len(frame)


def _alias_list(value: object) -> list[str]:
    if value is None or isinstance(value, float):
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]  # type: ignore[union-attr]
