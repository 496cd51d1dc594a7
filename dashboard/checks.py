"""The checks of a scenario folder: what ``frontline validate`` reports, and the gate that
``serve`` and ``export`` pass through before they load anything.

:data:`CHECKS` is the list of checks, each a function of the scenario folder (``None``: the
bundled scenario) returning its problems; a problem prints as one line naming the file and
the line or feature, and one whose message starts with ``warning:`` does not fail. To add a
check, append a function to :data:`CHECKS`.

:func:`require_valid` runs them all and raises :class:`InvalidScenario` (a
:class:`~geodata.errors.DataError` whose text is every problem, one per line, exactly as
``validate`` prints them) when any is not a warning. Nothing here imports Dash or Flask.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from geodata.errors import DataError

Check = Callable[[Path | None], list[object]]

__all__ = ["CHECKS", "InvalidScenario", "is_warning", "require_valid", "scenario_problems"]


def geometry_problems(directory: Path | None) -> list[object]:
    """The district and landmark layers: readable, valid polygons, no overlap or hole."""
    from geodata import validate_geometry

    return list(validate_geometry(directory))


def timeline_problems(directory: Path | None) -> list[object]:
    """The timeline's own checks plus the cross-check against the ingested narratives."""
    from timeline.ingest import crosscheck
    from timeline.validate import validate_timeline

    return [*validate_timeline(directory), *crosscheck(directory)]


def palette_problems(directory: Path | None) -> list[object]:
    """The map's palettes of the scenario's factions (both must be built, every colour told
    apart from the others, see :func:`dashboard.palettes.build_palettes`): one problem
    naming scenario.yaml when they cannot be. Nothing when scenario.yaml itself is broken
    (the timeline checks report that)."""
    from dashboard.palettes import build_palettes
    from geodata.paths import scenario_info_path
    from timeline import read_scenario_info
    from timeline.validate import Problem

    path = scenario_info_path(directory)
    info, errors = read_scenario_info(path)
    if info is None or errors:
        return []
    try:
        build_palettes(info.factions)
    except ValueError as exc:
        return [Problem(str(path), "", f"the map's colours: {exc}", None)]
    return []


def markup_problems(directory: Path | None) -> list[object]:
    """Warnings for HTML or plotly markup in names, labels, titles, summaries and notes."""
    from timeline.markup import markup_problems as found

    return found(directory)


def story_problems(directory: Path | None) -> list[object]:
    """The scenario's stories (``stories/*.yaml``): known days, events, sources and
    districts, captions present and short (see :mod:`timeline.stories`)."""
    from timeline.stories import story_problems as found
    from timeline.validate import Problem

    return [Problem(*p) for p in found(directory)]


CHECKS: tuple[Check, ...] = (
    geometry_problems,
    timeline_problems,
    palette_problems,
    markup_problems,
    story_problems,
)
"""Every check ``validate``, ``serve`` and ``export`` run, in the order they report."""


def is_warning(problem: object) -> bool:
    """Problems whose message starts with ``warning:`` are printed but do not fail."""
    return str(getattr(problem, "message", "")).startswith("warning:")


def scenario_problems(
    directory: str | Path | None, checks: Sequence[Check] = CHECKS
) -> list[object]:
    """Every problem of the scenario folder ``directory`` (``None``: the bundled scenario).

    A file the geometry check already reported is not reported again by the later checks
    (they read the layers too: a broken one would be named twice)."""
    folder = None if directory is None else Path(directory)
    problems: list[object] = []
    reported: set[str] = set()
    for index, check in enumerate(checks):
        found = check(folder)
        if index > 0:
            found = [p for p in found if str(getattr(p, "file", "")) not in reported]
        problems += found
        if index == 0:
            reported = {str(getattr(p, "file", "")) for p in found}
    return problems


class InvalidScenario(DataError):
    """A scenario that ``validate`` rejects. ``problems`` are all of them (warnings too);
    the text is a first line saying so, then each problem on its own line."""

    def __init__(
        self,
        directory: str | Path | None,
        problems: Sequence[object],
        lines: Sequence[str] | None = None,
    ):
        self.directory = directory
        self.problems = tuple(problems)
        self.lines = tuple(str(p) for p in self.problems) if lines is None else tuple(lines)
        errors = sum(not is_warning(p) for p in self.problems)
        where = "the bundled scenario" if directory is None else str(directory)
        super().__init__(
            f"{where} does not pass 'frontline validate' ({errors} "
            f"problem{'s' if errors != 1 else ''}, listed below); fix them and start again",
        )

    def one_line(self) -> str:
        head = super().one_line()
        return "\n".join([head, *self.lines])

    def named(self, folder: str | Path) -> InvalidScenario:
        """The same problems with the folder written as ``folder`` (as the user gave it)
        instead of the resolved path the checks ran on, as ``validate FOLDER`` prints it."""
        resolved = str(Path(folder).resolve())
        lines = [
            str(folder) + line[len(resolved) :] if line.startswith(resolved) else line
            for line in self.lines
        ]
        return InvalidScenario(folder, self.problems, lines)


def require_valid(directory: str | Path | None) -> list[object]:
    """The warnings of the scenario folder ``directory``; :class:`InvalidScenario` if it
    has any problem that is not a warning (the check ``serve`` and ``export`` make)."""
    problems = scenario_problems(directory)
    if any(not is_warning(p) for p in problems):
        raise InvalidScenario(directory, problems)
    return problems
