"""Dates as they are written: month names in several languages, and the dates they form.

``ABSOLUTE`` finds a written date ("27 November", "December 15, 2016", "15. studenog",
"le 3 janvier"); :func:`date_parts` reads its day, month and year (``None`` when none is
written); :func:`full_dates` lists the complete dates of a text. Reading a document
(:mod:`timeline.ingest.documents`) and dating its sentences (:mod:`timeline.ingest.dates`)
both rely on them.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["ABSOLUTE", "date_parts", "full_dates"]

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january siječanj siječnja janvier januar enero",
        "february veljača veljače février fevrier februar febrero",
        "march ožujak ožujka mars märz maerz marzo",
        "april travanj travnja avril abril",
        "may svibanj svibnja mai mayo",
        "june lipanj lipnja juin juni junio",
        "july srpanj srpnja juillet juli julio",
        "august kolovoz kolovoza août aout agosto",
        "september sept rujan rujna septembre septiembre setiembre",
        "october listopad listopada octobre oktober octubre",
        "november studeni studenoga studenog novembre noviembre",
        "december prosinac prosinca décembre decembre dezember diciembre",
    ],
    start=1,
):
    _MONTHS.update(dict.fromkeys(_names.split(), _number))
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_CAPITAL_ONLY = {"may", "march"}  # English words too: a month only when capitalised
ABSOLUTE = re.compile(
    rf"\b(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?P<m>{_MONTH})\b\.?"
    rf"(?:,?\s+(?:de\s+)?(?P<y>\d{{4}})\b)?"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y2>\d{{4}})\b)?)",
    re.IGNORECASE,
)


def full_dates(text: str) -> list[date]:
    """Every complete date (day, month and year) written out in ``text``, in order."""
    found = []
    for m in ABSOLUTE.finditer(text):
        parts = date_parts(m)
        if parts and parts[2] is not None:
            try:
                found.append(date(parts[2], parts[1], parts[0]))
            except ValueError:
                continue
    return found


def date_parts(m: re.Match) -> tuple[int, int, int | None] | None:
    """(day, month, year or ``None``) of a match of :data:`ABSOLUTE`; ``None`` when its month
    is also an English word written in lower case ("may", "march")."""
    name = m.group("m") or m.group("m2")
    if name.lower() in _CAPITAL_ONLY and not name[0].isupper():
        return None
    day = int(m.group("d") or m.group("d2"))
    year = m.group("y") or m.group("y2")
    return day, _MONTHS[name.lower()], int(year) if year else None
