"""``frontline validate`` checks the map's palettes of the scenario's factions: colours the
reader cannot tell apart are a problem line naming scenario.yaml, never a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

TWO = Path(__file__).resolve().parent / "fixtures" / "two_sides"


def _copy_with(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "two_sides"
    shutil.copytree(TWO, folder)
    info = folder / "scenario.yaml"
    text = info.read_text(encoding="utf-8")
    assert old in text
    info.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_the_fixture_validates(run_cli):
    result = run_cli("validate", TWO)
    assert result.code == 0, result.out + result.err
    assert result.out.strip().splitlines()[-1].startswith("OK: ")


def test_two_factions_of_nearly_the_same_colour_are_a_problem(run_cli, tmp_path):
    folder = _copy_with(tmp_path, 'colour: "#b5651d"', 'colour: "#1f4e9e"')
    result = run_cli("validate", folder)
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    lines = [line for line in result.out.splitlines() if "scenario.yaml" in line]
    assert len(lines) == 1, result.out
    line = lines[0]
    assert line.startswith(str(folder / "scenario.yaml") + ": ")
    assert "'defenders' (Town guard) and 'besiegers' (Besieging host)" in line
    assert re.search(r"cannot be told apart in the conventional palette", line)
    assert "#1f4e9c and #1f4e9e" in line and "choose a more different colour" in line
    assert not result.out.strip().splitlines()[-1].startswith("OK")


def test_colour_blind_colours_too_close_are_a_problem(run_cli, tmp_path):
    folder = _copy_with(tmp_path, 'colourblind: "#e69f00"', 'colourblind: "#e69f00"')
    text = (folder / "scenario.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    names: [town guard, defenders, garrison]",
        '    colourblind: "#e6a000"\n    names: [town guard, defenders, garrison]',
    )
    (folder / "scenario.yaml").write_text(text, encoding="utf-8")
    result = run_cli("validate", folder)
    assert result.code == 1
    line = next(line for line in result.out.splitlines() if "scenario.yaml" in line)
    assert "colourblind palette" in line and "#e6a000 and #e69f00" in line
