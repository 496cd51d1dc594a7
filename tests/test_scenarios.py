"""Any battle is a data folder: the factions, labels, colours, credits and groups come from
``scenario.yaml``. Two invented scenarios besides Aleppo prove it: ``two_sides`` (a town
guard and a besieging host near 14° E, 50° N, no landmarks file) and ``four_sides`` (four
sides in a port near 145° E, 38° S, one district shared three ways). Each break of the
scenario contract is one clear line from ``frontline validate`` naming the file, the line
and the fix.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geodata.errors import DataError
from geodata.gazetteer import Gazetteer
from timeline import (
    Faction,
    control_header,
    faction_columns,
    load_scenario,
    load_scenario_info,
    status_of,
    validate_timeline,
)
from timeline.ingest import actors_for, gazetteer_of
from timeline.ingest.lexicon import opponent
from timeline.moments import moment_at

FIXTURES = Path(__file__).parent / "fixtures"
TWO = FIXTURES / "two_sides"
FOUR = FIXTURES / "four_sides"
FOUR_IDS = ("harbour-board", "dockers", "river-clans", "militia")


@pytest.fixture(scope="module")
def two():
    return load_scenario(TWO)


@pytest.fixture(scope="module")
def four():
    return load_scenario(FOUR)


def _copy(tmp_path: Path, source: Path = TWO) -> Path:
    folder = tmp_path / source.name
    shutil.copytree(source, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


# --- the scenarios load with their own factions -------------------------------------------------


def test_factions_come_from_scenario_yaml(two, four):
    assert two.faction_ids == ("defenders", "besiegers")
    assert two.factions[1] == Faction(
        "besiegers",
        "Besieging host",
        "#b5651d",
        "#e69f00",
        ("besiegers", "besieging host", "host"),
    )
    assert two.factions[0].colourblind is None  # left to the dashboard to derive
    assert four.faction_ids == FOUR_IDS
    assert four.faction_labels["dockers"] == "Dockers' Union"
    assert four.faction_colours["dockers"] == "#cc0033"  # #rgb widened
    assert two.credits.startswith("Invented for the tests")
    assert four.credits is None
    assert two.groups == {"stare-mesto": ("Old Town", "Staré Město")}
    assert (two.attacker, two.enclave_faction) == ("besiegers", "defenders")
    assert (four.attacker, four.enclave_faction) == (None, None)
    assert two.info.language == "cs" and four.info.language == "en"


def test_control_and_daily_tables_carry_one_share_column_per_faction(two, four):
    assert faction_columns(four.control.columns) == FOUR_IDS
    assert faction_columns(four.daily.columns) == FOUR_IDS
    assert list(two.daily.columns[2:4]) == ["defenders", "besiegers"]
    assert set(four.daily["status"].cat.categories) == {*FOUR_IDS, "contested"}
    market = four.state_on("2040-01-11").loc["market-flat"]
    assert market["status"] == "contested"
    assert [market[f] for f in FOUR_IDS] == pytest.approx([0.3, 0.5, 0.2, 0.0])
    assert four.state_on("2040-01-12").loc["market-flat", "status"] == "dockers"


def test_status_follows_the_scenario_order():
    assert status_of({"besiegers": 0.96, "defenders": 0.04}) == "besiegers"
    assert status_of([[0.0, 0.0, 0.97, 0.03]], FOUR_IDS).tolist() == ["river-clans"]


def test_a_tie_goes_to_the_faction_listed_first(two):
    # 2031-03-04: the square is split 50/50; its majority is the defenders' (listed first),
    # so it faces the walls, taken by the besiegers, across a front.
    pairs = set(two.fronts.set_index("date").loc[pd.Timestamp("2031-03-04"), "pairs"])
    assert ("namesti", "hradby") in pairs or ("hradby", "namesti") in pairs


def test_stats_have_a_km2_column_per_faction_and_the_enclave_only_when_named(two, four):
    assert list(four.stats.columns) == [
        "date",
        "harbour-board_km2",
        "dockers_km2",
        "river-clans_km2",
        "militia_km2",
        "changed_districts",
        "front_km",
    ]
    assert list(two.stats.columns) == [
        "date",
        "defenders_km2",
        "besiegers_km2",
        "enclave_km2",
        "attacker_share_of_enclave",
        "changed_districts",
        "front_km",
    ]
    share = two.stats["attacker_share_of_enclave"].tolist()
    assert share[0] == 0 and share == sorted(share) and share[-1] > 0.3
    total = four.stats[[f"{f}_km2" for f in FOUR_IDS]].sum(axis=1)
    assert total.max() - total.min() < 1e-9  # shares move ground, never make or lose it


def test_a_district_shared_three_ways_is_carved_into_three_parts(four):
    parts = moment_at(four, "2040-01-11").parts
    market = parts[parts["district"] == "market-flat"]
    assert sorted(market["faction"]) == ["dockers", "harbour-board", "river-clans"]
    assert market["share"].sum() == pytest.approx(1.0)


def test_landmarks_are_optional(two):
    assert not (TWO / "landmarks.geojson").exists()
    assert len(two.landmarks) == 0
    assert list(two.landmarks.columns[:5]) == ["id", "name", "aliases", "kind", "district"]


def test_sources_and_events_accept_any_short_kind_and_optional_keys(two):
    assert {s.kind for s in two.sources.values()} == {"chronicle", "letter"}
    breach = next(e for e in two.events if e.id == "2031-03-02-breach-at-the-walls")
    assert breach.kind == "breach" and breach.landmarks == () and breach.claims == ()
    assert breach.sources[0].section is None


# --- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("folder", [TWO, FOUR], ids=["two_sides", "four_sides"])
def test_validate_passes(run_cli, folder):
    result = run_cli("validate", folder)
    assert result.code == 0, result.out
    assert result.out.startswith(f"OK: {folder}:")
    assert validate_timeline(folder) == []


def test_control_cli_keys_shares_by_the_scenario_ids(run_cli):
    result = run_cli("control", "--scenario", FOUR, "--date", "2040-01-11")
    assert result.code == 0, result.err
    rows = {r["id"]: r for r in json.loads(result.out)}
    assert list(rows["market-flat"]["shares"]) == list(FOUR_IDS)
    assert rows["market-flat"]["shares"]["river-clans"] == pytest.approx(0.2)
    assert rows["wattle-hill"]["status"] == "militia"


def test_stats_cli_columns_follow_the_scenario(run_cli):
    result = run_cli("stats", "--scenario", TWO, "--format", "csv")
    assert result.code == 0, result.err
    header = result.out.splitlines()[0]
    assert header == (
        "date,defenders_km2,besiegers_km2,attacker_share_of_enclave,changed_districts,front_km"
    )
    result = run_cli("stats", "--scenario", FOUR, "--format", "csv")
    assert result.out.splitlines()[0] == (
        "date,harbour-board_km2,dockers_km2,river-clans_km2,militia_km2,changed_districts,front_km"
    )


@pytest.mark.parametrize("folder", [TWO, FOUR], ids=["two_sides", "four_sides"])
def test_stats_areas_match_the_geodesic_areas_of_the_districts(run_cli, folder):
    """Far from Aleppo (central Europe; 145° E, 38° S) the km² each faction holds add up to
    the districts' area on the ellipsoid, and each district counts its shares of it."""
    import geopandas as gpd
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    districts = gpd.read_file(folder / "districts.geojson").set_index("id")
    geodesic = {
        i: abs(geod.geometry_area_perimeter(g)[0]) / 1e6 for i, g in districts.geometry.items()
    }
    scenario = load_scenario(folder)
    result = run_cli("stats", "--scenario", folder, "--format", "json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    for row in rows:
        held = sum(row[f"{f}_km2"] for f in scenario.faction_ids)
        assert held == pytest.approx(sum(geodesic.values()), rel=0.01)
    # One day in detail: each faction's km² is its shares of the geodesic district areas.
    day = scenario.daily[scenario.daily["date"] == scenario.daily["date"].max()]
    last = rows[-1]
    for f in scenario.faction_ids:
        expected = sum(geodesic[d] * s for d, s in zip(day["district"], day[f], strict=True))
        assert last[f"{f}_km2"] == pytest.approx(expected, rel=0.01, abs=1e-6)


# --- the contract's breaks: one line each, naming the file, the place and the fix ---------------


def _one_error(run_cli, folder: Path) -> str:
    result = run_cli("validate", folder)
    errors = [line for line in result.out.splitlines() if "warning:" not in line]
    assert result.code == 1 and len(errors) == 1, result.out
    with pytest.raises(DataError):
        load_scenario(folder)
    return errors[0]


def test_an_undeclared_faction_column(run_cli, tmp_path):
    folder = _copy(tmp_path)
    control = folder / "control.csv"
    text = control.read_text(encoding="utf-8").splitlines()
    text[0] = text[0].replace("besiegers,event", "besiegers,pirates,event")
    text[1:] = [re.sub(r"^([^,]*,[^,]*,[^,]*,[^,]*),", r"\1,0,", row) for row in text[1:]]
    control.write_text("\n".join(text) + "\n", encoding="utf-8")
    line = _one_error(run_cli, folder)
    assert line.startswith(f"{control}:1: column 'pirates' is not a faction of scenario.yaml")
    assert "declare 'pirates' under factions in scenario.yaml, or drop the column" in line


def test_a_share_for_a_faction_scenario_yaml_does_not_declare(run_cli, tmp_path):
    folder = _copy(tmp_path, FOUR)
    info = folder / "scenario.yaml"
    _edit(info, '  - id: militia\n    label: Town Militia\n    colour: "#8e44ad"\n', "")
    line = _one_error(run_cli, folder)
    assert line.startswith(f"{folder / 'control.csv'}:1: column 'militia' is not a faction")


def test_a_declared_faction_without_its_column(run_cli, tmp_path):
    folder = _copy(tmp_path)
    _edit(
        folder / "scenario.yaml",
        "attacker: besiegers",
        '  - id: townsfolk\n    label: Townsfolk\n    colour: "#999999"\nattacker: besiegers',
    )
    line = _one_error(run_cli, folder)
    assert "control.csv:1: no share column for faction 'townsfolk'" in line
    assert "date,district,defenders,besiegers,townsfolk,event,confidence,note" in line


def test_share_columns_in_another_order(run_cli, tmp_path):
    folder = _copy(tmp_path)
    control = folder / "control.csv"
    _edit(control, "district,defenders,besiegers,", "district,besiegers,defenders,")
    line = _one_error(run_cli, folder)
    assert line.startswith(f"{control}:1: header is date,district,besiegers,defenders,")
    assert "in the order of scenario.yaml" in line


def test_colours_must_be_hex(run_cli, tmp_path):
    folder = _copy(tmp_path)
    info = folder / "scenario.yaml"
    _edit(info, 'colour: "#1f4e9c"', "colour: navy")
    line = _one_error(run_cli, folder)
    where = _line_of(info, "factions:")
    assert line.startswith(f"{info}:{where + 1}: factions entry 1 ('defenders'): colour 'navy'")
    assert "is not a hex colour" in line and "'#rrggbb'" in line


@pytest.mark.parametrize("count", [1, 7])
def test_two_to_six_factions(run_cli, tmp_path, count):
    folder = _copy(tmp_path)
    entries = "".join(
        f'  - id: side-{i}\n    label: Side {i}\n    colour: "#00000{i}"\n' for i in range(count)
    )
    info = folder / "scenario.yaml"
    text = info.read_text(encoding="utf-8")
    start, end = text.index("factions:\n"), text.index("attacker:")
    text = text[:start] + "factions:\n" + entries + text[end:]
    text = re.sub(r"attacker: .*\nenclave_faction: .*\n", "", text)
    info.write_text(text, encoding="utf-8")
    line = _one_error(run_cli, folder)
    first = _line_of(info, "factions:") + 1  # the list's first entry
    assert f"{info}:{first}: {count} factions declared" in line
    assert "a scenario has 2 to 6" in line


@pytest.mark.parametrize(
    ("old", "new", "message", "hint"),
    [
        ("language: cs", "language: cs\nlegend: top", "has unknown keys ['legend']", "allowed:"),
        ("id: besiegers", "id: Besiegers!", "id 'Besiegers!' is not a slug", "lower-case"),
        ("id: besiegers", "id: defenders", "faction id 'defenders' is declared twice", "own id"),
        (
            "attacker: besiegers",
            "attacker: pirates",
            "attacker 'pirates' is not a declared faction",
            "use one of defenders, besiegers",
        ),
        (
            "enclave_faction: defenders\n",
            "",
            "attacker is given without enclave_faction",
            "give both",
        ),
    ],
    ids=["unknown key", "id not a slug", "id twice", "attacker undeclared", "attacker alone"],
)
def test_scenario_yaml_problems(run_cli, tmp_path, old, new, message, hint):
    folder = _copy(tmp_path)
    _edit(folder / "scenario.yaml", old, new)
    line = _one_error(run_cli, folder)
    assert line.startswith(f"{folder / 'scenario.yaml'}:")
    assert message in line and hint in line


def test_a_folder_without_scenario_yaml_is_told_what_to_add(run_cli, tmp_path):
    folder = _copy(tmp_path)
    (folder / "scenario.yaml").unlink()
    line = _one_error(run_cli, folder)
    assert line.startswith(f"{folder / 'scenario.yaml'}: scenario.yaml not found")
    assert "factions: 2 to 6 entries of id (a slug), label and colour" in line


def test_shares_must_sum_to_one_over_the_scenario_factions(run_cli, tmp_path):
    folder = _copy(tmp_path)
    control = folder / "control.csv"
    _edit(control, "2031-03-02,hradby,0.4,0.6", "2031-03-02,hradby,0.4,0.5")
    line = _one_error(run_cli, folder)
    assert line.startswith(f"{control}:{_line_of(control, 'hradby,0.4,0.5')}:")
    assert "sum to 0.9, not 1 (defenders + besiegers must be 1)" in line


def test_control_header_helper():
    assert control_header(["a", "b"]) == [
        "date",
        "district",
        "a",
        "b",
        "event",
        "confidence",
        "note",
    ]


# --- the ingest's vocabulary and the gazetteer's group names ---------------------------------


def test_ingest_actors_come_from_the_factions_names():
    actors = actors_for(load_scenario_info(TWO / "scenario.yaml"))
    found = {
        side
        for text in ("The town guard fell back.", "The besieging host attacked.")
        for side, pattern in actors.patterns
        if pattern.search(text)
    }
    assert found == {"defenders", "besiegers"}
    besiegers = dict(actors.patterns)["besiegers"]
    assert besiegers.search("host-held streets") is None  # a place qualifier, not a side
    assert opponent(actors, "besiegers") == "defenders"
    four = actors_for(load_scenario_info(FOUR / "scenario.yaml"))
    assert [side for side, _ in four.patterns] == ["dockers"]  # the only one with names
    assert opponent(four, "dockers") is None  # four sides: no single opponent


def test_group_names_come_from_the_scenario():
    gazetteer = gazetteer_of(TWO)
    assert gazetteer.resolve("Old Town") == ["kostelni", "namesti"]
    assert gazetteer.resolve("Staré Město") == ["kostelni", "namesti"]
    assert Gazetteer.load(TWO).resolve("Old Town") == []  # without the scenario's groups
