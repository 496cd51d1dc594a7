"""Text from the data reaches plotly escaped (``dashboard.markup.plotly_text``): the map and
chart figures, the embed's key, the slides' legend and caption carry no markup of a name."""

from __future__ import annotations

import pytest

from dashboard.markup import plotly_text
from tests.browser.test_escaping import (
    BOLD_DISTRICT,
    DISTRICT_NAME,
    FACTION_LABEL,
    LANDMARK_NAME,
    RIVER_NAME,
    hostile_names,
)

NAMES = (DISTRICT_NAME, BOLD_DISTRICT, FACTION_LABEL, LANDMARK_NAME, RIVER_NAME)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from dashboard.viewdata import load_view_data

    return load_view_data(hostile_names(tmp_path_factory.mktemp("markup") / "hostile"))


def test_plotly_text_escapes_what_plotly_reads():
    assert plotly_text('<a href="x">&</a>') == '&lt;a href="x"&gt;&amp;&lt;/a&gt;'
    assert plotly_text("Sheikh Maqsood") == "Sheikh Maqsood"
    assert plotly_text(None) == "None"


def _strings(value) -> str:
    """Every string of a figure's dict (or list, or string), one a line; the geometry's
    properties are left out (plotly draws none of them)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "\n".join(_strings(v) for k, v in value.items() if k != "geojson")
    if isinstance(value, (list, tuple)):
        return "\n".join(_strings(v) for v in value)
    return ""


def _assert_escaped(text: str, names=NAMES) -> None:
    assert "<a href" not in text
    for name in names:
        assert name not in text, name
        assert plotly_text(name) in text, name


def test_map_and_chart_figures_escape_names(data):
    from dashboard import figures

    payload = data["payload"]
    fig = figures.map_figure(payload, data["geojson"], data["landmarks"], day=0)
    _assert_escaped(_strings(fig.to_dict()))
    chart = _strings(figures.area_figure(payload, day=0).to_dict())
    assert FACTION_LABEL not in chart and plotly_text(FACTION_LABEL) in chart


def test_the_payload_keeps_names_as_plain_text(data):
    """The page shows the payload's names with textContent: they stay as written."""
    payload = data["payload"]
    assert DISTRICT_NAME in payload["names"]
    assert payload["map"]["labels"]["government"] == FACTION_LABEL


def test_slide_legend_and_caption_escape_names(data):
    from dashboard.export._render import slide_figure

    fig = slide_figure(data, 0, width=960, height=540, district="alpha")
    _assert_escaped(_strings(fig.to_dict()), (LANDMARK_NAME, RIVER_NAME, FACTION_LABEL))
    caption = next(a for a in fig.layout.annotations if a.name == "caption").text
    assert plotly_text(DISTRICT_NAME) in caption


def test_embed_key_escapes_faction_labels(data):
    from dashboard.export.embed_page import embed_document, short_names

    assert plotly_text(FACTION_LABEL) in short_names(data["payload"]).values()
    page = embed_document(data, palette="conventional", plotly_src="plotly.js")
    assert "\\u003cb\\u003eGov" not in page and "<b>Gov</b>" not in page
