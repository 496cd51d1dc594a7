"""Hostile scenario files (issue 16, items 3, 6 and 8): refused quickly, as one line naming
the file and line, never as an internal error; serve and export refuse what validate does.

Every scenario file is read by :mod:`geodata.safe_io`. The inputs are the issue's: an alias
bomb in events.yaml and sources.yaml, /dev/zero and a FIFO as events.yaml, bytes that are
not UTF-8, a list where a word is expected, 50,000 nested brackets, an oversized file, a
self-intersecting district, javascript:/data: source addresses and markup in names.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from geodata.errors import DataError
from geodata.safe_io import MAX_DEPTH, brief, read_json, read_text, read_yaml
from timeline.io import read_control, read_events

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
ROOT = Path(__file__).resolve().parents[1]

# Nine levels of nine aliases: 9**9 (387 million) strings once expanded. Before the safe
# reader, reading it ran about 50 s and ended in MemoryError at 2.3 GB.
ALIAS_BOMB = "\n".join(
    ['- &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"- &{n} [{','.join(['*' + p] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]
)


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    """A writable copy of the mini scenario (valid: four squares, five days)."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def _no_internal_error(text: str) -> None:
    assert "internal error" not in text and "Traceback" not in text, text


# --- alias bombs: refused before expansion, in under 1 s and 100 MB ----------------------

_MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time
    from timeline.io import read_events, read_sources
    reader = {"events": read_events, "sources": read_sources}[sys.argv[1]]
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    _, problems = reader(sys.argv[2])
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    found = [str(p) for p in problems]
    print(json.dumps({"seconds": seconds, "kib": peak - base, "problems": found}))
    """
)


@pytest.mark.parametrize("name", ["events", "sources"])
def test_an_alias_bomb_is_refused_in_under_a_second_and_100_mb(tmp_path, name):
    path = tmp_path / f"{name}.yaml"
    path.write_text(ALIAS_BOMB + "\n", encoding="utf-8")
    # A fresh interpreter with a 1.5 GB address-space cap: expanding the bomb fails fast.
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))\n"
    done = subprocess.run(
        [sys.executable, "-c", limit + _MEASURE, name, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["seconds"] < 1.0, result
    assert result["kib"] < 100 * 1024, result
    assert result["problems"] == [
        f"{path}:2: YAML alias *a is not accepted (write the value out in full: anchors and "
        "aliases are refused so that loading stays small and fast)"
    ]


def test_validate_refuses_an_alias_bomb_in_sources(run_cli, scenario):
    (scenario / "sources.yaml").write_text(ALIAS_BOMB + "\n", encoding="utf-8")
    start = time.perf_counter()
    result = run_cli("validate", scenario)
    assert time.perf_counter() - start < 30
    assert result.code == 1
    assert f"{scenario / 'sources.yaml'}:2: YAML alias *a is not accepted" in result.out
    _no_internal_error(result.out + result.err)


def test_an_alias_inside_an_item_names_its_line(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("- id: a\n  title: &t Title\n- id: b\n  title: *t\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_yaml(path)
    assert exc.value.where == f"{path}:4"
    assert "alias *t" in exc.value.message


def test_plain_yaml_still_reads(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("- id: a\n  tags: [x, {y: 1}]\n", encoding="utf-8")
    data, node = read_yaml(path)
    assert data == [{"id": "a", "tags": ["x", {"y": 1}]}]
    assert isinstance(node, yaml.SequenceNode)


def test_a_bad_value_is_quoted_briefly():
    shared = ["lol"] * 9
    for _ in range(8):
        shared = [shared] * 9  # 9**9 leaves if walked
    start = time.perf_counter()
    text = brief(shared)
    assert time.perf_counter() - start < 0.1
    assert len(text) <= 60


# --- files that are not regular, too large, or not UTF-8 -----------------------------------


def _validate_in_subprocess(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from dashboard.cli import main; main()", "validate", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def test_dev_zero_as_events_is_refused_quickly(scenario):
    (scenario / "events.yaml").unlink()
    (scenario / "events.yaml").symlink_to("/dev/zero")
    start = time.perf_counter()
    done = _validate_in_subprocess(scenario)
    assert time.perf_counter() - start < 30
    assert done.returncode == 1
    line = f"{scenario / 'events.yaml'}: is a device, not a regular file"
    assert any(row.startswith(line) for row in done.stdout.splitlines()), done.stdout
    _no_internal_error(done.stdout + done.stderr)


def test_a_fifo_as_events_is_refused_without_waiting_for_a_writer(scenario):
    (scenario / "events.yaml").unlink()
    os.mkfifo(scenario / "events.yaml")
    done = _validate_in_subprocess(scenario)  # opening a FIFO for reading would block
    assert done.returncode == 1
    assert f"{scenario / 'events.yaml'}: is a named pipe (FIFO), not a regular file" in done.stdout


def test_a_file_over_its_size_limit_is_refused_unread(scenario):
    path = scenario / "events.yaml"
    with path.open("r+b") as handle:
        handle.truncate(5 * 1024 * 1024)  # sparse: 5 MB of zero bytes, over the 4 MB limit
    _, problems = read_events(path)
    assert [str(p) for p in problems] == [
        f"{path}: is 5.0 MB, over the 4.0 MB limit for a .yaml file (a scenario file this "
        "large is not expected: check it is the right file, or simplify it)"
    ]


def test_bytes_that_are_not_utf8_name_file_and_line(scenario):
    path = scenario / "events.yaml"
    raw = path.read_bytes().replace(b"Lines frozen", b"Lines \xe9 frozen", 1)
    path.write_bytes(raw)
    line = raw[: raw.index(b"\xe9")].count(b"\n") + 1
    _, problems = read_events(path)
    assert len(problems) == 1
    assert problems[0].where == f"{path}:{line}"
    assert problems[0].message.startswith("byte 0xe9 at column 16 is not UTF-8 text")
    assert "UTF-8" in problems[0].hint


def test_control_csv_that_is_not_utf8_names_its_line(scenario):
    path = scenario / "control.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2] + b"\xff"
    path.write_bytes(b"\n".join(lines))
    _, problems = read_control(path, ["government", "rebel", "sdf"])
    assert [p.where for p in problems] == [f"{path}:3"]
    assert "0xff" in problems[0].message


def test_validate_reports_non_utf8_geojson_and_bad_types_as_lines(run_cli, scenario):
    geo = scenario / "landmarks.geojson"
    raw = geo.read_bytes()
    geo.write_bytes(raw.replace(b'"name"', b'"n\xe4me"', 1))
    geo_line = raw[: raw.index(b'"name"')].count(b"\n") + 1
    events = scenario / "events.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace("  kind: context", "  kind: [context]", 1), encoding="utf-8")
    line = text[: text.index("  kind: context")].count("\n") + 1
    result = run_cli("validate", scenario)
    assert result.code == 1
    out = result.out.splitlines()
    assert any(o.startswith(f"{geo}: line {geo_line}: byte 0xe4 at column") for o in out), out
    assert (
        f"{events}:{line}: item '2016-11-01-background': kind must be non-empty text, not a "
        "list (write one short word, e.g. kind: context)"
    ) in out
    _no_internal_error(result.out + result.err)


# --- nesting ---------------------------------------------------------------------------------


def test_fifty_thousand_nested_brackets_in_yaml(run_cli, scenario):
    path = scenario / "events.yaml"
    before = path.read_text(encoding="utf-8")
    path.write_text(
        before + "- id: deep\n  title: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8"
    )
    line = before.count("\n") + 2
    result = run_cli("validate", scenario)
    assert result.code == 1
    assert (
        f"{path}:{line}: nested more than {MAX_DEPTH} levels deep (a scenario file needs only "
        "a few levels: check the brackets and indentation there)"
    ) in result.out.splitlines()
    _no_internal_error(result.out + result.err)


def test_fifty_thousand_nested_brackets_in_geojson(run_cli, scenario):
    path = scenario / "landmarks.geojson"
    path.write_text(
        '{"type": "FeatureCollection",\n"features": ' + "[" * 50_000 + "]" * 50_000 + "}",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as exc:
        read_json(path)
    assert exc.value.where == f"{path}:2"
    assert exc.value.message == f"nested more than {MAX_DEPTH} levels deep"
    result = run_cli("validate", scenario)
    assert result.code == 1
    assert f"{path}: line 2: nested more than {MAX_DEPTH} levels deep" in result.out
    # The landmarks file's problem is said once, not as every event naming a landmark.
    assert "unknown landmark" not in result.out
    _no_internal_error(result.out + result.err)


def test_the_depth_count_skips_brackets_inside_strings(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"a": "[" * 500, "b": [[1]]}), encoding="utf-8")
    assert read_json(path)["b"] == [[1]]


def test_a_bom_is_dropped(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbfkey: value\n")
    assert read_text(path) == "key: value\n"


# --- wrong types anywhere in an event: a problem, never an exception ---------------------


@pytest.mark.parametrize("value", [["x"], {"a": 1}, 7, True, None])
def test_any_event_field_of_the_wrong_type_is_a_line_problem(scenario, value):
    path = scenario / "events.yaml"
    events = yaml.safe_load(path.read_text(encoding="utf-8"))
    keys = sorted({k for e in events for k in e} | {"qualifier"})
    for key in keys:
        changed = [dict(e) for e in events]
        changed[2][key] = value
        if key == "qualifier":
            changed[2]["claims"] = [
                {
                    "what": "w",
                    "value": 1,
                    "claimant": "c",
                    "source": "mini-wire",
                    "qualifier": value,
                }
            ]
        path.write_text(yaml.safe_dump(changed, sort_keys=False), encoding="utf-8")
        _, problems = read_events(path)  # must not raise
        for problem in problems:
            assert isinstance(problem, DataError)
            assert problem.where and problem.where.startswith(f"{path}:")


# --- serve and export refuse what validate rejects ---------------------------------------


def _self_intersecting(scenario: Path) -> None:
    path = scenario / "districts.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    ring = data["features"][0]["geometry"]["coordinates"][0]
    ring[1], ring[2] = ring[2], ring[1]  # a bow-tie
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def export_cli(run_cli):
    from dashboard.cli import cli
    from dashboard.cli.export_cmd import export

    if "export" not in cli.commands:
        cli.add_command(export)
    return run_cli


def test_serve_and_export_refuse_a_self_intersecting_layer_with_validates_lines(
    export_cli, scenario, tmp_path, monkeypatch
):
    monkeypatch.setenv("FRONTLINE_CACHE", "0")
    _self_intersecting(scenario)
    checked = export_cli("validate", scenario)
    assert checked.code == 1
    lines = checked.out.splitlines()
    assert any("invalid geometry: Self-intersection" in line for line in lines), lines
    out = tmp_path / "page.html"
    for args in (["serve", "--scenario", scenario, "--port", "1"], ["export", "html"]):
        if args[0] == "export":
            args += ["--scenario", scenario, "--out", out]
        result = export_cli(*args)
        assert result.code == 1, result.err
        head, *rest = result.err.strip().splitlines()
        assert head == (
            f"frontline: error: {scenario} does not pass 'frontline validate' "
            f"({len(lines)} problem{'s' if len(lines) > 1 else ''}, listed below); fix them "
            "and start again"
        )
        assert rest == lines
        assert "serving on" not in result.err
    assert not out.exists()


def test_the_bundled_scenario_passes_every_check():
    from dashboard.checks import is_warning, require_valid

    assert [p for p in require_valid(None) if not is_warning(p)] == []


# --- addresses and markup ------------------------------------------------------------------


def test_validate_refuses_javascript_and_data_urls(run_cli, scenario):
    path = scenario / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("https://example.org/mini-wire", "javascript:alert(1)")
    text = text.replace("https://example.org/mini-outlet", "data:text/html,<b>x</b>")
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", scenario)
    assert result.code == 1
    out = result.out.splitlines()
    wire = text[: text.index("- id: mini-wire")].count("\n") + 1
    outlet = text[: text.index("- id: mini-outlet")].count("\n") + 1
    assert any(
        o.startswith(
            f"{path}:{wire}: source 'mini-wire': url 'javascript:alert(1)' uses the "
            "javascript: scheme (give the absolute http(s) address"
        )
        for o in out
    ), out
    assert any(
        o.startswith(
            f"{path}:{outlet}: source 'mini-outlet': url 'data:text/html,<b>x</b>' "
            "uses the data: scheme"
        )
        for o in out
    ), out


def test_validate_warns_about_markup_in_names_and_texts(run_cli, scenario):
    geo = scenario / "districts.geojson"
    data = json.loads(geo.read_text(encoding="utf-8"))
    data["features"][0]["properties"]["name"] = 'Alpha <a href="https://example.org">x</a>'
    geo.write_text(json.dumps(data), encoding="utf-8")
    events = scenario / "events.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace("Lines frozen", "Lines&nbsp;frozen<br>", 1), encoding="utf-8")
    line = text[: text.index("- id: 2016-11-01-background")].count("\n") + 1
    result = run_cli("validate", scenario)
    assert result.code == 0, result.out  # warnings only
    out = result.out.splitlines()
    hint = "(write plain text: no <...> tags and no &...; entities (they are shown literally))"
    assert (
        f"{geo}: feature alpha: warning: property 'name' holds markup "
        f"'<a href=\"https://example.org\">' {hint}"
    ) in out
    assert (
        f"{events}:{line}: warning: event '2016-11-01-background': title holds markup "
        f"'&nbsp;' {hint}"
    ) in out
    assert out[-1].startswith("OK: ")


def test_plain_text_with_ampersands_and_comparisons_is_no_markup():
    from timeline.markup import markup_in

    assert markup_in("Bustan al-Qasr & Kallaseh, < 5 km, R&D") is None
    assert markup_in("a <b>bold</b> word") == "<b>"
    assert markup_in("x &#38; y") == "&#38;"


def test_export_refuses_dev_zero_before_hashing_the_files(scenario, tmp_path):
    (scenario / "events.yaml").unlink()
    (scenario / "events.yaml").symlink_to("/dev/zero")
    out = tmp_path / "page.html"
    args = ["export", "html", "--scenario", str(scenario), "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-c", "from dashboard.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"frontline: error: {scenario / 'events.yaml'}: is a device, not a regular file "
        "(point it at an ordinary file: scenario files are read whole)"
    )
    assert not out.exists()


def test_new_refuses_a_fifo_as_its_layer(tmp_path):
    from geodata.tiling import read_layer

    fifo = tmp_path / "layer.geojson"
    os.mkfifo(fifo)
    with pytest.raises(DataError) as exc:
        read_layer(fifo)
    assert exc.value.message == "is a named pipe (FIFO), not a regular file"


def test_keys_that_are_not_words_are_unknown_keys_at_their_line(run_cli, scenario):
    path = scenario / "events.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  kind: context", "  kind: context\n  1: one\n  zz: two", 1))
    line = text[: text.index("  kind: context")].count("\n") + 2
    result = run_cli("validate", scenario)
    assert result.code == 1
    assert any(
        o.startswith(f"{path}:{line}: item '2016-11-01-background' has unknown keys [1, 'zz']")
        for o in result.out.splitlines()
    ), result.out
    _no_internal_error(result.out + result.err)
