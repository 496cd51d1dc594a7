"""Sources, events, control changes, the daily control table, front lines and statistics.

Pure data code: this package never imports Dash or plotly.
"""

from geodata.paths import control_path, events_path, sources_path, timeline_dir

from .build import build_daily, daily_columns, majority_of, status_of, statuses, to_records
from .fronts import FRONT_COLUMNS, front_lines, fronts_by_day
from .io import (
    control_header,
    load_control,
    load_events,
    load_scenario_info,
    load_sources,
    read_scenario_info,
)
from .model import (
    CONTESTED,
    MAX_FACTIONS,
    MIN_FACTIONS,
    Claim,
    Event,
    Faction,
    ScenarioInfo,
    Source,
    SourceRef,
    faction_columns,
)
from .scenario import Scenario, load_scenario
from .stats import ENCLAVE_COLUMNS, area_column, daily_stats, stats_columns
from .validate import Problem, validate_timeline

__all__ = [
    "CONTESTED",
    "ENCLAVE_COLUMNS",
    "FRONT_COLUMNS",
    "MAX_FACTIONS",
    "MIN_FACTIONS",
    "Claim",
    "Event",
    "Faction",
    "Problem",
    "Scenario",
    "ScenarioInfo",
    "Source",
    "SourceRef",
    "area_column",
    "build_daily",
    "control_header",
    "control_path",
    "daily_columns",
    "daily_stats",
    "events_path",
    "faction_columns",
    "front_lines",
    "fronts_by_day",
    "load_control",
    "load_events",
    "load_scenario",
    "load_scenario_info",
    "load_sources",
    "majority_of",
    "read_scenario_info",
    "sources_path",
    "stats_columns",
    "status_of",
    "statuses",
    "timeline_dir",
    "to_records",
    "validate_timeline",
]
