"""Stories as data (timeline/stories.py): the bundled story, the checks ``validate`` runs on
story files, and the stories in the page's payload."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.viewdata import load_view_data
from timeline import load_scenario
from timeline.stories import load_stories, story_paths, story_problems

ALEPPO = Path(__file__).resolve().parents[1] / "timeline" / "data" / "aleppo_2016"
BUNDLED = "how-the-east-fell"

GOOD_STEP = """  - date: 2016-11-26
    focus: Hanano
    zoom: 2
    title: Hanano falls
    caption: The army takes the largest district of the northern enclave.
    events: [2016-11-26-hanano-captured]
"""


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "aleppo"
    shutil.copytree(ALEPPO, folder)
    shutil.rmtree(folder / "stories")
    (folder / "stories").mkdir()
    return folder


def _write(folder: Path, name: str, steps: str, head: str = "title: A test story\n") -> Path:
    path = folder / "stories" / f"{name}.yaml"
    path.write_text(head + "steps:\n" + steps, encoding="utf-8")
    return path


def test_the_bundled_story_walks_the_whole_offensive():
    stories = load_stories(None)
    assert list(stories) == [BUNDLED]
    story = stories[BUNDLED]
    scn = load_scenario(None)
    assert 8 <= len(story.steps) <= 12
    days = [s.date for s in story.steps]
    assert days == sorted(days) and len(set(days)) == len(days)
    assert days[0] == scn.start and days[-1] == scn.end
    events = {e.id: e for e in scn.events}
    for step in story.steps:
        assert step.caption and step.title and step.events
        # Each step rests on events of its window: none after its date, and (when the step
        # compares) none before the earlier day.
        for ident in step.events:
            assert events[ident].date <= step.date
        if step.compare is not None:
            assert step.compare < step.date
    assert any(s.compare for s in story.steps) and any(s.focus for s in story.steps)
    assert story_problems(None) == []


def test_a_good_story_loads_with_a_district_named_by_its_name(tmp_path):
    folder = _copy(tmp_path)
    _write(folder, "hanano", GOOD_STEP)
    assert story_problems(folder) == []
    (step,) = load_stories(folder)["hanano"].steps
    assert step.focus == "hanano" and step.zoom == 2.0


@pytest.mark.parametrize(
    ("replace", "message", "hint"),
    [
        ("2016-11-26-hanano-captured]", "step 1: unknown event 'no-such-event'", "events.yaml"),
        ("date: 2016-11-26", "step 1: date 2017-02-01 is outside the battle", "2016-11-15.."),
        ("focus: Hanano", "step 1: focus 'Atlantis' is no district of the map", "districts"),
        ("zoom: 2", "step 1: zoom 0 is not a number from 1 to 20", "whole map"),
        ("caption: The army takes", "step 1 lacks caption", "add the missing keys"),
    ],
)
def test_bad_steps_are_refused_with_file_step_line_and_fix(tmp_path, replace, message, hint):
    folder = _copy(tmp_path)
    bad = {
        "2016-11-26-hanano-captured]": "no-such-event]",
        "date: 2016-11-26": "date: 2017-02-01",
        "focus: Hanano": "focus: Atlantis",
        "zoom: 2": "zoom: 0",
        "caption: The army takes": "summary: The army takes",
    }[replace]
    path = _write(folder, "broken", GOOD_STEP.replace(replace, bad))
    problems = story_problems(folder)
    assert problems, "the broken story passed"
    file, line, text, fix = problems[0]
    assert file == str(path) and line.isdigit() and 3 <= int(line) <= 9
    assert message in text and hint in (fix or "")


def test_an_event_after_the_step_and_a_compare_after_the_date_are_refused(tmp_path):
    folder = _copy(tmp_path)
    step = GOOD_STEP.replace("[2016-11-26-hanano-captured]", "[2016-12-06-old-city-captured]")
    step = step.replace("    zoom: 2\n", "    zoom: 2\n    compare: 2016-12-01\n")
    _write(folder, "early", step)
    messages = [p[2] for p in story_problems(folder)]
    assert any("dated 2016-12-06, after the step's date 2016-11-26" in m for m in messages)
    assert any("compare 2016-12-01 must be a day of the battle before" in m for m in messages)


def test_validate_names_the_story_file_and_fails(tmp_path, run_cli):
    folder = _copy(tmp_path)
    _write(folder, "Bad Name", GOOD_STEP)
    _write(folder, "no-steps", "", head="title: Empty\n")
    result = run_cli("validate", folder)
    assert result.code == 1
    assert "Bad Name.yaml: story name 'Bad Name' is not a slug" in result.out + result.err
    assert "no-steps.yaml:" in result.out + result.err
    assert "the story needs a list of steps" in result.out + result.err
    assert "Traceback" not in result.out + result.err


def test_a_scenario_without_stories_has_none(tmp_path):
    folder = _copy(tmp_path)
    shutil.rmtree(folder / "stories")
    assert story_paths(folder) == [] and story_problems(folder) == []
    assert load_stories(folder) == {}


def test_the_payload_carries_the_stories_with_day_indexes():
    payload = load_view_data(None)["payload"]
    story = payload["stories"][BUNDLED]
    assert story["title"].startswith("How eastern Aleppo fell")
    for step in story["steps"]:
        assert payload["dates"][step["day"]] == step["date"]
        if step["compare"]:
            assert payload["dates"][step["compare_day"]] == step["compare"]
        else:
            assert step["compare_day"] is None
