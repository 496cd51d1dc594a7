"""Sources, events, control changes, the daily control table, front lines and statistics.

Pure data code: this package never imports Dash or plotly.
"""

from geodata.paths import control_path, events_path, sources_path, timeline_dir

from .build import DAILY_COLUMNS, build_daily, majority_of, status_of, to_records
from .fronts import FRONT_COLUMNS, front_lines, fronts_by_day
from .io import load_control, load_events, load_scenario_info, load_sources
from .model import (
    CONTESTED,
    FACTIONS,
    Claim,
    Event,
    ScenarioInfo,
    Source,
    SourceRef,
)
from .scenario import Scenario, load_scenario
from .stats import STATS_COLUMNS, daily_stats
from .validate import Problem, validate_timeline

__all__ = [
    "CONTESTED",
    "DAILY_COLUMNS",
    "FACTIONS",
    "FRONT_COLUMNS",
    "STATS_COLUMNS",
    "Claim",
    "Event",
    "Problem",
    "Scenario",
    "ScenarioInfo",
    "Source",
    "SourceRef",
    "build_daily",
    "control_path",
    "daily_stats",
    "events_path",
    "front_lines",
    "fronts_by_day",
    "load_control",
    "load_events",
    "load_scenario",
    "load_scenario_info",
    "load_sources",
    "majority_of",
    "sources_path",
    "status_of",
    "timeline_dir",
    "to_records",
    "validate_timeline",
]
