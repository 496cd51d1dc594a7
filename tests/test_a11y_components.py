"""The page's accessibility parts (dashboard/a11y.py) as the server renders them."""

from __future__ import annotations

from dash import dcc, html

from dashboard import a11y
from dashboard.app import INDEX, create_app
from dashboard.viewdata import load_view_data


def _walk(node):
    yield node
    children = getattr(node, "children", None)
    if children is None:
        return
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _walk(child)


def test_the_chooser_suggests_every_name_alias_and_arabic_name():
    payload = load_view_data()["payload"]
    values = [o.value for o in a11y.name_options(payload)]
    assert len(values) == len(set(values))
    for i, name in enumerate(payload["names"]):
        assert name in values
        if payload["names_ar"][i]:
            assert payload["names_ar"][i] in values
        for alias in payload["aliases"][i]:
            assert alias in values
    # An alias's suggestion names the district it leads to.
    by_value = {o.value: getattr(o, "label", None) for o in a11y.name_options(payload)}
    assert by_value["Sheikh Maqsoud"] == "Sheikh Maqsood"
    assert by_value["هنانو"] == "Hanano"


def test_the_page_has_one_main_one_footer_a_skip_link_first_and_the_day_in_words():
    app = create_app()
    nodes = list(_walk(app.layout))
    assert sum(isinstance(n, html.Main) for n in nodes) == 1
    assert sum(isinstance(n, html.Footer) for n in nodes) == 1
    assert "<footer" not in INDEX  # Dash's scripts are not a second contentinfo
    visible = [n for n in nodes if not isinstance(n, (dcc.Location, dcc.Store))]
    first = next(n for n in visible[1:] if isinstance(n, (html.A, html.Button, dcc.Input)))
    assert first.className == "skip-link" and first.href == "#" + a11y.SKIP_TARGET
    main = next(n for n in nodes if isinstance(n, html.Main))
    assert main.id == a11y.SKIP_TARGET
    payload = load_view_data()["payload"]
    described = next(n for n in nodes if getattr(n, "id", None) == a11y.MAP_DESCRIPTION)
    assert described.children in payload["descriptions"]
    live = next(n for n in nodes if getattr(n, "id", None) == a11y.ANNOUNCE)
    assert live.role == "status"
