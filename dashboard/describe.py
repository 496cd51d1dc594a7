"""A text alternative of every day's map, written from the payload's data (pure, no Dash).

The dashboard's live region and table caption, the HTML export's description and the alt
text of slides read these sentences instead of the map: who held how many districts and how
many square kilometres, the share of the first day's enclave the attacker held, and which
districts changed hands since the day before, each with the confidence of its change
(reported or inferred).

:func:`describe_days` takes the payload :func:`dashboard.payload.build_payload` assembles
(``dates``, ``long_labels``, ``names``, ``states``, ``days``, ``changes``, ``stats``,
``map``) and gives one paragraph per day; the payload carries them as ``descriptions``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

CONTESTED = "contested"
# Names listed per kind of change before the rest are only counted.
MAX_NAMES = 12


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 district', '3 districts', 'no districts'."""
    if n == 0:
        return f"no {many or one + 's'}"
    return f"{n} {one if n == 1 else (many or one + 's')}"


def area_text(km2: float | None) -> str:
    """14.25 -> '14.3 square kilometres' (one decimal; 'an unknown area' for None)."""
    if km2 is None:
        return "an unknown area"
    value = f"{km2:,.1f}"
    unit = "square kilometre" if value == "1.0" else "square kilometres"
    return f"{value} {unit}"


def percent_text(x: float) -> str:
    """0.347 -> '35%' (below 1% but above 0: 'less than 1%')."""
    if 0 < x < 0.005:
        return "less than 1%"
    return f"{round(100 * x)}%"


def join_words(items: Sequence[str]) -> str:
    """['a'] -> 'a'; ['a', 'b'] -> 'a and b'; ['a', 'b', 'c'] -> 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _names_text(entries: Sequence[tuple[str, str]]) -> str:
    """'Hanano (reported), Jabal Badro (inferred) and 3 other districts'."""
    shown = [f"{name} ({conf})" if conf else name for name, conf in entries[:MAX_NAMES]]
    rest = len(entries) - len(shown)
    if rest:
        shown.append(plural(rest, "other district"))
    return join_words(shown)


def holdings(payload: Mapping[str, Any], day: int) -> dict[str, int]:
    """How many districts each status (faction id or 'contested') had on ``day``."""
    counts: dict[str, int] = {}
    for s in payload["days"][day]:
        if s < 0:
            continue
        status = payload["states"][s]["status"]
        counts[status] = counts.get(status, 0) + 1
    return counts


def changes_since(payload: Mapping[str, Any], day: int) -> list[dict[str, Any]]:
    """The districts whose state differs from the day before, in map order: ``{district,
    name, status, confidence, shares}`` (none on the first day)."""
    if day <= 0:
        return []
    out = []
    today, before = payload["days"][day], payload["days"][day - 1]
    for i, (s, prev) in enumerate(zip(today, before)):
        if s == prev or s < 0:
            continue
        state = payload["states"][s]
        change = payload["changes"][state["change"]]
        out.append(
            {
                "district": payload["ids"][i],
                "name": payload["names"][i],
                "status": state["status"],
                "confidence": change.get("confidence") or "",
                "shares": state["shares"],
            }
        )
    return out


def _holder_phrase(status: str, labels: Mapping[str, str]) -> str:
    return "became contested" if status == CONTESTED else f"passed to {labels.get(status, status)}"


def describe_day(payload: Mapping[str, Any], day: int, *, attacker: str | None = None) -> str:
    """One day in sentences: the date; per faction the districts it held and its area; the
    contested districts; the attacker's share of the first day's enclave (when the stats
    have it); what changed since the day before, with each change's confidence."""
    m = payload["map"]
    labels: Mapping[str, str] = m["labels"]
    counts = holdings(payload, day)
    stats = payload["stats"][day] if day < len(payload.get("stats") or []) else {}
    held = []
    for f in m["factions"]:
        n = counts.get(f, 0)
        km2 = stats.get(f"{f}_km2")
        held.append(f"{labels[f]} held {plural(n, 'district')} ({area_text(km2)})")
    parts = [payload["long_labels"][day] + ".", join_words(held) + "."]
    contested = counts.get(CONTESTED, 0)
    if contested:
        verb = "was" if contested == 1 else "were"
        parts.append(f"{plural(contested, 'district')} {verb} contested.")
    share = stats.get("share_of_enclave")
    if share is not None and attacker in labels:
        first = payload["long_labels"][0].split(" ", 1)[-1]
        parts.append(
            f"{labels[attacker]} held {percent_text(share)} of the enclave as it stood on {first}."
        )
    if day == 0:
        parts.append("This is the first day shown.")
        return " ".join(parts)
    changed = changes_since(payload, day)
    if not changed:
        parts.append("No district changed hands since the day before.")
        return " ".join(parts)
    by_status: dict[str, list[tuple[str, str]]] = {}
    for c in changed:
        by_status.setdefault(c["status"], []).append((c["name"], c["confidence"]))
    clauses = [
        f"{_names_text(entries)} {_holder_phrase(status, labels)}"
        for status, entries in by_status.items()
    ]
    parts.append(
        f"Since the day before, {plural(len(changed), 'district')} changed: "
        + "; ".join(clauses)
        + "."
    )
    return " ".join(parts)


def describe_days(payload: Mapping[str, Any], *, attacker: str | None = None) -> list[str]:
    """:func:`describe_day` for every day of the payload."""
    return [describe_day(payload, d, attacker=attacker) for d in range(len(payload["dates"]))]


def chart_description(payload: Mapping[str, Any]) -> str:
    """What the area chart shows, in words: each faction's area on the first and the last
    day, and the biggest single-day change."""
    m = payload["map"]
    stats = payload.get("stats") or []
    labels = payload["long_labels"]
    if not stats:
        return "Area held by each side, day by day."
    first, last = stats[0], stats[-1]
    parts = []
    for f in m["factions"]:
        a, b = first.get(f"{f}_km2"), last.get(f"{f}_km2")
        parts.append(f"{m['labels'][f]} from {area_text(a)} to {area_text(b)}")
    span = f"{labels[0].split(' ', 1)[-1]} to {labels[-1].split(' ', 1)[-1]}"
    text = f"Area held by each side, day by day, from {span}: " + join_words(parts) + "."
    gains = []
    for i in range(1, len(stats)):
        for f in m["factions"]:
            a, b = stats[i - 1].get(f"{f}_km2"), stats[i].get(f"{f}_km2")
            if a is not None and b is not None:
                gains.append((b - a, i, f))
    if gains:
        gain, i, f = max(gains)
        if gain > 0:
            text += (
                f" The biggest gain in one day was {area_text(gain)} by {m['labels'][f]}"
                f" on {labels[i]}."
            )
    return text
