"""Stories: guided walks through a battle, kept as data next to the timeline.

A scenario may hold stories in ``stories/NAME.yaml`` (``NAME`` a slug): each a mapping with a
``title``, an optional ``summary`` and an ordered list of ``steps``. A step is one view of the
map and a caption::

    title: How eastern Aleppo fell
    summary: Eleven steps from the eve of the assault to the last convoy.
    steps:
      - date: 2016-11-26          # the day the map shows
        compare: 2016-11-15       # optional: mark what changed since this earlier day
        focus: hanano             # optional: a district (id, name or alias) to centre on
        zoom: 2.5                 # optional: 1 shows the whole map, 2 twice as close...
        title: Hanano falls       # a short heading
        caption: >-               # the step's text, in the story's own words
          ...
        events: [2016-11-26-hanano-captured]   # the events the caption rests on
        sources: []               # optional: more sources (ids of sources.yaml)

:func:`read_story` parses one file and reports every problem as file:line with the fix;
:func:`story_problems` is the check ``frontline validate`` (and so ``serve`` and ``export``)
runs; :func:`load_stories` returns the checked stories of a scenario; :func:`story_record`
is a story as plain JSON for the page and the exporters. Nothing here imports Dash or plotly.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from geodata.errors import DataError
from geodata.paths import scenario_dir
from geodata.safe_io import brief

from ._yaml import Item, read_yaml_mapping

__all__ = [
    "STORIES_DIR",
    "Story",
    "StoryStep",
    "load_stories",
    "read_story",
    "stories_dir",
    "story_paths",
    "story_problems",
    "story_record",
]

STORIES_DIR = "stories"
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STEP_KEYS = {"date", "compare", "focus", "zoom", "title", "caption", "events", "sources"}
REQUIRED_STEP_KEYS = {"date", "caption", "events"}
MAX_STEPS = 40
MAX_CAPTION = 400
MAX_TITLE = 80
ZOOM_RANGE = (1.0, 20.0)


@dataclass(frozen=True)
class StoryStep:
    """One step: the map on ``date`` (optionally compared with the earlier ``compare``),
    centred on district ``focus`` at ``zoom``, with a heading and a caption resting on
    ``events`` (and ``sources``)."""

    date: date
    caption: str
    events: tuple[str, ...]
    title: str = ""
    compare: date | None = None
    focus: str | None = None
    zoom: float | None = None
    sources: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Story:
    """A story of a scenario: its ``name`` (the file's stem), title, summary and steps."""

    name: str
    title: str
    steps: tuple[StoryStep, ...]
    summary: str = ""
    path: Path | None = None


def stories_dir(scenario: str | Path | None = None) -> Path:
    """The folder holding a scenario's stories (it may not exist: no stories)."""
    return scenario_dir(scenario) / STORIES_DIR


def story_paths(scenario: str | Path | None = None) -> list[Path]:
    """The scenario's story files, sorted by name (``.yaml`` and ``.yml``)."""
    folder = stories_dir(scenario)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())


@dataclass(frozen=True)
class Known:
    """What a story may refer to: the battle's days, event, source and district ids, and
    the district names and aliases (lower case) that resolve to an id."""

    start: date
    end: date
    events: Mapping[str, date]
    sources: Container[str]
    districts: Container[str]
    district_names: Mapping[str, str]

    def district(self, value: str) -> str | None:
        if value in self.districts:
            return value
        return self.district_names.get(value.strip().lower())


def _step_items(item: Item, problems: list[DataError]) -> list[Item]:
    steps = item.get("steps")
    node = item.node
    value_node = None
    if isinstance(node, yaml.MappingNode):
        for key_node, child in node.value:
            if getattr(key_node, "value", None) == "steps":
                value_node = child
    if not isinstance(steps, list) or not isinstance(value_node, yaml.SequenceNode) or not steps:
        item.problem(
            "steps",
            "the story needs a list of steps",
            problems,
            hint="add 'steps:' with one '- date: ...' item per step",
        )
        return []
    out = []
    for number, (raw, child) in enumerate(zip(steps, value_node.value, strict=True), 1):
        line = child.start_mark.line + 1
        if not isinstance(raw, dict):
            problems.append(
                DataError(
                    f"step {number} is not a mapping",
                    where=f"{item.path}:{line}",
                    hint="write each step as key: value lines under its '- '",
                )
            )
            continue
        out.append(Item(item.path, raw, line, child))
    return out


def _step(number: int, item: Item, known: Known, problems: list[DataError]) -> StoryStep | None:
    label = f"step {number}"
    before = len(problems)
    missing = sorted(REQUIRED_STEP_KEYS - item.data.keys())
    unknown = sorted(item.data.keys() - STEP_KEYS, key=str)
    if missing:
        item.problem(
            None, f"{label} lacks {', '.join(missing)}", problems, hint="add the missing keys"
        )
    if unknown:
        item.problem(
            unknown[0],
            f"{label} has unknown keys {brief(unknown, 100)}",
            problems,
            hint=f"allowed: {', '.join(sorted(STEP_KEYS))}",
        )
    day = item.day("date", problems) if "date" in item.data else None
    if day is not None and not known.start <= day <= known.end:
        item.problem(
            "date",
            f"{label}: date {day} is outside the battle",
            problems,
            hint=f"pick a day in {known.start}..{known.end}",
        )
    compare = item.day("compare", problems, required=False)
    if compare is not None and day is not None and not known.start <= compare < day:
        item.problem(
            "compare",
            f"{label}: compare {compare} must be a day of the battle before the step's date {day}",
            problems,
            hint=f"pick a day in {known.start}..{day}",
        )
    title = item.text("title", problems, required=False) or ""
    if len(title) > MAX_TITLE:
        item.problem(
            "title",
            f"{label}: title is {len(title)} characters long",
            problems,
            hint=f"keep a step's title under {MAX_TITLE} characters",
        )
    caption = (
        item.text("caption", problems, hint="write the step's caption")
        if ("caption" in item.data)
        else None
    )
    if caption is not None and len(caption) > MAX_CAPTION:
        item.problem(
            "caption",
            f"{label}: caption is {len(caption)} characters long",
            problems,
            hint=f"keep a caption under {MAX_CAPTION} characters (it is read aloud and printed "
            "on a slide)",
        )
    focus = None
    raw_focus = item.get("focus")
    if raw_focus is not None:
        if not isinstance(raw_focus, str) or known.district(raw_focus) is None:
            item.problem(
                "focus",
                f"{label}: focus {brief(raw_focus)} is no district of the map",
                problems,
                hint="use a district id, name or alias (see 'frontline districts')",
            )
        else:
            focus = known.district(raw_focus)
    zoom = item.get("zoom")
    if zoom is not None and (
        isinstance(zoom, bool)
        or not isinstance(zoom, (int, float))
        or not ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1]
    ):
        item.problem(
            "zoom",
            f"{label}: zoom {brief(zoom)} is not a number from {ZOOM_RANGE[0]:g} to "
            f"{ZOOM_RANGE[1]:g}",
            problems,
            hint="1 shows the whole map, 2 twice as close",
        )
        zoom = None
    events = item.str_list("events", problems) if "events" in item.data else None
    for index, ident in enumerate(events or []):
        if ident not in known.events:
            item.problem(
                "events",
                f"{label}: unknown event {ident!r}",
                problems,
                hint="use an id of events.yaml",
                index=index,
            )
        elif day is not None and known.events[ident] > day:
            item.problem(
                "events",
                f"{label}: event {ident!r} is dated {known.events[ident]}, after the step's "
                f"date {day}",
                problems,
                hint="a step rests on what had happened by its date: move the step or cite "
                "an earlier event",
                index=index,
            )
    if events == []:
        item.problem(
            "events",
            f"{label} cites no event",
            problems,
            hint="list the ids of the events the caption rests on",
        )
    sources = item.str_list("sources", problems, required=False) or []
    for index, ident in enumerate(sources):
        if ident not in known.sources:
            item.problem(
                "sources",
                f"{label}: unknown source {ident!r}",
                problems,
                hint="use an id of sources.yaml",
                index=index,
            )
    if len(problems) > before or day is None or caption is None or events is None:
        return None
    return StoryStep(
        date=day,
        caption=caption,
        events=tuple(events),
        title=title,
        compare=compare,
        focus=focus,
        zoom=float(zoom) if zoom is not None else None,
        sources=tuple(sources),
        line=item.line,
    )


def read_story(path: str | Path, known: Known) -> tuple[Story | None, list[DataError]]:
    """The story in ``path`` and every problem found in it (``None`` when there is any)."""
    path = Path(path)
    problems: list[DataError] = []
    if not _NAME.fullmatch(path.stem):
        problems.append(
            DataError(
                f"story name {path.stem!r} is not a slug",
                where=str(path),
                hint="name the file with lower-case letters, digits and hyphens, e.g. "
                "how-it-fell.yaml (the name goes in the URL: ?story=how-it-fell)",
            )
        )
    try:
        item = read_yaml_mapping(path)
    except DataError as exc:
        return None, [*problems, exc]
    unknown = sorted(item.data.keys() - {"title", "summary", "steps"}, key=str)
    if unknown:
        item.problem(
            unknown[0],
            f"the story has unknown keys {brief(unknown, 100)}",
            problems,
            hint="allowed: title, summary, steps",
        )
    title = item.text("title", problems, hint="give the story a title")
    summary = item.text("summary", problems, required=False) or ""
    items = _step_items(item, problems)
    if len(items) > MAX_STEPS:
        item.problem(
            "steps",
            f"the story has {len(items)} steps",
            problems,
            hint=f"keep a story to at most {MAX_STEPS} steps",
        )
    steps = [_step(n, step, known, problems) for n, step in enumerate(items, 1)]
    if problems or title is None:
        return None, problems
    return Story(path.stem, title, tuple(s for s in steps if s), summary, path), problems


def _known(scenario: str | Path | None) -> Known:
    """What the stories of a loadable scenario may refer to."""
    from timeline.scenario import load_scenario

    scn = load_scenario(scenario)
    names: dict[str, str] = {}
    for ident, name, aliases in zip(
        scn.districts.index, scn.districts["name"], scn.districts["aliases"], strict=True
    ):
        for spelling in (name, *(aliases or ())):
            if isinstance(spelling, str):
                names.setdefault(spelling.strip().lower(), str(ident))
    return Known(
        start=scn.start,
        end=scn.end,
        events={e.id: e.date for e in scn.events},
        sources=frozenset(scn.sources),
        districts=frozenset(str(i) for i in scn.districts.index),
        district_names=names,
    )


def story_problems(scenario: str | Path | None = None) -> list[tuple[str, str, str, str | None]]:
    """Every problem of the scenario's stories, as ``(file, line, message, hint)``. Nothing
    when it has no stories, or when the rest of the scenario does not load (the other
    checks report that)."""
    paths = story_paths(scenario)
    if not paths:
        return []
    try:
        known = _known(scenario)
    except (DataError, OSError, ValueError):
        return []
    out = []
    for path in paths:
        _, problems = read_story(path, known)
        for problem in problems:
            file, _, line = (problem.where or str(path)).rpartition(":")
            if not file or not line.isdigit():
                file, line = problem.where or str(path), ""
            out.append((file, line, problem.message, problem.hint))
    return out


def load_stories(scenario: str | Path | None = None) -> dict[str, Story]:
    """The scenario's stories by name, in name order; :class:`DataError` (file:line, fix)
    for the first problem of any."""
    paths = story_paths(scenario)
    if not paths:
        return {}
    known = _known(scenario)
    stories = {}
    for path in paths:
        story, problems = read_story(path, known)
        if problems:
            raise problems[0]
        assert story is not None
        stories[story.name] = story
    return stories


def story_record(story: Story, dates: Sequence[str]) -> dict[str, Any]:
    """A story as plain JSON: each step's ``day`` (and ``compare_day``) as an index of
    ``dates`` (the battle's ISO days) as well as its ISO date."""
    index = {d: i for i, d in enumerate(dates)}
    return {
        "name": story.name,
        "title": story.title,
        "summary": story.summary,
        "steps": [
            {
                "date": step.date.isoformat(),
                "day": index.get(step.date.isoformat()),
                "compare": step.compare.isoformat() if step.compare else None,
                "compare_day": index.get(step.compare.isoformat()) if step.compare else None,
                "focus": step.focus,
                "zoom": step.zoom,
                "title": step.title,
                "caption": step.caption,
                "events": list(step.events),
                "sources": list(step.sources),
            }
            for step in story.steps
        ],
    }
