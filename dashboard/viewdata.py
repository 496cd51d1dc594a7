"""The view data of a scenario: everything the dashboard, ``/embed``, the downloads and the
exports draw from, derived once per scenario and process.

:func:`load_view_data` loads a scenario folder (``None``: the bundled Aleppo scenario) that
passes every check of ``frontline validate`` (:mod:`dashboard.checks`) and returns a frozen
:class:`ViewData`: the browser payload (every day and every interpolated moment), the
districts' and landmarks' display GeoJSON, the data credits, and what identifies them: the
scenario's key (:func:`scenario_key`), the files they are derived from
(:func:`scenario_files`) and the digest of those files and of the code
(:attr:`ViewData.digest`), which keys the disk cache of the view data
(:mod:`dashboard.cache`) and of the downloads made from it.

A :class:`ViewData` reads like the mapping the exporters take (``data["payload"]``,
``data["geojson"]``, ``data["landmarks"]``, ``data["credits"]``). Its dicts are shared by
every caller in the process: read them, never change them.

Nothing here imports Dash or Flask: the command line's exports load the view data without
loading the web server.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

# Interpolated moments a day: playback moves the front through districts in quarter days.
MOMENTS_PER_DAY = 4
# The parts of the view data the exporters read, in the order the mapping lists them.
VIEW_KEYS = ("payload", "geojson", "landmarks", "credits")


@dataclass(frozen=True, eq=False)
class ViewData(Mapping[str, Any]):
    """A scenario's derived data (read-only) and what identifies it.

    As a mapping it holds :data:`VIEW_KEYS`; ``scenario``, ``files`` and ``digest`` are
    attributes only.
    """

    payload: dict[str, Any]
    geojson: dict[str, Any]
    landmarks: dict[str, Any]
    credits: str
    scenario: str | None
    files: tuple[Path, ...]
    digest: str

    def __getitem__(self, name: str) -> Any:
        if name not in VIEW_KEYS:
            raise KeyError(name)
        return getattr(self, name)

    def __iter__(self) -> Iterator[str]:
        return iter(VIEW_KEYS)

    def __len__(self) -> int:
        return len(VIEW_KEYS)

    def __repr__(self) -> str:
        where = "bundled" if self.scenario is None else self.scenario
        return f"ViewData({where}, {len(self.payload['dates'])} days, digest {self.digest})"


def scenario_key(scenario: str | Path | None) -> str | None:
    """The key of a scenario: ``None`` for the bundled one, else its folder's resolved path."""
    return None if scenario is None else str(Path(scenario).resolve())


def scenario_files(key: str | None) -> tuple[Path, ...]:
    """The files a scenario's derived data depends on (see :func:`scenario_key`)."""
    from geodata.paths import scenario_files as files_of

    return tuple(files_of(key))


def load_view_data(scenario: str | Path | None = None) -> ViewData:
    """The view data of a scenario folder (``None``: the bundled scenario), derived once per
    process and read from the disk cache when the scenario's files and the code are
    unchanged. A scenario ``frontline validate`` rejects raises
    :class:`~dashboard.checks.InvalidScenario` with its problems, one per line."""
    from dashboard.checks import InvalidScenario
    from geodata.errors import DataError
    from geodata.paths import scenario_dir

    if scenario is not None and not scenario_dir(scenario).is_dir():
        raise DataError(
            "scenario folder not found",
            where=str(scenario),
            hint="pass the folder holding scenario.yaml, districts.geojson and the timeline",
        )
    try:
        return _load(scenario_key(scenario))
    except InvalidScenario as exc:
        raise exc.named(scenario) if scenario is not None else exc from None


@lru_cache(maxsize=8)
def _load(key: str | None) -> ViewData:
    from dashboard.cache import cache_key, cached_json
    from geodata.paths import candidates_path
    from geodata.safe_io import check_file
    from timeline.stories import story_paths

    files = scenario_files(key)
    # Hashing reads every file whole: refuse a device, FIFO or oversized file first.
    for path in (*files, candidates_path(key), *story_paths(key)):
        check_file(path)
    # The stories are part of the view: a changed or new story file is a new view.
    digest = cache_key([*files, *story_paths(key)], extra=f"per_day={MOMENTS_PER_DAY}")
    view = cached_json(digest, lambda: _derive(key))
    return ViewData(**{k: view[k] for k in VIEW_KEYS}, scenario=key, files=files, digest=digest)


def _derive(key: str | None) -> dict[str, Any]:
    """The view data of a scenario, derived from its files (seconds for the bundled one),
    once the scenario passes every check of ``frontline validate``
    (:func:`dashboard.checks.require_valid`: :class:`~dashboard.checks.InvalidScenario`
    otherwise). A view read from the disk cache passed them: its key is the digest of the
    same files and code."""
    from dashboard.checks import require_valid
    from dashboard.labels import places_of
    from dashboard.payload import build_payload
    from geodata.display import display_geojson
    from timeline import load_scenario
    from timeline.moments import all_moments, moments_payload
    from timeline.stories import load_stories, story_record

    require_valid(key)
    scn = load_scenario(key)
    districts = scn.districts
    ids = [str(i) for i in districts.index]
    payload = build_payload(
        district_ids=ids,
        factions=scn.factions,
        names=[str(n) for n in districts["name"]],
        names_ar=list(districts["name_ar"]) if "name_ar" in districts else [""] * len(ids),
        daily=scn.daily,
        events=scn.events,
        sources=scn.sources,
        stats=scn.stats,
        frames=moments_payload(all_moments(scn, MOMENTS_PER_DAY)),
        per_day=MOMENTS_PER_DAY,
        title=getattr(scn, "title", "") or "",
        attacker=getattr(scn, "attacker", None),
        aliases=list(districts["aliases"]) if "aliases" in districts else None,
    )
    landmarks = display_geojson(
        scn.landmarks, tolerance_m=2.0, properties=("name", "kind", "district")
    )
    payload["map"]["places"] = places_of(districts, landmarks)
    payload["stories"] = {
        name: story_record(story, payload["dates"]) for name, story in load_stories(key).items()
    }
    return {
        "payload": payload,
        "geojson": display_geojson(districts),
        "landmarks": landmarks,
        "credits": scn.credits or "",
    }
