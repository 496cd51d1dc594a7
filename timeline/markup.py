"""Warn about markup in the scenario's text: what plotly's labels would read as tags.

Names, labels, titles, summaries and notes are shown in map labels, hovers, the legend and
the exports. Plotly reads a few HTML tags (``<a href>``, ``<br>``, ``<b>``, ...) and
entities (``&amp;``) in such text. The dashboard escapes every text before drawing it, so
markup is shown literally; still, a ``<br>`` or ``&amp;`` in the data is almost always a
leftover of copying from a web page, so :func:`markup_problems` names each one (a warning:
it does not fail ``validate``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from geodata.errors import DataError
from geodata.paths import (
    control_path,
    districts_path,
    events_path,
    landmarks_path,
    scenario_info_path,
    sources_path,
)
from geodata.validate import Problem as FeatureProblem

from .io import read_control, read_events, read_scenario_info, read_sources
from .validate import WARNING, Problem

MARKUP = re.compile(
    r"<\s*/?\s*[A-Za-z!][^<>]{0,40}>?"  # a tag: <a href=...>, <br>, </b>, <!-- ...
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"  # an entity
)
"""Text that plotly's label markup (or a browser) would read as a tag or an entity."""
_HINT = "write plain text: no <...> tags and no &...; entities (they are shown literally)"

__all__ = ["MARKUP", "markup_in", "markup_problems"]


def markup_in(text: Any) -> str | None:
    """The first piece of markup in ``text`` (cut to 30 characters), ``None`` if none."""
    if not isinstance(text, str):
        return None
    found = MARKUP.search(text)
    return None if found is None else found.group()[:30]


def _message(what: str, found: str) -> str:
    return f"{WARNING}{what} holds markup {found!r}"


def markup_problems(directory: str | Path | None = None) -> list[object]:
    """A warning for every text field of the scenario in ``directory`` (``None``: the
    bundled one) that holds markup, naming the file and the line or feature. Files that do
    not load are skipped: their own problems are reported by the other checks."""
    out: list[object] = []
    for path in (districts_path(directory), landmarks_path(directory)):
        if path.exists():
            out += _feature_problems(path)
    sources, _ = read_sources(sources_path(directory))
    src = str(sources_path(directory))
    for source in sources.values():
        fields = [("outlet", source.outlet), ("title", source.title)]
        fields += [("section", s) for s in source.sections]
        out += _text_problems(src, source.line, f"source {source.id!r}", fields)
    events, _ = read_events(events_path(directory))
    evf = str(events_path(directory))
    for event in events:
        fields = [("title", event.title), ("summary", event.summary)]
        for ref in event.sources:
            fields += [("section", ref.section), ("passage", ref.passage)]
        for claim in event.claims:
            fields += [("claim", claim.what), ("claimant", claim.claimant), ("note", claim.note)]
        out += _text_problems(evf, event.line, f"event {event.id!r}", fields)
    info, _ = read_scenario_info(scenario_info_path(directory))
    if info is not None:
        fields = [("title", info.title), ("credits", info.credits)]
        for faction in info.factions:
            fields += [(f"label of {faction.id}", faction.label)]
            fields += [(f"a name of {faction.id}", n) for n in faction.names]
        for group, names in info.groups.items():
            fields += [(f"a name of group {group}", n) for n in names]
        out += _text_problems(str(scenario_info_path(directory)), 0, "scenario", fields)
        control, _ = read_control(control_path(directory), info.faction_ids)
        ctl = str(control_path(directory))
        for note, line in zip(control["note"], control["line"], strict=True):
            out += _text_problems(ctl, int(line), "row", [("note", note)])
    return out


def _text_problems(
    file: str, line: int, label: str, fields: list[tuple[str, Any]]
) -> Iterator[Problem]:
    for name, text in fields:
        found = markup_in(text)
        if found is not None:
            yield Problem(
                file, str(line) if line else "", _message(f"{label}: {name}", found), _HINT
            )


def _feature_problems(path: Path) -> list[FeatureProblem]:
    from geodata.io import feature_label, read_feature_collection

    try:
        data = read_feature_collection(path)
    except DataError:
        return []
    out = []
    for index, feature in enumerate(data["features"]):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            continue
        for key, value in props.items():
            values = value if isinstance(value, list) else [value]
            for text in values:
                found = markup_in(text)
                if found is not None:
                    out.append(
                        FeatureProblem(
                            str(path),
                            feature_label(feature, index),
                            _message(f"property {key!r}", found),
                            _HINT,
                        )
                    )
                    break
    return out
