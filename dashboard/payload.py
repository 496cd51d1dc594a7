"""The data the browser receives once: every day's state of every district, compactly.

Scrubbing the date slider never asks the server for anything: the page holds this payload
(in a ``dcc.Store``) and the clientside code switches days by recolouring the map.

Shape (all plain JSON):

- ``dates`` / ``labels``: ISO dates and short labels ("19 Nov") of every day;
- ``ids``, ``names``, ``names_ar``: districts in map order (the order of the map trace);
- ``states``: unique district states, each ``{d, shares, status, since, change}``
  (district index, the share of each faction in ``map.factions`` order, status, date of
  the change, index into ``changes``);
- ``days``: for each day, the state index of every district (map order);
- ``colours``: per palette, the fill colour of every state;
- ``palettes``: per palette, each faction's colour (by faction id) and the front's;
- ``changes``: control changes behind the states (date, event id, confidence, note);
- ``fronts``: per day ``[lons, lats, km]`` of the front line (``null`` separates pieces);
- ``frames``: the interpolated moments (``per_day`` of them a day) from
  :func:`timeline.moments.moments_payload`: per moment the holder of each whole district, the
  shares of shared ones, the faction parts inside shared districts and the front pieces,
  as indices into one list of simplified geometries;
- ``events`` / ``sources``: the event feed and the documents it cites;
- ``stats``: per day ``<faction id>_km2`` per faction, ``front_km``, and
  ``share_of_enclave`` (the attacker's share of the first day's enclave) only when the
  scenario's statistics have it;
- ``change_days``: indices of days on which control changed;
- ``descriptions``: per day, a text alternative of the map (:mod:`dashboard.describe`);
- ``aliases``: per district (map order) its other names, English and Arabic;
- ``map``: what the browser draws the map with (trace indices, the factions in scenario
  order and their labels, palette labels, outlines, the default palette;
  :func:`dashboard.figures.map_constants`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

from dashboard.describe import describe_days
from dashboard.figures import map_constants
from dashboard.palettes import FactionLike, build_palettes, mix
from timeline.model import Source, citation_link

COORD_DECIMALS = 5
# The stats' column of the attacker's share of the first day's enclave, by the names it has
# had (FALLBACK: the merger drops ``gov_share_of_enclave`` once the timeline names it
# generically); the payload calls it ``share_of_enclave``.
ENCLAVE_SHARE = (
    "attacker_share_of_enclave"  # timeline.stats: only when the scenario names both sides
)


def iso(value: Any) -> str:
    """An ISO date string (YYYY-MM-DD) from a date, datetime, Timestamp or string."""
    if isinstance(value, str):
        return value[:10]
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def short_label(iso_date: str) -> str:
    """'2016-11-19' -> '19 Nov'."""
    d = date.fromisoformat(iso_date)
    return f"{d.day} {d.strftime('%b')}"


def long_label(iso_date: str) -> str:
    """'2016-11-19' -> 'Saturday 19 November 2016'."""
    d = date.fromisoformat(iso_date)
    return f"{d.strftime('%A')} {d.day} {d.strftime('%B %Y')}"


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _num(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _line_coords(geom) -> tuple[list[float | None], list[float | None]]:
    """Lon and lat lists of a (multi)line geometry, pieces separated by ``None``."""
    lons: list[float | None] = []
    lats: list[float | None] = []
    if geom is None or geom.is_empty:
        return lons, lats
    parts = getattr(geom, "geoms", [geom])
    for part in parts:
        if part.geom_type not in ("LineString", "LinearRing"):
            sub_lons, sub_lats = _line_coords(part)
            lons += sub_lons
            lats += sub_lats
            continue
        if lons:
            lons.append(None)
            lats.append(None)
        for x, y in part.coords:
            lons.append(round(x, COORD_DECIMALS))
            lats.append(round(y, COORD_DECIMALS))
    return lons, lats


def _as_source(sid: str, src: Any) -> Source:
    """``src`` (a :class:`Source` or a mapping of its fields; ``None``: unknown) as a
    :class:`Source`, for :func:`timeline.model.citation_link`."""
    if isinstance(src, Source):
        return src
    return Source(
        str(sid),
        str(_get(src, "kind", "") or ""),
        str(_get(src, "outlet", sid) or sid),
        str(_get(src, "title", "") or ""),
        _get(src, "url") or None,
        str(_get(src, "language", "") or ""),
        _get(src, "date") or date.min,
        tuple(_get(src, "sections", ()) or ()),
    )


def event_record(event: Any, sources: Mapping[str, Any]) -> dict[str, Any]:
    """One event as the feed and the district panel show it, with its sources resolved."""
    refs = []
    for ref in _get(event, "sources", ()) or ():
        sid = _get(ref, "id")
        src = sources.get(sid)
        section = _get(ref, "section")
        url, target = citation_link(_as_source(sid, src), section)
        refs.append(
            {
                "id": sid,
                "section": section,
                "passage": _get(ref, "passage"),
                "outlet": _get(src, "outlet", sid) if src is not None else sid,
                "title": _get(src, "title", "") if src is not None else "",
                "date": iso(_get(src, "date")) if _get(src, "date") is not None else "",
                "url": url,
                "target": target,
                "offline": url is None,
                "language": _get(src, "language", "") if src is not None else "",
            }
        )
    claims = []
    for claim in _get(event, "claims", ()) or ():
        value = _get(claim, "value")
        if isinstance(value, (list, tuple)):
            value = list(value)
        src = sources.get(_get(claim, "source"))
        claims.append(
            {
                "what": _get(claim, "what"),
                "value": value,
                "qualifier": _get(claim, "qualifier"),
                "claimant": _get(claim, "claimant"),
                "source": _get(claim, "source"),
                "outlet": _get(src, "outlet") if src is not None else None,
                "note": _get(claim, "note"),
            }
        )
    return {
        "id": _get(event, "id"),
        "date": iso(_get(event, "date")),
        "title": _get(event, "title", ""),
        "summary": _get(event, "summary", ""),
        "kind": _get(event, "kind", ""),
        "districts": list(_get(event, "districts", ()) or ()),
        "landmarks": list(_get(event, "landmarks", ()) or ()),
        "sources": refs,
        "claims": claims,
    }


def _frame_front(frames: Mapping[str, Any], index: int) -> list[Any]:
    """The front of one frame as ``[lons, lats, km]`` (pieces separated by ``None``)."""
    from dashboard.figures import frame_front

    lons, lats = frame_front({"frames": frames}, index)
    frame = frames["frames"][min(index, len(frames["frames"]) - 1)]
    return [lons, lats, frame["front_km"]]


def _frames_in_map_order(
    frames: Mapping[str, Any], district_ids: Sequence[str], faction_ids: Sequence[str]
) -> dict:
    """Frames with ``holder`` re-ordered to the map's district order, and holders and shares
    to the scenario's faction order."""
    order = {d: i for i, d in enumerate(frames["districts"])}
    missing = [d for d in district_ids if d not in order]
    if missing:
        raise ValueError(f"frames lack districts {missing[:5]}")
    theirs = list(frames["factions"])
    if sorted(theirs) != sorted(faction_ids):
        raise ValueError(f"frames have factions {theirs}, the scenario {list(faction_ids)}")
    to_ours = [list(faction_ids).index(f) for f in theirs]
    from_ours = [theirs.index(f) for f in faction_ids]
    same = to_ours == list(range(len(theirs)))
    pick = [order[d] for d in district_ids]
    out = []
    for frame in frames["frames"]:
        holder = [frame["holder"][i] for i in pick]
        if same:
            out.append({**frame, "holder": holder})
            continue
        shares = {d: [v[i] for i in from_ours] for d, v in frame["shares"].items()}
        holder = [h if h < 0 else to_ours[h] for h in holder]
        out.append({**frame, "holder": holder, "shares": shares})
    return {
        "factions": list(faction_ids),
        "geometries": frames["geometries"],
        "frames": out,
    }


def build_payload(
    *,
    district_ids: Sequence[str],
    factions: Sequence[FactionLike],
    names: Sequence[str],
    names_ar: Sequence[str],
    daily: pd.DataFrame,
    events: Iterable[Any],
    sources: Mapping[str, Any],
    stats: pd.DataFrame,
    fronts: pd.DataFrame | None = None,
    frames: Mapping[str, Any] | None = None,
    per_day: int = 1,
    title: str = "",
    attacker: str | None = None,
    aliases: Sequence[Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Assemble the browser payload from the scenario's derived tables (pure, no Dash).

    ``factions`` (2 to 6, in scenario order) name the daily table's share columns and the
    stats' ``<id>_km2`` columns; their colours make the palettes (ValueError when they
    cannot be told apart, see :func:`dashboard.palettes.build_palettes`).
    ``attacker`` (a faction id) names who holds the enclave share in the day descriptions;
    ``aliases`` (per district, other spellings: English, Arabic) feed the district chooser
    and ``?district=`` links.
    """
    palettes = build_palettes(factions)
    faction_ids = [f.id for f in factions]
    missing = [f for f in faction_ids if f not in daily.columns]
    if missing:
        raise ValueError(
            f"the daily table has no share column for faction(s) {', '.join(missing)}: "
            f"its columns are {', '.join(map(str, daily.columns))}"
        )
    index_of = {d: i for i, d in enumerate(district_ids)}
    frame = daily.copy()
    frame["iso"] = [iso(v) for v in frame["date"]]
    frame["since_iso"] = [iso(v) for v in frame["since"]]
    dates = sorted(frame["iso"].unique())
    day_of = {d: i for i, d in enumerate(dates)}

    changes: list[dict[str, Any]] = []
    change_of: dict[tuple[str, str], int] = {}
    states: list[dict[str, Any]] = []
    state_of: dict[tuple[str, str], int] = {}
    days = [[-1] * len(district_ids) for _ in dates]
    cols = ["iso", "since_iso", "district", "status", "event", "confidence", "note"]
    for *row_values, row_shares in zip(
        *(frame[c] for c in cols), frame[faction_ids].itertuples(index=False, name=None)
    ):
        day_iso, since_iso, district, status, event, confidence, note = row_values
        di = index_of.get(district)
        if di is None:
            continue
        key = (district, since_iso)
        if key not in state_of:
            if key not in change_of:
                change_of[key] = len(changes)
                changes.append(
                    {
                        "date": since_iso,
                        "district": district,
                        "event": event if isinstance(event, str) else None,
                        "confidence": confidence if isinstance(confidence, str) else "",
                        "note": note if isinstance(note, str) else "",
                    }
                )
            state_of[key] = len(states)
            states.append(
                {
                    "d": di,
                    "shares": [round(float(v), 4) for v in row_shares],
                    "status": status,
                    "since": since_iso,
                    "change": change_of[key],
                }
            )
        days[day_of[day_iso]][di] = state_of[key]

    colours = {
        key: [mix(s["shares"], [p.faction(f) for f in faction_ids]) for s in states]
        for key, p in palettes.items()
    }
    change_days = [
        i for i in range(1, len(dates)) if any(a != b for a, b in zip(days[i], days[i - 1]))
    ]

    if frames is not None:
        front_list = [_frame_front(frames, i * per_day) for i in range(len(dates))]
    else:
        front_by_day: dict[str, list[Any]] = {}
        for row in (fronts if fronts is not None else pd.DataFrame()).itertuples(index=False):
            lons, lats = _line_coords(row.geometry)
            front_by_day[iso(row.date)] = [lons, lats, round(float(row.length_km), 2)]
        front_list = [front_by_day.get(d, [[], [], 0.0]) for d in dates]

    stats_rows = []
    stats_by_day = {iso(r["date"]): r for r in stats.to_dict("records")}
    enclave = ENCLAVE_SHARE if ENCLAVE_SHARE in stats.columns else None
    for d in dates:
        r = stats_by_day.get(d, {})
        row = {f"{f}_km2": _num(r.get(f"{f}_km2")) for f in faction_ids}
        row["front_km"] = _num(r.get("front_km"))
        if enclave is not None:
            row["share_of_enclave"] = _num(r.get(enclave))
        stats_rows.append(row)

    event_rows = [event_record(e, sources) for e in events]
    event_rows.sort(key=lambda e: (e["date"], e["id"]))
    out = {
        "title": title,
        "dates": dates,
        "labels": [short_label(d) for d in dates],
        "long_labels": [long_label(d) for d in dates],
        "ids": list(district_ids),
        "names": list(names),
        "names_ar": [n if isinstance(n, str) else "" for n in names_ar],
        "states": states,
        "days": days,
        "colours": colours,
        "palettes": {k: dict(p.colours) | {"front": p.front} for k, p in palettes.items()},
        "changes": changes,
        "change_days": change_days,
        "fronts": front_list,
        "frames": (
            _frames_in_map_order(frames, district_ids, faction_ids) if frames is not None else None
        ),
        "per_day": per_day if frames is not None else 1,
        "stats": stats_rows,
        "events": event_rows,
        "map": map_constants(factions, palettes),
        "aliases": _alias_lists(names, aliases),
    }
    out["descriptions"] = describe_days(out, attacker=attacker)
    return out


def _alias_lists(names: Sequence[str], aliases: Sequence[Any] | None) -> list[list[str]]:
    """Per district its other spellings (not repeating its name), as plain strings."""
    out = []
    for i, name in enumerate(names):
        extra = aliases[i] if aliases is not None and i < len(aliases) else None
        seen = {str(name)}
        row = []
        for a in extra if isinstance(extra, (list, tuple)) else ():
            if isinstance(a, str) and a and a not in seen:
                seen.add(a)
                row.append(a)
        out.append(row)
    return out


def browser_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload as the dashboard page needs it: ``fronts`` only when there are no frames.

    With interpolated frames the page draws every front from the frames' geometries, so
    the per-day copy (a quarter of the payload before compression) is left out.
    """
    if payload.get("frames"):
        return {k: v for k, v in payload.items() if k != "fronts"}
    return dict(payload)
