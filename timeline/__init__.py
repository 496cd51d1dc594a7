"""Sources, events, control changes, the daily control table, front lines and statistics.

Pure data code: this package never imports Dash or plotly.
"""

from .paths import control_path, events_path, sources_path, timeline_dir

__all__ = ["control_path", "events_path", "sources_path", "timeline_dir"]
