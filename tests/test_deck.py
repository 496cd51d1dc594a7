"""Story decks (dashboard/export/deck.py, pptx.py): the PowerPoint deck and the HTML
slideshow of a story, their command line, their download routes and the SLIDES.md recipes.

The bundled story's PPTX is rendered for real once (module fixture: 11 pictures by the warm
renderer); the rest uses the mini scenario (tests/fixtures/mini) with a story written into a
copy of it, and fake pictures where the test is about words, files and errors.
"""

from __future__ import annotations

import html
import io
import re
import shlex
import shutil
from html.parser import HTMLParser
from pathlib import Path

import dash
import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from dashboard.app import create_app
from dashboard.downloads import Busy, register_downloads
from dashboard.export import deck
from dashboard.export.deck import (
    StoryError,
    export_deck,
    render_steps,
    step_still,
    step_text,
    story_of,
    story_sources,
)
from dashboard.export.pptx import deck_pptx, export_pptx, notes_text
from dashboard.export.still import zoomed
from dashboard.viewdata import load_view_data

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
ALEPPO = ROOT / "timeline" / "data" / "aleppo_2016"
BUNDLED = "how-the-east-fell"
MINI_STORY = """title: Charlie changes hands
summary: Three days of a made-up battle.
steps:
  - date: 2016-11-15
    title: The start
    caption: Each side holds its own squares.
    events: [2016-11-15-baseline]
  - date: 2016-11-16
    focus: charlie
    zoom: 2
    title: A push into Charlie
    caption: Troops reach the grain silo.
    events: [2016-11-16-charlie-push]
  - date: 2016-11-17
    compare: 2016-11-15
    title: Charlie taken
    caption: The whole square is held by the government.
    events: [2016-11-17-charlie-captured]
    sources: [mini-encyclopedia]
"""


def _png(width: int = 1920, height: int = 1080, colour: str = "#c8312b") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def export_cli(run_cli):
    """``frontline export ARGS`` in-process."""
    return lambda *args: run_cli("export", *args)


@pytest.fixture(scope="module")
def mini_story(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scenario") / "mini"
    shutil.copytree(MINI, folder)
    (folder / "stories").mkdir()
    (folder / "stories" / "charlie.yaml").write_text(MINI_STORY, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def mini_data(mini_story):
    return load_view_data(mini_story)


@pytest.fixture
def fake_steps(monkeypatch):
    """Pictures without the renderer: one plain 1920x1080 PNG per step."""
    calls = []

    def fake(data, story, *, palette="conventional", on_image=None):
        calls.append((story["name"], palette))
        for i, _ in enumerate(story["steps"]):
            if on_image is not None:
                on_image(i)
        return [_png() for _ in story["steps"]]

    monkeypatch.setattr(deck, "render_steps", fake)
    return calls


# --- the words and the picture options (pure) -----------------------------------------------


def test_story_of_names_the_known_stories_or_how_to_add_one(mini_data):
    assert story_of(mini_data, "charlie")["title"] == "Charlie changes hands"
    with pytest.raises(StoryError, match=r"^unknown story 'nope': choose one of charlie$"):
        story_of(mini_data, "nope")
    with pytest.raises(StoryError, match=r"has no stories: add one as stories/NAME\.yaml"):
        story_of(load_view_data(MINI), "charlie")


def test_one_function_decides_each_steps_picture(mini_data):
    steps = story_of(mini_data, "charlie")["steps"]
    first, push, taken = (step_still(s, "colourblind") for s in steps)
    assert (first.day, first.district, first.zoom, first.compare_day) == (0, None, None, None)
    assert (push.day, push.district, push.zoom, push.palette) == (1, "charlie", 2.0, "colourblind")
    assert (taken.day, taken.compare_day) == (2, 0)


def test_zoom_frames_the_map_closer_around_the_focus(mini_data):
    assert zoomed(mini_data, "charlie", None) is mini_data
    assert zoomed(mini_data, "charlie", 1) is mini_data
    whole = mini_data["payload"]["map"]["places"]["bounds"]
    near = zoomed(mini_data, "charlie", 2)["payload"]["map"]["places"]["bounds"]
    assert mini_data["payload"]["map"]["places"]["bounds"] == whole  # not changed in place
    assert near[2] - near[0] < (whole[2] - whole[0]) * 1.2  # narrower than the whole map's box
    feature = next(
        f for f in mini_data["geojson"]["features"] if f["properties"]["id"] == "charlie"
    )
    ring = feature["geometry"]["coordinates"][0]
    if feature["geometry"]["type"] == "MultiPolygon":
        ring = ring[0]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    assert (near[0] + near[2]) / 2 == pytest.approx((min(lons) + max(lons)) / 2)
    assert (near[1] + near[3]) / 2 == pytest.approx((min(lats) + max(lats)) / 2)
    closer = zoomed(mini_data, "charlie", 4)["payload"]["map"]["places"]["bounds"]
    assert closer[2] - closer[0] == pytest.approx((near[2] - near[0]) / 2)


def test_a_steps_words_name_its_date_events_and_sources(mini_data):
    steps = story_of(mini_data, "charlie")["steps"]
    texts = [step_text(mini_data, s) for s in steps]
    payload = mini_data["payload"]
    assert texts[1]["date"] == payload["long_labels"][1]
    assert (
        texts[2]["date"]
        == f"{payload['long_labels'][2]}, compared with {payload['long_labels'][0]}"
    )
    assert texts[1]["alt"].startswith("Map of control by district, centred on")
    assert payload["descriptions"][1] in texts[1]["alt"]
    assert [e["title"] for e in texts[1]["events"]] == ["Government pushes into Charlie"]
    assert {s["id"] for s in texts[1]["sources"]} == {"mini-wire"}
    # a step's own sources come after its events' ones
    assert [s["id"] for s in texts[2]["sources"]][-1] == "mini-encyclopedia"
    assert {s["id"] for s in story_sources(texts)} == {"mini-encyclopedia", "mini-wire"}
    notes = notes_text(texts[1])
    assert "Government pushes into Charlie" in notes
    assert all(s["title"] in notes for s in texts[1]["sources"])


# --- the bundled story as a real PowerPoint deck --------------------------------------------


@pytest.fixture(scope="module")
def bundled_pptx(tmp_path_factory):
    data = load_view_data(None)
    out = tmp_path_factory.mktemp("deck") / "east.pptx"
    export_pptx(data, BUNDLED, out)
    return data, out


def test_the_bundled_storys_pptx_has_a_slide_a_step_with_notes_and_alt_texts(bundled_pptx):
    data, out = bundled_pptx
    story = story_of(data, BUNDLED)
    prs = Presentation(str(out))
    assert len(story["steps"]) == 11
    assert len(prs.slides) == 1 + 11 + 1
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=1e-3)
    slides = list(prs.slides)
    assert slides[0].shapes.title.text == story["title"]
    for slide, step in zip(slides[1:-1], story["steps"], strict=True):
        text = step_text(data, step)
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1
        picture = pictures[0]
        with Image.open(io.BytesIO(picture.image.blob)) as im:
            assert im.size == (1920, 1080)
            assert len(im.convert("RGB").getcolors(1920 * 1080) or []) > 20  # a map, not blank
        assert picture.width / picture.height == pytest.approx(16 / 9, rel=1e-3)
        assert picture.width >= Inches(9)
        alt = picture._element.nvPicPr.cNvPr.get("descr")
        assert alt and data["payload"]["descriptions"][step["day"]] in alt
        words = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert step["title"] in words and step["caption"] in words
        assert data["payload"]["long_labels"][step["day"]] in words
        notes = slide.notes_slide.notes_text_frame.text
        assert text["sources"] and all(s["title"] in notes for s in text["sources"])
        assert all(e["title"] in notes for e in text["events"])
    last = " ".join(s.text_frame.text for s in slides[-1].shapes if s.has_text_frame)
    assert "Sources" in last and "Credits" in last and "MIT licence" in last
    assert "en.wikipedia.org" in last and "Offline" in last


def test_a_compare_step_says_which_day_it_is_compared_with(bundled_pptx):
    data, out = bundled_pptx
    story = story_of(data, BUNDLED)
    k, step = next((i, s) for i, s in enumerate(story["steps"]) if s["compare"])
    slide = list(Presentation(str(out)).slides)[k + 1]
    words = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert f"compared with {data['payload']['long_labels'][step['compare_day']]}" in words


def test_a_zoomed_step_draws_the_map_closer_than_a_whole_map_step(mini_data):
    story = {**story_of(mini_data, "charlie")}
    images = render_steps(mini_data, story)
    assert len(images) == 3
    with Image.open(io.BytesIO(images[0])) as whole, Image.open(io.BytesIO(images[1])) as near:
        assert whole.size == near.size == (1920, 1080)

        # closer in, the squares fill more of the slide with their colours
        def filled(im):
            rgb = im.convert("RGB").resize((192, 108))
            pixels = rgb.get_flattened_data()
            return sum(1 for p in pixels if p != (255, 255, 255) and max(p) - min(p) > 60)

        assert filled(near) > 1.15 * filled(whole)


# --- files, command line and downloads ------------------------------------------------------


class _Deck(HTMLParser):
    def __init__(self):
        super().__init__()
        self.slides, self.alts, self.external = 0, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "slide" in (a.get("class") or ""):
            self.slides += 1
        if tag == "img":
            self.alts.append(a.get("alt"))
            if not (a.get("src") or "").startswith("data:image/png;base64,"):
                self.external.append(a.get("src"))
        if tag in ("script", "link") and (a.get("src") or a.get("href")):
            self.external.append(a.get("src") or a.get("href"))


def test_the_html_deck_is_one_file_with_every_slide_and_nothing_from_outside(
    mini_data, fake_steps, tmp_path
):
    out = export_deck(mini_data, "charlie", tmp_path / "charlie.html")
    page = out.read_text(encoding="utf-8")
    parser = _Deck()
    parser.feed(page)
    assert parser.slides == 1 + 3 + 1
    assert len(parser.alts) == 3 and all(parser.alts) and parser.external == []
    assert "default-src 'none'; img-src data:" in html.unescape(page)
    assert "Troops reach the grain silo." in page
    assert "compared with" in page
    assert [p.name for p in tmp_path.iterdir()] == ["charlie.html"]


def test_pptx_of_fake_pictures_opens_with_the_expected_slides(mini_data):
    story = story_of(mini_data, "charlie")
    prs = Presentation(io.BytesIO(deck_pptx(mini_data, story, [_png()] * 3)))
    assert len(prs.slides) == 5
    assert [s.shapes.title.text for s in prs.slides][1:4] == [
        "The start",
        "A push into Charlie",
        "Charlie taken",
    ]


def test_the_command_line_writes_both_decks(export_cli, mini_story, fake_steps, tmp_path):
    pptx = tmp_path / "charlie.pptx"
    r = export_cli("pptx", "--scenario", mini_story, "--story", "charlie", "--out", pptx)
    assert r.code == 0, r.err
    assert r.out.strip() == str(pptx)
    assert len(Presentation(str(pptx)).slides) == 5
    page = tmp_path / "charlie.html"
    r = export_cli("deck", "--scenario", mini_story, "--story", "charlie",
                   "--palette", "colourblind", "--out", page)  # fmt: skip
    assert r.code == 0, r.err
    assert "</html>" in page.read_text(encoding="utf-8")
    assert fake_steps == [("charlie", "conventional"), ("charlie", "colourblind")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["charlie.html", "charlie.pptx"]


@pytest.mark.parametrize("kind", ["pptx", "deck"])
def test_a_bad_story_name_is_one_line_naming_the_known_ones(export_cli, mini_story, kind, tmp_path):
    out = tmp_path / ("x.pptx" if kind == "pptx" else "x.html")
    r = export_cli(kind, "--scenario", mini_story, "--story", "nope", "--out", out)
    assert r.code == 2
    lines = [line for line in r.err.strip().splitlines() if line.strip()]
    assert "unknown story 'nope': choose one of charlie" in lines[-1]
    assert not out.exists()


def test_a_scenario_without_stories_says_how_to_add_one(export_cli, tmp_path):
    r = export_cli("pptx", "--scenario", MINI, "--story", "any", "--out", tmp_path / "a.pptx")
    assert r.code == 2
    assert "has no stories: add one as stories/NAME.yaml" in r.err.strip().splitlines()[-1]


def test_a_failed_write_leaves_no_file(export_cli, mini_story, fake_steps, tmp_path, monkeypatch):
    import dashboard.export.pptx as pptx_module

    monkeypatch.setattr(pptx_module, "deck_pptx", lambda *a, **k: b"not a pptx")
    out = tmp_path / "charlie.pptx"
    r = export_cli("pptx", "--scenario", mini_story, "--story", "charlie", "--out", out)
    assert r.code == 1
    assert "the PPTX written does not open" in r.err.strip().splitlines()[-1]
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def deck_app(mini_story, mini_data, tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FRONTLINE_CACHE", raising=False)
    return create_app(mini_story)  # its downloads include the story decks


def test_the_download_routes_send_both_decks_from_the_cache(deck_app, fake_steps):
    client = deck_app.server.test_client()
    r = client.get("/download/story-charlie.pptx")
    assert r.status_code == 200, r.text
    assert r.mimetype.endswith("presentationml.presentation")
    assert "filename=charlie.pptx" in r.headers["Content-Disposition"].replace('"', "")
    assert len(Presentation(io.BytesIO(r.data)).slides) == 5
    page = client.get("/download/story-charlie.html?palette=colourblind")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "charlie-colourblind.html" in page.headers["Content-Disposition"]
    assert b"Troops reach the grain silo." in page.data
    again = client.get("/download/story-charlie.pptx")
    assert again.status_code == 200 and again.data == r.data
    assert fake_steps == [("charlie", "conventional"), ("charlie", "colourblind")]  # cached


def test_the_download_routes_refuse_unknown_stories_and_parameters(deck_app, fake_steps):
    client = deck_app.server.test_client()
    r = client.get("/download/story-nope.pptx")
    assert r.status_code == 404
    assert r.text == "unknown story 'nope': choose one of charlie\n"
    assert client.get("/download/story-charlie.pptx?palette=pink").status_code == 400
    assert client.get("/download/story-charlie.pdf").status_code == 404
    assert fake_steps == []


def test_a_busy_renderer_answers_503_with_retry_after(mini_data, tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "cache"))

    def busy():
        raise Busy("the renderer is busy: try again in 5 seconds")

    app = dash.Dash(__name__)  # a bare app: its downloads get a gate that is always full
    app.layout = dash.html.Div()
    register_downloads(app, mini_data, gate=busy)
    r = app.server.test_client().get("/download/story-charlie.html")
    assert r.status_code == 503 and r.headers["Retry-After"] == "5"
    assert r.text.strip() == "the renderer is busy: try again in 5 seconds"


# --- the recipes of dashboard/SLIDES.md -----------------------------------------------------

SLIDES = ROOT / "dashboard" / "SLIDES.md"


def _story_section() -> str:
    text = SLIDES.read_text(encoding="utf-8")
    start = text.index("## Stories and decks")
    return text[start : text.index("\n## ", start + 1)]


def test_every_command_of_the_story_recipes_runs(run_cli, fake_steps, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    commands = re.findall(r"^frontline (.+)$", _story_section(), flags=re.M)
    assert len(commands) >= 4
    assert any(c.startswith("validate") for c in commands)
    for line in commands:
        args = shlex.split(line)
        r = run_cli(*args)
        assert r.code == 0, f"{line}: {r.err}"
        if "--out" in args:
            out = Path(args[args.index("--out") + 1])
            assert out.stat().st_size > 0, line


def test_the_example_story_of_the_recipes_is_valid(tmp_path):
    from timeline.stories import story_problems

    example = re.search(r"```yaml\n(.+?)```", _story_section(), flags=re.S).group(1)
    folder = tmp_path / "aleppo"
    shutil.copytree(ALEPPO, folder)
    (folder / "stories" / "north-first.yaml").write_text(example, encoding="utf-8")
    assert story_problems(folder) == []


def test_the_recipes_urls_are_the_download_routes(deck_app):
    urls = re.findall(r"http://127\.0\.0\.1:8050(/download/story-[^\s?]+)", _story_section())
    assert urls
    rules = {r.rule for r in deck_app.server.url_map.iter_rules()}
    assert "/download/story-<name>.<any(pptx, html):fmt>" in rules
    for url in urls:
        assert re.fullmatch(r"/download/story-[a-z0-9-]+\.(pptx|html)", url)


def test_a_signal_while_rendering_stops_the_deck_and_writes_nothing(mini_story, tmp_path):
    import signal
    import subprocess
    import sys

    out = tmp_path / "out" / "charlie.pptx"
    out.parent.mkdir()
    cmd = [sys.executable, "-c", "from dashboard.cli import main; main()", "export", "pptx",
           "--scenario", str(mini_story), "--story", "charlie", "--out", str(out)]  # fmt: skip
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    seen = ""
    while "Rendering" not in seen:  # the progress bar's label: the renders have begun
        line = proc.stderr.readline()
        assert line, f"the export ended before rendering: {proc.communicate()}"
        seen += line
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, seen + stderr
    assert stdout == ""
    assert (seen + stderr).strip().splitlines()[-1] == (
        "frontline export: stopped by SIGTERM; nothing was written"
    )
    assert list(out.parent.iterdir()) == []
