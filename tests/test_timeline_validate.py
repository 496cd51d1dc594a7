"""``validate_timeline`` on broken copies of the mini scenario: every problem names file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geodata.errors import DataError
from timeline import load_events, load_scenario, validate_timeline

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def copy(tmp_path):
    """A fresh copy of the mini scenario, and a function to edit one of its files."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)

    def edit(name: str, old: str, new: str) -> Path:
        path = folder / name
        text = path.read_text()
        assert old in text, old
        path.write_text(text.replace(old, new, 1))
        return folder

    return edit


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def _messages(folder: Path) -> list[str]:
    return [str(p) for p in validate_timeline(folder)]


def test_mini_is_clean():
    assert validate_timeline(MINI) == []


def test_unknown_district_in_control(copy):
    folder = copy("control.csv", "2016-11-17,charlie", "2016-11-17,charly")
    (message,) = _messages(folder)
    assert "control.csv:7: unknown district 'charly'" in message
    assert "did you mean charlie" in message


def test_unknown_event_in_control(copy):
    folder = copy("control.csv", ",2016-11-17-charlie-captured,", ",2016-11-17-charlie-taken,")
    (message,) = _messages(folder)
    assert "control.csv:7: unknown event '2016-11-17-charlie-taken'" in message


def test_shares_not_summing_to_one(copy):
    folder = copy("control.csv", "2016-11-16,charlie,0.5,0.5,0", "2016-11-16,charlie,0.5,0.6,0")
    (message,) = _messages(folder)
    assert "control.csv:6:" in message and "sum to 1.1" in message


def test_duplicate_date_and_district(copy):
    folder = copy(
        "control.csv",
        "2016-11-19,delta",
        "2016-11-18,charlie,0,1,0,2016-11-18-charlie-counter-attack,reported,again\n"
        "2016-11-19,delta",
    )
    (message,) = _messages(folder)
    assert "control.csv:9: second row for 'charlie' on 2016-11-18 (first at line 8)" in message


def test_date_out_of_range(copy):
    folder = copy("control.csv", "2016-11-19,delta", "2016-11-25,delta")
    (message,) = _messages(folder)
    assert "control.csv:9: date 2016-11-25 is outside the battle 2016-11-15..2016-11-19" in message


def test_event_out_of_range_unless_context(copy):
    folder = copy(
        "events.yaml", "date: 2016-11-19\n  title: Talks", "date: 2016-12-19\n  title: Talks"
    )
    line = _line_of(folder / "events.yaml", "id: 2016-11-19-talks")
    (message,) = _messages(folder)
    assert f"events.yaml:{line}: event '2016-11-19-talks' is dated 2016-12-19" in message


def test_malformed_date_and_missing_note(copy):
    copy("control.csv", "2016-11-18,charlie", "2016-11-31,charlie")
    folder = copy(
        "control.csv", 'inferred,"most of Delta, the south-east corner still held"', "inferred,"
    )
    messages = _messages(folder)
    assert any(
        "control.csv:8: date '2016-11-31' is not a valid YYYY-MM-DD day" in m for m in messages
    )
    assert any("control.csv:9: inferred row for delta has no note" in m for m in messages)


def test_event_with_unknown_landmark_and_source(copy):
    copy("events.yaml", "landmarks: [grain-silo]", "landmarks: [grain-elevator]")
    folder = copy("events.yaml", "    - id: mini-outlet\n", "    - id: mini-gazette\n")
    messages = _messages(folder)
    push = _line_of(folder / "events.yaml", "id: 2016-11-16-charlie-push")
    counter = _line_of(folder / "events.yaml", "id: 2016-11-18-charlie-counter-attack")
    assert any(
        f"events.yaml:{push}:" in m and "unknown landmark 'grain-elevator'" in m for m in messages
    )
    assert any(
        f"events.yaml:{counter}:" in m and "unknown source 'mini-gazette'" in m for m in messages
    )


def test_reported_row_whose_event_skips_the_district_warns(copy):
    folder = copy(
        "control.csv",
        "2016-11-19,delta,0.75,0.25,0,2016-11-19-delta-advance,inferred",
        "2016-11-19,delta,0.75,0.25,0,2016-11-19-talks,reported",
    )
    (message,) = _messages(folder)
    assert "control.csv:9: warning: reported change of 'delta'" in message
    load_scenario(folder)  # a warning does not stop the scenario loading


def test_bad_yaml_names_line(copy):
    folder = copy("events.yaml", "  title: Charlie falls", "  title: [Charlie falls")
    messages = _messages(folder)
    assert len(messages) == 1 and "events.yaml:" in messages[0] and "not valid YAML" in messages[0]
    with pytest.raises(DataError, match=r"events\.yaml:\d+: not valid YAML"):
        load_events(folder / "events.yaml")


def test_schema_problem_names_the_key_line(copy):
    folder = copy("events.yaml", "kind: capture", "kind: Conquest of the town")
    line = _line_of(folder / "events.yaml", "kind: Conquest of the town")
    (message,) = _messages(folder)
    assert f"events.yaml:{line}:" in message and "is not a short word" in message
    with pytest.raises(DataError, match=rf"events\.yaml:{line}:"):
        load_scenario(folder)


def test_missing_baseline(copy):
    folder = copy("control.csv", "2016-11-15,delta,0,1,0,2016-11-15-baseline,reported,\n", "")
    messages = _messages(folder)
    assert any(
        "control.csv:1: district 'delta' has no baseline row on 2016-11-15" in m for m in messages
    )
