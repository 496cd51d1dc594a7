"""One battle, loaded and derived once: what the dashboard and the command line need.

``load_scenario(None)`` loads the bundled Aleppo scenario (its folder is where
:mod:`geodata.paths` says); ``load_scenario(folder)`` reads every file from that folder.
The factions, their labels and colours, the credits and the groups come from the folder's
``scenario.yaml`` (see :class:`~timeline.model.ScenarioInfo`).
Results are cached on the resolved paths and their modification times, so an edited file is
picked up and an unchanged scenario is built once per process. A :class:`Scenario` is shared
between callers: treat its frames as read-only.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pyproj import CRS

from geodata.errors import DataError
from geodata.paths import scenario_files
from geodata.projection import metric_crs

from ._yaml import as_date
from .build import build_daily
from .fronts import fronts_by_day
from .io import load_control, load_events, load_scenario_info, load_sources
from .model import Event, Faction, ScenarioInfo, Source
from .stats import daily_stats
from .validate import WARNING, check_references

__all__ = ["Scenario", "load_scenario"]


@dataclass(frozen=True, eq=False)
class Scenario:
    """A battle: its files parsed, and the daily table, fronts and statistics derived.

    ``daily`` (see :mod:`timeline.build`), ``fronts`` (:mod:`timeline.fronts`) and ``stats``
    (:mod:`timeline.stats`) hold one row per day (and district). ``dates`` are ISO strings.
    ``crs`` is the metric CRS every area, length and part is measured in
    (:func:`geodata.projection.metric_crs` of the districts).
    ``factions`` are in scenario order (the share columns of ``control`` and ``daily``);
    ``info`` is the whole ``scenario.yaml``. ``attacker``/``enclave_faction`` are both
    ``None`` when the scenario has no enclave statistic.
    """

    name: str
    title: str
    start: date
    end: date
    factions: tuple[Faction, ...]
    credits: str | None
    groups: dict[str, tuple[str, ...]]
    enclave_faction: str | None
    attacker: str | None
    info: ScenarioInfo
    districts: gpd.GeoDataFrame
    landmarks: gpd.GeoDataFrame
    sources: dict[str, Source]
    events: tuple[Event, ...]
    control: pd.DataFrame
    daily: pd.DataFrame
    adjacency: pd.DataFrame
    fronts: pd.DataFrame
    stats: pd.DataFrame
    dates: tuple[str, ...]
    crs: CRS

    @property
    def faction_ids(self) -> tuple[str, ...]:
        """The faction ids in scenario order."""
        return self.info.faction_ids

    @property
    def faction_labels(self) -> dict[str, str]:
        """Faction id -> label, in scenario order."""
        return {f.id: f.label for f in self.factions}

    @property
    def faction_colours(self) -> dict[str, str]:
        """Faction id -> ``#rrggbb`` colour, in scenario order."""
        return {f.id: f.colour for f in self.factions}

    def faction(self, ident: str) -> Faction:
        """The :class:`~timeline.model.Faction` ``ident``; ``KeyError`` otherwise."""
        return self.info.faction(ident)

    def check_date(self, value: str | date) -> date:
        """``value`` as a day of the battle; ``ValueError`` naming the valid range otherwise."""
        if isinstance(value, date):
            day = value
        else:
            day = as_date(str(value))
            if day is None:
                raise ValueError(
                    f"{value!r} is not a date: write YYYY-MM-DD between {self.start} and {self.end}"
                ) from None
        if not self.start <= day <= self.end:
            raise ValueError(f"{day} is outside the battle: pick a day in {self.start}..{self.end}")
        return day

    def check_district(self, value: str) -> str:
        """The district id ``value`` names (an id, or a name or alias in any case);
        ``ValueError`` with the nearest ids otherwise."""
        if value in self.districts.index:
            return value
        lowered = value.strip().lower()
        for ident, name, aliases in zip(
            self.districts.index, self.districts["name"], self.districts["aliases"], strict=True
        ):
            if lowered in {ident, str(name).lower(), *(a.lower() for a in aliases or [])}:
                return ident
        close = difflib.get_close_matches(lowered, list(self.districts.index), n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(close)}?" if close else "see 'frontline districts'"
        raise ValueError(f"unknown district {value!r}: {hint}")

    def state_on(self, day: str | date) -> pd.DataFrame:
        """The daily rows of ``day``, indexed by district id."""
        stamp = pd.Timestamp(self.check_date(day))
        rows = self.daily[self.daily["date"] == stamp]
        return rows.set_index(rows["district"].astype(str).rename(None))

    def events_where(
        self, day: str | date | None = None, district: str | None = None
    ) -> tuple[Event, ...]:
        """The events dated ``day`` that name ``district`` (either may be ``None``: no
        condition), in the order of ``events.yaml``. ``ValueError`` for a day outside the
        battle or an unknown district (see :meth:`check_date`, :meth:`check_district`)."""
        chosen = self.events
        if day is not None:
            when = self.check_date(day)
            chosen = tuple(e for e in chosen if e.date == when)
        if district is not None:
            ident = self.check_district(district)
            chosen = tuple(e for e in chosen if ident in e.districts)
        return chosen


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def load_scenario(scenario: str | Path | None = None) -> Scenario:
    """The scenario in folder ``scenario`` (``None``: the bundled Aleppo 2016), built once.

    Raises :class:`DataError` (file:line and a hint) for any file that does not load or any
    error-level problem :func:`timeline.validate.check_references` finds.
    """
    paths = tuple(p.resolve() for p in scenario_files(scenario))
    key = (str(scenario) if scenario is not None else None, paths, tuple(map(_stamp, paths)))
    return _load(*key)


@lru_cache(maxsize=8)
def _load(scenario: str | None, paths: tuple[Path, ...], stamps: tuple[int, ...]) -> Scenario:
    del stamps  # part of the cache key only
    from geodata.areas import area_km2
    from geodata.io import load_districts, load_landmarks
    from geodata.topology import adjacency as compute_adjacency

    districts_file, _, sources_file, events_file, control_file, info_file = paths
    geometry = districts_file.parent if scenario is not None else None
    info = load_scenario_info(info_file, name=info_file.parent.name)
    districts = load_districts(geometry)
    landmarks = load_landmarks(geometry)
    sources = load_sources(sources_file)
    events = load_events(events_file)
    control = load_control(control_file, info.faction_ids)
    if control.empty:
        raise DataError("no control rows", where=str(control_file), hint="add a baseline row")
    files = {"sources.yaml": sources_file, "events.yaml": events_file, "control.csv": control_file}
    for problem in check_references(
        sources,
        events,
        control,
        districts.index,
        landmarks.index,
        info.start,
        info.end,
        files=files,
    ):
        if not problem.message.startswith(WARNING):
            where = f"{problem.file}:{problem.where}" if problem.where else problem.file
            raise DataError(problem.message, where=where, hint=problem.hint)

    ids = [str(i) for i in districts.index]
    daily = build_daily(control, ids, info.start, info.end, info.faction_ids)
    crs = metric_crs(districts)
    adjacency = compute_adjacency(districts, crs)
    fronts = fronts_by_day(daily, adjacency)
    areas = area_km2(districts, crs)
    stats = daily_stats(
        daily,
        areas,
        fronts,
        enclave_faction=info.enclave_faction,
        attacker=info.attacker,
        outside_enclave=info.outside_enclave,
    )
    dates = tuple(d.strftime("%Y-%m-%d") for d in pd.DatetimeIndex(stats["date"]))
    return Scenario(
        name=info.name,
        title=info.title,
        start=info.start,
        end=info.end,
        factions=info.factions,
        credits=info.credits,
        groups=info.groups,
        enclave_faction=info.enclave_faction,
        attacker=info.attacker,
        info=info,
        districts=districts,
        landmarks=landmarks,
        sources=sources,
        events=events,
        control=control,
        daily=daily,
        adjacency=adjacency,
        fronts=fronts,
        stats=stats,
        dates=dates,
        crs=crs,
    )
