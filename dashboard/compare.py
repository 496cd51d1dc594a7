"""The compare view's data: what changed between two days, as the browser will draw it.

:func:`compare_payload` turns :func:`timeline.diff.diff_days` and
:func:`timeline.arrows.advance_arrows` into plain JSON in the idiom of
:mod:`dashboard.payload`: districts by their index in the map order (``payload.ids``),
shares in the scenario's faction order (``payload.map.factions``), dates as ISO strings.
It is computed per pair of days (the payload itself stays one per scenario), so a route or
a callback can answer ``?date=B&compare=A`` with it.

Shape:

- ``from``, ``to``: the two days; ``caption``: "Changes 26 Nov → 6 Dec 2016"
  (:func:`compare_caption`);
- ``rows``: one per district whose shares differ, in map order: ``d`` (district index),
  ``id``, ``name``, ``from`` / ``to`` (``{holder, shares}``), ``gainer``, ``km2`` (per
  faction), ``confidence`` (``reported`` only when every change behind it is) and
  ``changes`` (date, event id, title, confidence, source ids);
- ``km2``: net km² per faction (the statistics' differences); ``enclave``:
  ``{before, after, change}`` of the attacker's share of the enclave, or ``null``;
- ``arrows``: per arrow ``faction``, ``districts`` (indices), ``days`` (ISO, same order),
  ``first``, ``last``, ``km2``, ``weight`` and ``lons`` / ``lats`` (origin, target, end);
- ``meta``: scenario, title, dates, credits and licence (:func:`timeline.diff.provenance`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd

from timeline.arrows import advance_arrows
from timeline.diff import diff_days

__all__ = ["OVERLAY", "compare_caption", "compare_payload"]

_DIGITS = 5  # as the payload's coordinates (COORD_DECIMALS)

OVERLAY = {
    # A changed district: an outline in the gaining faction's colour over a white halo.
    "halo": {"colour": "#ffffff", "width": 5},
    "outline_width": 3,
    # Day A's front line, beside day B's.
    "front": {"colour": "#333333", "width": 1.5, "dash": "dash"},
    # The arrows' edge (their fill: the faction's colour; the halo's white under them).
    "arrow_edge": "#1d1d1b",
}
"""How the compare view marks the map (the browser's overlay, assets/js/compare-map.mjs,
draws with these: the page hands them over on the changes list, the compare route to
``/embed``); exports draw the same."""


def _short(day: pd.Timestamp, *, year: bool) -> str:
    text = f"{day.day} {day.strftime('%b')}"
    return f"{text} {day.year}" if year else text


def compare_caption(start: date | str, end: date | str) -> str:
    """``"Changes 26 Nov → 6 Dec 2016"``; both years when the two days' years differ."""
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    return f"Changes {_short(a, year=a.year != b.year)} → {_short(b, year=True)}"


def compare_payload(
    scenario: Any,
    start: date | str,
    end: date | str,
    ids: Sequence[str] | None = None,
    *,
    arrows: bool = True,
) -> dict[str, Any]:
    """The compare view's data from day ``start`` (A) to day ``end`` (B) of ``scenario`` (a
    :class:`~timeline.scenario.Scenario`). ``ids`` is the map order of the districts (the
    payload's ``ids``; default: the district layer's order). ``ValueError`` for a day
    outside the battle or A after B (see :func:`timeline.diff.diff_days`)."""
    diff = diff_days(scenario, start, end)
    order = [str(i) for i in (ids if ids is not None else scenario.districts.index)]
    index = {ident: i for i, ident in enumerate(order)}
    factions = list(diff.factions)
    rows = []
    for change in diff.districts:
        rows.append(
            {
                "d": index[change.district],
                "id": change.district,
                "name": change.name,
                "from": {
                    "holder": change.holder_before,
                    "shares": [round(change.before[f], 4) for f in factions],
                },
                "to": {
                    "holder": change.holder_after,
                    "shares": [round(change.after[f], 4) for f in factions],
                },
                "gainer": change.gainer,
                "km2": [round(change.km2[f], 4) + 0.0 for f in factions],
                "confidence": change.confidence,
                "changes": [
                    {
                        "date": c.date,
                        "event": c.event,
                        "title": c.title,
                        "confidence": c.confidence,
                        "sources": list(dict.fromkeys(s["id"] for s in c.sources)),
                    }
                    for c in change.changes
                ],
            }
        )
    rows.sort(key=lambda row: row["d"])
    drawn = []
    if arrows:
        found = advance_arrows(
            scenario.daily,
            scenario.districts,
            scenario.adjacency,
            diff.start,
            diff.end,
            scenario.crs,
        )
        for arrow in found:
            lons, lats = zip(*arrow.line.coords, strict=True)
            drawn.append(
                {
                    "faction": arrow.faction,
                    "districts": [index[d] for d in arrow.districts],
                    "days": [arrow.days[d] for d in arrow.districts],
                    "first": arrow.first,
                    "last": arrow.last,
                    "km2": round(arrow.km2, 4),
                    "weight": round(arrow.weight, 4),
                    "lons": [round(x, _DIGITS) for x in lons],
                    "lats": [round(y, _DIGITS) for y in lats],
                }
            )
    enclave = None if diff.enclave is None else {k: round(v, 6) for k, v in diff.enclave.items()}
    return {
        "from": diff.start,
        "to": diff.end,
        "caption": compare_caption(diff.start, diff.end),
        "factions": factions,
        "rows": rows,
        "km2": {f: round(v, 4) + 0.0 for f, v in diff.km2.items()},
        "enclave": enclave,
        "arrows": drawn,
        "meta": diff.meta,
    }
