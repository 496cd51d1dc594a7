"""The story builder's YAML (assets/js/story-yaml.mjs, run by node on the real payload) is
a story file that ``frontline validate`` accepts: every day of the battle, as the whole map
and focused on a district, with the events the builder fills in by itself."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from dashboard.viewdata import load_view_data
from timeline.stories import load_stories, story_problems

ROOT = Path(__file__).resolve().parents[1]
ALEPPO = ROOT / "timeline" / "data" / "aleppo_2016"
MODULE = (ROOT / "assets" / "js" / "story-yaml.mjs").as_uri()

SCRIPT = """
import { readFileSync } from "node:fs";
import { draftYaml, stepFromView } from "%s";
const payload = JSON.parse(readFileSync(process.argv[2], "utf8"));
const views = JSON.parse(process.argv[3]);
const draft = { title: "Every day: a test", steps: views.map((v) => stepFromView(payload, v)) };
process.stdout.write(draftYaml(payload, draft));
"""


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the story builder's module (node 20 or newer)")
    return node


def _builder_yaml(tmp_path: Path, payload: dict, views: list[dict]) -> str:
    data = tmp_path / "payload.json"
    data.write_text(json.dumps(payload), encoding="utf-8")
    script = tmp_path / "build.mjs"
    script.write_text(SCRIPT % MODULE, encoding="utf-8")
    done = subprocess.run(
        [_node(), str(script), str(data), json.dumps(views)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_builders_yaml_of_every_day_validates(tmp_path, run_cli):
    payload = load_view_data(None)["payload"]
    n = len(payload["dates"])
    whole = [{"day": d, "compare": None, "focus": None, "zoom": 1} for d in range(n)]
    # Focused and zoomed in, compared with the first day (except on the first day itself).
    close = [{"day": d, "compare": 0, "focus": "hanano", "zoom": 2.37} for d in range(n)]
    texts = [_builder_yaml(tmp_path, payload, views) for views in (whole, close)]
    for text in texts:
        assert text.startswith("# Written by the Frontline Atlas story builder")
        assert "events were filled in with the events of the step's day and district" in text
    doc = yaml.safe_load(texts[1])
    assert len(doc["steps"]) == n
    assert doc["steps"][0]["zoom"] == 2.4 and doc["steps"][0]["focus"] == "hanano"
    assert "compare" not in doc["steps"][0] and str(doc["steps"][1]["compare"]) == "2016-11-15"

    folder = tmp_path / "aleppo"
    shutil.copytree(ALEPPO, folder)
    for name, text in zip(("whole-map", "hanano-close"), texts, strict=True):
        (folder / "stories" / f"{name}.yaml").write_text(text, encoding="utf-8")
    assert story_problems(folder) == []
    stories = load_stories(folder)
    for name in ("whole-map", "hanano-close"):
        story = stories[name]
        assert [s.date.isoformat() for s in story.steps] == payload["dates"]
        assert all(s.events and s.caption for s in story.steps)
    assert stories["hanano-close"].steps[5].zoom == 2.4
    result = run_cli("validate", folder)
    assert result.code == 0, result.out + result.err
