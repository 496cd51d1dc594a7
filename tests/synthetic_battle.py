"""A synthetic battle of any number of factions, built without the timeline: a row of
square districts near 18° E, 34° S, a daily table in which each faction holds one district
and the first two share the last one from the second day, km² per faction, and the
:class:`~dashboard.viewdata.ViewData` the dashboard draws from (payload via
:func:`dashboard.payload.build_payload`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.palettes import FactionStyle
from dashboard.payload import build_payload
from dashboard.viewdata import ViewData

DATES = ("2020-03-01", "2020-03-02", "2020-03-03")
LON, LAT, SIDE = 18.40, -33.95, 0.01

TWO = (
    FactionStyle("defenders", "Defenders of the port", "#1f77b4"),
    FactionStyle("besiegers", "Besieging columns", "#d62728"),
)
FOUR = (
    FactionStyle("north", "Northern league", "#1f77b4"),
    FactionStyle("south", "Southern front", "#d62728", "#e69f00"),
    FactionStyle("east", "Eastern army", "#2ca02c"),
    FactionStyle("west", "Western militia", "#9467bd"),
)


def district_ids(factions: Sequence[FactionStyle]) -> list[str]:
    return [f"d-{f.id}" for f in factions] + ["shared"]


def daily(factions: Sequence[FactionStyle]) -> pd.DataFrame:
    ids = [f.id for f in factions]
    rows = []
    for day, date in enumerate(DATES):
        for i, district in enumerate(district_ids(factions)):
            shares = [0.0] * len(ids)
            if i < len(ids):
                shares[i], status, since = 1.0, ids[i], DATES[0]
            elif day == 0:
                shares[0], status, since = 1.0, ids[0], DATES[0]
            else:
                shares[0] = shares[1] = 0.5
                status, since = "contested", DATES[1]
            event = "e-split" if since == DATES[1] else None
            rows.append(
                {"date": date, "district": district, **dict(zip(ids, shares))}
                | {"status": status, "since": since, "event": event}
                | {"confidence": "reported", "note": ""}
            )
    return pd.DataFrame(rows)


def stats(factions: Sequence[FactionStyle]) -> pd.DataFrame:
    frame = daily(factions)
    rows = []
    for date, day in frame.groupby("date"):
        row = {"date": date, "front_km": 1.0}
        for f in factions:
            row[f"{f.id}_km2"] = float(day[f.id].sum())
        rows.append(row)
    return pd.DataFrame(rows)


def geojson(factions: Sequence[FactionStyle]) -> dict:
    features = []
    for i, district in enumerate(district_ids(factions)):
        x0 = LON + i * SIDE
        ring = [[x0, LAT], [x0 + SIDE, LAT], [x0 + SIDE, LAT + SIDE], [x0, LAT + SIDE], [x0, LAT]]
        features.append(
            {
                "type": "Feature",
                "properties": {"id": district, "name": district.upper()},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def fronts(factions: Sequence[FactionStyle]) -> pd.DataFrame:
    import shapely

    x = LON + len(factions) * SIDE
    line = shapely.LineString([(x, LAT), (x, LAT + SIDE)])
    return pd.DataFrame({"date": list(DATES), "geometry": [line] * 3, "length_km": [1.1] * 3})


EVENTS = (
    {
        "id": "e-split",
        "date": DATES[1],
        "title": "The shared district is split",
        "summary": "Both sides hold half of it.",
        "kind": "advance",
        "districts": ["shared"],
        "sources": [],
        "claims": [],
    },
)


def payload(factions: Sequence[FactionStyle]) -> dict:
    ids = district_ids(factions)
    return build_payload(
        district_ids=ids,
        factions=factions,
        names=[i.upper() for i in ids],
        names_ar=[""] * len(ids),
        daily=daily(factions),
        events=EVENTS,
        sources={},
        stats=stats(factions),
        fronts=fronts(factions),
        title="Siege of the synthetic port",
    )


def view_data(factions: Sequence[FactionStyle], credits: str = "") -> ViewData:
    return ViewData(
        payload=payload(factions),
        geojson=geojson(factions),
        landmarks={"type": "FeatureCollection", "features": []},
        credits=credits,
        scenario=None,
        files=(),
        digest=f"synthetic-{len(factions)}",
    )
