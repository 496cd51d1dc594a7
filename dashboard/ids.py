"""Component ids, in one place (tests and clientside code rely on them)."""

MAP = "map"
DATE_SLIDER = "date-slider"
PLAY = "play"
EVENT_FEED = "event-feed"
DISTRICT_PANEL = "district-panel"
AREA_CHART = "area-chart"
