"""``frontline export png`` of the 4-faction fixture (tests/fixtures/four_sides, 145° E
38° S): the slide has a district's worth of pixels of every faction's colour on a day when
all four hold districts."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from dashboard.viewdata import load_view_data

FOUR = Path(__file__).resolve().parent / "fixtures" / "four_sides"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def test_png_of_the_four_sided_battle_has_each_factions_colour(run_cli, tmp_path):
    payload = load_view_data(FOUR)["payload"]
    date = "2040-01-13"  # the clans have taken Gum Creek; the market is the dockers' again
    out = tmp_path / "x.png"
    result = run_cli("export", "png", "--scenario", FOUR, "--date", date, "--out", out)
    assert result.code == 0, result.err
    with Image.open(out) as im:
        assert im.size == (1920, 1080)
        counts = {c: n for n, c in im.convert("RGB").getcolors(1920 * 1080)}
    colours = payload["palettes"]["conventional"]
    assert set(colours) >= {"harbour-board", "dockers", "river-clans", "militia"}
    for faction in payload["map"]["factions"]:
        # A district's worth of pixels, not a legend swatch only.
        assert counts.get(_rgb(colours[faction]), 0) > 2000, faction
    assert counts.get(_rgb("#cc0033"), 0) > 2000  # "#c03" in scenario.yaml, widened
