"""Plotly animation frames of the map, derived from ``map_figure``, and the pictures of an
animation with several moments a day.

- :func:`moments` lists the ``(day, frame)`` pictures of an animation with ``per_day``
  pictures a day (:func:`check_per_day` says which counts the payload allows); the GIF/MP4
  exporter renders them as slides.
- :func:`plot_frames` turns the same pictures into plotly frames for the standalone page
  and the embed: a frame per day (only what changes), heavy layers stored once, and the
  moments between days as small frames based on their day's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import plotly.io as pio

from dashboard.figures import (
    TRACE_DISTRICTS,
    TRACE_PARTS_FIRST,
    colour_scale,
    factions_of,
    frame_fill,
    frame_front,
    frame_parts,
    map_figure,
    trace_indices,
)

_NO_GEOMETRY: Mapping[str, Any] = {"type": "FeatureCollection", "features": []}


def check_per_day(payload: Mapping[str, Any], per_day: int) -> int:
    """``per_day`` if the payload's interpolated frames can give that many moments a day.

    The payload holds ``payload["per_day"]`` moments a day (1 when it has no frames); an
    animation can show every one of them or an even subset, so ``per_day`` must divide it.
    """
    held = int(payload.get("per_day") or 1) if payload.get("frames") else 1
    if not isinstance(per_day, int) or per_day < 1 or held % per_day:
        choices = ", ".join(str(n) for n in range(1, held + 1) if held % n == 0)
        raise ValueError(
            f"{per_day} moments a day is not available: the map data holds {held} a day, "
            f"choose {choices}"
        )
    return per_day


def moments(
    payload: Mapping[str, Any], per_day: int, first: int = 0, last: int | None = None
) -> list[tuple[int, int | None]]:
    """``(day, frame)`` of every picture of an animation from day ``first`` to ``last``.

    With ``per_day`` 1 the pictures are the days themselves (``frame`` is ``None``). With
    ``per_day`` N > 1 each day but the last is followed by N - 1 interpolated moments (frame
    indices ``day * payload["per_day"] + step``, evenly spaced), so ``first..last`` gives
    ``(last - first) * N + 1`` pictures ending on the last day's own moment.
    """
    check_per_day(payload, per_day)
    n_days = len(payload["dates"])
    last = n_days - 1 if last is None else last
    if not 0 <= first <= last < n_days:
        raise ValueError(f"days {first}..{last} are outside 0..{n_days - 1}")
    if per_day == 1:
        return [(day, None) for day in range(first, last + 1)]
    held = int(payload["per_day"])
    step = held // per_day
    out = [(day, day * held + k * step) for day in range(first, last) for k in range(per_day)]
    return [*out, (last, last * held)]


def day_frame(payload: Mapping[str, Any], day: int, per_day: int) -> int | None:
    """The interpolated frame a day's own picture is drawn from (``None``: the day as it
    is, when there are no moments between days)."""
    return None if per_day == 1 else day * int(payload["per_day"])


def _day_traces(
    data: Mapping[str, Any], palette: str, per_day: int = 1
) -> list[list[dict[str, Any]]]:
    """Every day's map traces, as plotly JSON, straight from ``figures.map_figure``.

    The district geometry is the same every day and plotly copies it twice per figure
    (most of the cost), so these figures get an empty collection in its place; the page's
    base figure has the real one. With ``per_day`` > 1 a day is drawn as its first
    interpolated moment, so the days and the moments between them match exactly.
    """
    payload = data["payload"]
    days = []
    for day in range(len(payload["dates"])):
        fig = map_figure(
            payload,
            _NO_GEOMETRY,
            data["landmarks"],
            day=day,
            palette=palette,
            frame=day_frame(payload, day, per_day),
        )
        days.append(fig.to_plotly_json()["data"])
    if len({len(traces) for traces in days}) > 1:
        raise ValueError("map_figure gave a different number of traces on different days")
    return days


def _moment_traces(
    payload: Mapping[str, Any], day_traces: list[dict[str, Any]], frame: int, palette: str
) -> list[dict[str, Any]]:
    """The map at interpolated ``frame``: its day's traces with the moving layers replaced.

    ``map_figure(..., frame=frame)`` differs from the day's figure only in what the frame
    decides (fills, faction parts, front), so this takes those from the same helpers
    ``map_figure`` uses, without building (and validating) a whole figure per moment.
    A test checks the result against ``map_figure`` itself.
    """
    traces = [dict(t) for t in day_traces]
    traces[TRACE_DISTRICTS]["colorscale"] = colour_scale(frame_fill(payload, frame, palette))
    for i, (lons, lats) in enumerate(frame_parts(payload, frame)):
        traces[TRACE_PARTS_FIRST + i] |= {"lon": lons, "lat": lats}
    lons, lats = frame_front(payload, frame)
    traces[trace_indices(len(factions_of(payload)))["front"]] |= {"lon": lons, "lat": lats}
    return traces


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except ValueError:  # arrays: compare their JSON
        return pio.json.to_json_plotly(a) == pio.json.to_json_plotly(b)


def _changing(days: list[list[dict[str, Any]]]) -> dict[int, list[str]]:
    """For each trace that changes from picture to picture, the attributes that do."""
    changing = {}
    for i, first in enumerate(days[0]):
        keys = sorted({key for traces in days for key in traces[i]} - {"type"})
        moved = [k for k in keys if any(not _same(t[i].get(k), first.get(k)) for t in days[1:])]
        if moved:
            changing[i] = moved
    return changing


def plot_frames(
    data: Mapping[str, Any],
    palette: str,
    per_day: int = 1,
    *,
    day_layout: Callable[[int], dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """A frame per day (group ``days``) holding what changes in the map.

    The frames are derived from ``map_figure`` itself, so they follow whatever the map
    draws: only the attributes that change between days are kept. The district colours
    change most days and stay in the day's frame; the other changing traces (front line,
    parts of shared districts...) are heavy and often the same for days, so each distinct
    set is stored once (group ``layers``) and day frames name it as their ``baseframe``.
    With ``per_day`` > 1 every day but the last is followed by its interpolated moments
    (group ``moments``, named by the moment, e.g. ``2016-11-19T06:00``): each holds only
    what differs from its day and names the day frame as its ``baseframe``, so it inherits
    the day's hover text and layout. ``day_layout(day)`` (optional) gives the layout a day's
    frame sets (the page's date and caption). Frames are plain dicts: plotly's validation
    of 38 x 133 arrays costs seconds.
    """
    payload = data["payload"]
    days = _day_traces(data, palette, per_day)
    between: dict[int, list[tuple[int, list[dict[str, Any]]]]] = {}
    for day, frame in moments(payload, per_day):
        if frame is not None and frame != day_frame(payload, day, per_day):
            between.setdefault(day, []).append(
                (frame, _moment_traces(payload, days[day], frame, palette))
            )
    pictures = [*days, *(traces for steps in between.values() for _f, traces in steps)]
    changing = _changing(pictures) if len(pictures) > 1 else {}
    own = [i for i in changing if i == TRACE_DISTRICTS]
    shared = [i for i in changing if i != TRACE_DISTRICTS]

    def part(traces: list[dict[str, Any]], i: int, keys: list[str]) -> dict[str, Any]:
        return {"type": traces[i]["type"], **{k: traces[i].get(k) for k in keys}}

    frames: list[dict[str, Any]] = []
    layer_names: dict[str, str] = {}
    for day, traces in enumerate(days):
        frame: dict[str, Any] = {
            "name": payload["dates"][day],
            "group": "days",
            "data": [part(traces, i, changing[i]) for i in own],
            "traces": own,
        }
        if day_layout is not None:
            frame["layout"] = day_layout(day)
        if shared:
            layer = [part(traces, i, changing[i]) for i in shared]
            key = pio.json.to_json_plotly(layer)
            if key not in layer_names:
                layer_names[key] = f"layers-{len(layer_names)}"
                frames.append(
                    {"name": layer_names[key], "group": "layers", "data": layer, "traces": shared}
                )
            frame["baseframe"] = layer_names[key]
        frames.append(frame)
        for index, moment in between.get(day, []):
            moved = {
                i: [k for k in keys if not _same(moment[i].get(k), traces[i].get(k))]
                for i, keys in changing.items()
            }
            moved = {i: keys for i, keys in moved.items() if keys}
            frames.append(
                {
                    "name": payload["frames"]["frames"][index]["moment"],
                    "group": "moments",
                    "data": [part(moment, i, keys) for i, keys in moved.items()],
                    "traces": list(moved),
                    "baseframe": payload["dates"][day],
                }
            )
    return frames


def frame_names(payload: Mapping[str, Any], per_day: int = 1) -> list[str]:
    """Names of the frames :func:`html_figure` makes, in playing order (days and moments)."""
    names = []
    for day, frame in moments(payload, per_day):
        if frame is None or frame == day_frame(payload, day, per_day):
            names.append(payload["dates"][day])
        else:
            names.append(payload["frames"]["frames"][frame]["moment"])
    return names
