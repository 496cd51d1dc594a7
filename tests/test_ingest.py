"""Narrative ingest: encoding repair, dated sentences, extraction, cross-check, evaluation.

The parser is proved on an invented battle (``tests/fixtures/fictional``: its own town,
names, dates across New Year, a French article); the Aleppo tests use the shipped
``candidates.json`` (the seeds are not shipped) and re-extract from the seeds only when
they are present.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geodata.errors import DataError
from tests.mojibake import as_cp1252
from tests.shared_docs import SEEDS, require
from timeline.ingest import (
    EXTRACTOR_VERSION,
    candidates_path,
    crosscheck,
    dated_sentences,
    evaluate,
    ingest,
    load_candidates,
    read_document,
    repair_text,
    save_candidates,
    shares_in,
    storable,
)
from timeline.io import read_control

FICTION = Path(__file__).parent / "fixtures" / "fictional"
FILES = [FICTION / "narrative.md", FICTION / "wire-2031-01-03.md", FICTION / "article-fr.txt"]
ALEPPO_CONTROL = Path(__file__).parents[1] / "timeline/data/aleppo_2016/control.csv"
# Measured on the shipped candidates and control table; the test keeps them from dropping.
ALEPPO_RECALL_FLOOR = 1.0
ALEPPO_PRECISION_FLOOR = 0.97


@pytest.fixture(scope="module")
def fiction():
    """The three invented documents, read and extracted with the fixture's own gazetteer."""
    documents, candidates = ingest(FILES, FICTION)
    return {d.id: d for d in documents}, candidates


def _changes(candidates, doc="narrative.md"):
    """(date, action, actor, districts, share) of the change candidates of one document."""
    return {
        (c.date, c.action, c.actor, c.districts, c.share)
        for c in candidates
        if c.doc == doc and c.kind == "change"
    }


# -- encoding repair ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("15 November â€“ 22 December", "15 November – 22 December"),
        ("al-Maâ€™saraniyah", "al-Ma’saraniyah"),
        ("ðŸ‡·ðŸ‡º Russia", "🇷🇺 Russia"),
        ("ErdoÄŸan", "Erdoğan"),
        ("â€œcalmâ€\x9d", "“calm”"),  # 0x9d has no cp1252 character: it survives as U+009D
        ("dužnosnik and Maâ€™sura", "dužnosnik and Ma’sura"),  # correct and broken side by side
        ("Ã¢â‚¬â„¢", "’"),  # broken twice
        ("a &mdash; b &amp; c", "a — b & c"),
        ("line one\r\nline two", "line one\nline two"),
        ("Clean text, café, Ma’sura, 🇺🇳.", "Clean text, café, Ma’sura, 🇺🇳."),
    ],
)
def test_repair_text(broken, fixed):
    assert repair_text(broken) == fixed


# ASCII without '&' (entities) and CR, plus scripts outside Latin-1: such text cannot itself
# look like mojibake, so breaking and repairing it must give it back unchanged.
_CLEAN = st.text(
    st.one_of(
        st.sampled_from("abcXYZ 019.,;:'-()\n"),
        st.characters(min_codepoint=0x100, max_codepoint=0x24F),  # Latin Extended (š, ž, ğ)
        st.characters(min_codepoint=0x370, max_codepoint=0x6FF),  # Greek, Cyrillic, Arabic
        st.characters(min_codepoint=0x2010, max_codepoint=0x2027),  # dashes, quotes
        st.characters(min_codepoint=0x1F1E6, max_codepoint=0x1F1FF),  # flag letters
    ),
    max_size=40,
)


@given(_CLEAN)
def test_repair_inverts_cp1252_mojibake_and_keeps_clean_text(text):
    assert repair_text(text) == text
    assert repair_text(as_cp1252(text)) == text


def test_narrative_front_matter_and_sections_are_repaired(fiction):
    docs, _ = fiction
    doc = docs["narrative.md"]
    assert doc.kind == "narrative"
    assert doc.front_matter["subject"] == "Siege of Varnecka (December 2030–January 2031)"
    assert doc.year == 2030  # from the front matter's date, not its pubDate
    assert doc.date == date(2032, 2, 1)
    assert "Fighting for Ma’sura" in [title for _, _, title in doc.headings]
    assert "â€" not in doc.text and "🇺🇳" in doc.text


# -- reading the three kinds --------------------------------------------------------------------


def test_day_page_items_are_dated_by_their_paths(fiction):
    docs, _ = fiction
    page = docs["wire-2031-01-03.md"]
    assert (page.kind, page.date, page.outlet, page.source_id) == (
        "day-page",
        date(2031, 1, 3),
        "Test Wire",  # from sources.yaml, where the page is listed as a seed
        "varnecka-wire-2031-01-03",
    )
    related = [i.date for i in page.items if i.section == "Related"]
    assert related == [date(2030, 12, 28), date(2030, 12, 31), date(2031, 1, 6)]
    assert [page.text[i.start : i.end] for i in page.items if i.section == "Source"] == [
        "Test Wire Service"
    ]


def test_article_language_and_date_come_from_the_text_alone():
    doc = read_document(FICTION / "article-fr.txt")  # no sources.yaml record passed
    assert (doc.kind, doc.language, doc.date, doc.outlet) == (
        "article",
        "fr",
        date(2031, 1, 4),
        None,
    )


# -- dated sentences ----------------------------------------------------------------------------


def test_dates_absolute_relative_and_across_new_year(fiction):
    docs, _ = fiction
    doc = docs["narrative.md"]
    by_start = {doc.text[s.start : s.end][:28]: s for s in dated_sentences(doc)}
    expect = {
        "On 28 December, the army cap": ("2030-12-28", "absolute", "Opening moves"),
        "That night, a rebel raid on ": ("2030-12-28", "relative", "Opening moves"),
        "The next day, government tro": ("2030-12-29", "relative", "Opening moves"),
        "If the army managed to hold ": ("2030-12-29", "inherited", "Opening moves"),
        "Subsequently, the rebels wit": ("2030-12-31", "relative", "Fighting for Ma’sura"),
        "On 1 January, government for": ("2031-01-01", "absolute", "Fighting for Ma’sura"),
        "and by the next day most of ": ("2031-01-02", "relative", "Fighting for Ma’sura"),
        "By the morning of 3 January,": ("2031-01-03", "absolute", "Fall of the Old City"),
        "On 4 January 2031, the remai": ("2031-01-04", "absolute", "Fall of the Old City"),
        "The following day, governmen": ("2031-01-05", "relative", "Fall of the Old City"),
    }
    for head, (day, basis, section) in expect.items():
        sentence = by_start[head]
        assert (sentence.date.isoformat(), sentence.basis, sentence.section) == (
            day,
            basis,
            section,
        ), head
    assert by_start["The siege of Varnecka is a m"].date is None  # the lead names no date


def _narrative(tmp_path, body: str) -> Path:
    path = tmp_path / "story.md"
    path.write_text(f"---\ndate: [1 May 2040]\n---\n\n{body}\n", encoding="utf-8")
    return path


def test_planned_dates_and_headings(tmp_path):
    doc = read_document(
        _narrative(
            tmp_path,
            "On 3 May, a truce was agreed, with buses scheduled to leave on 5 May. "
            "Officials met again.\n\n## Later\n\nThe convoy waited. The next day, it left.",
        )
    )
    dated = [(doc.text[s.start : s.end][:12], s.date, s.section) for s in dated_sentences(doc)]
    assert dated == [
        ("On 3 May, a ", date(2040, 5, 3), "Lead"),  # the planned date does not date it
        ("Officials me", date(2040, 5, 5), "Lead"),  # but the story moves on to it
        ("The convoy w", None, "Later"),  # a heading resets the clock
        ("The next day", None, "Later"),
    ]


# -- extraction ---------------------------------------------------------------------------------


def test_narrative_changes(fiction):
    _, candidates = fiction
    found = _changes(candidates)
    expected = {
        ("2030-12-28", "capture", "government", ("kamenica",), None),
        ("2030-12-28", "advance", "government", ("tvornica",), None),
        ("2030-12-29", "capture", "government", ("tvornica",), 0.4),
        ("2030-12-29", "capture", "government", (), None),  # Lantern Hill (a landmark)
        ("2030-12-31", "capture", "government", ("ma-sura",), None),  # spelled with mojibake
        ("2030-12-31", "capture", "government", ("novi-grad",), 0.333),
        ("2030-12-31", "withdrawal", "rebel", ("kula-north",), None),
        ("2031-01-01", "control", "government", ("novi-grad",), 0.5),
        ("2031-01-02", "control", "government", ("novi-grad",), 0.75),  # "the district"
        ("2031-01-02", "capture", "sdf", ("kula-south",), 0.4),
        ("2031-01-02", "recapture", "rebel", ("ma-sura",), 0.1),
        ("2031-01-03", "advance", "government", ("stara-luka", "sveti-roko"), None),  # Old City
        ("2031-01-03", "capture", "government", ("sveti-roko",), None),  # passive, by the army
        ("2031-01-03", "capture", "government", ("stara-luka",), 0.75),  # "along with most of"
        ("2031-01-04", "withdrawal", "rebel", ("dar-al-qamar",), None),
        ("2031-01-05", "capture", "government", ("stara-luka", "dar-al-qamar"), None),
    }
    assert found == expected


def test_what_is_not_a_change(fiction):
    docs, candidates = fiction
    text = docs["narrative.md"].text
    by_text = {}
    for c in candidates:
        if c.doc == "narrative.md":
            by_text.setdefault(text[c.start : c.end][:20], []).append((c.kind, c.action))
    assert by_text["On 30 December, the "] == [("fighting", "repelled")]  # tried, repelled
    assert by_text["If the army managed "] == [("mention", None)]  # conditional
    assert by_text["Tvornica, which had "] == [("mention", None)]  # seized back in 2027
    assert ("mention", None) in by_text["In the evening, the "]  # Zeleni Brijeg is looked at
    lantern = next(c for c in candidates if "lantern-hill" in c.landmarks and c.kind == "change")
    assert lantern.districts == ()


@pytest.mark.parametrize(
    ("sentence", "actor", "action"),
    [
        ("Iraqi militias seized Kamenica.", "government", "capture"),
        ("The Tiger Forces completed their control of Kamenica.", "government", "capture"),
        ("Pro-government troops cleared Kamenica.", "government", "capture"),
        ("Fatah Halab fighters recaptured Kamenica.", "rebel", "recapture"),
        ("Jabhat Fateh al-Sham regained Kamenica.", "rebel", "recapture"),
        ("The opposition pushed into Kamenica.", "rebel", "advance"),
        ("YPG units took control of Kamenica.", "sdf", "capture"),
        ("Kamenica had fallen to the army.", "government", "capture"),
        ("Kamenica was taken by Kurdish forces.", "sdf", "capture"),
        ("The rebels retreated from Kamenica.", "rebel", "withdrawal"),
        ("The army made advances in Kamenica.", "government", "advance"),
        ("Rebels attacked Kamenica but were repelled.", "rebel", "repelled"),
        ("The army attempted to enter Kamenica.", "government", "attempt"),
        ("The army did not capture Kamenica.", None, None),
    ],
)
def test_sides_and_actions(tmp_path, sentence, actor, action):
    path = _narrative(tmp_path, f"On 2 May, {sentence[0].lower()}{sentence[1:]}")
    _, candidates = ingest([path], FICTION)
    acted = [(c.actor, c.action) for c in candidates if c.action]
    assert acted == ([(actor, action)] if action else [])
    assert all(c.date == "2040-05-02" and "kamenica" in c.districts for c in candidates)


def test_share_phrases():
    assert [(v, p) for _, _, v, p in shares_in("about 40 percent of X and a third of Y")] == [
        (0.4, "about 40 percent"),
        (0.333, "a third"),
    ]
    assert [v for *_, v, _ in shares_in("30%, half, most of, large parts, parts of")] == [
        0.3,
        0.5,
        0.75,
        0.75,
        0.4,
    ]
    assert [v for *_, v, _ in shares_in("several building blocks; all or most of")] == [0.1, 0.9]
    assert shares_in("half a dozen buildings") == []


def test_day_page_and_article_events(fiction):
    _, candidates = fiction
    events = [c for c in candidates if c.kind == "event"]
    page = next(e for e in events if e.section == "Page")
    assert (page.date, page.outlet, page.language, page.cited) == (
        "2031-01-03",
        "Test Wire",
        "en",
        ("Test Wire Service",),
    )
    assert set(page.districts) == {"stara-luka", "sveti-roko"}
    related = [(e.date, e.action, e.districts, e.source) for e in events if e.section == "Related"]
    assert related == [
        ("2030-12-28", "capture", ("kamenica",), "varnecka-item-kamenica"),
        ("2030-12-31", "withdrawal", ("kula-north",), None),
        ("2031-01-06", None, ("novi-grad",), None),  # "New Town"
    ]
    article = next(e for e in events if e.section == "Article")
    assert (article.date, article.language, article.outlet, article.event_kind) == (
        "2031-01-04",
        "fr",
        "Agence fictive",
        "evacuation",
    )
    assert article.districts == ("stara-luka", "tvornica", "dar-al-qamar")


def test_fiction_evaluation(fiction):
    _, candidates = fiction
    control, problems = read_control(FICTION / "control.csv", ("government", "rebel", "sdf"))
    assert problems == []
    result = evaluate(candidates, control)
    assert (result["recall"], result["precision"]) == (1.0, 1.0), result
    assert result["reported"] == 13


# -- bad input ----------------------------------------------------------------------------------


def _one_line(exc: pytest.ExceptionInfo) -> str:
    text = str(exc.value)
    assert "\n" not in text
    return text


def test_bad_input_gives_one_line_errors(tmp_path):
    with pytest.raises(DataError) as exc:
        read_document(tmp_path / "missing.md")
    assert "file not found" in _one_line(exc)
    binary = tmp_path / "picture.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(DataError) as exc:
        read_document(binary)
    assert "binary data" in _one_line(exc)
    undated = tmp_path / "undated.txt"
    undated.write_text("An article that never says when it was written.\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_document(undated)
    assert "cannot tell the document's date" in _one_line(exc)
    bad_day = _narrative(tmp_path, "Calm.\n\nOn 31 November, nothing happened.")
    with pytest.raises(DataError) as exc:
        ingest([bad_day], FICTION)
    assert re.search(r"story\.md:7: '31 November' is not a valid date", _one_line(exc))
    with pytest.raises(DataError) as exc:
        ingest([tmp_path / "empty-folder"], FICTION)
    assert "file not found" in _one_line(exc)


# -- stored candidates and the cross-check ------------------------------------------------------


@pytest.fixture
def scenario(tmp_path, fiction):
    """A copy of the invented scenario with its candidates.json written."""
    folder = tmp_path / "fictional"
    shutil.copytree(FICTION, folder)
    docs, candidates = fiction
    save_candidates(candidates_path(folder), docs.values(), candidates)
    return folder


def test_stored_candidates_hold_facts_and_offsets_only(scenario, fiction):
    _, candidates = fiction
    stored = load_candidates(candidates_path(scenario))
    assert stored.version == EXTRACTOR_VERSION
    assert list(stored.candidates) == [storable(c) for c in candidates]
    data = json.loads(candidates_path(scenario).read_text(encoding="utf-8"))
    assert {d["id"]: len(d["sha256"]) for d in data["documents"]} == {p.name: 64 for p in FILES}
    texts = [v for c in data["candidates"] for v in c.values() if isinstance(v, str)]
    assert max(len(t.split()) for t in texts) < 10  # ids, dates, short phrases: no sentences


def test_crosscheck_passes_on_a_consistent_scenario(scenario):
    assert crosscheck(scenario) == []
    assert crosscheck(FICTION) == []  # no candidates.json: nothing to check


def _append(folder: Path, row: str) -> int:
    path = folder / "control.csv"
    path.write_text(path.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    return len(path.read_text(encoding="utf-8").splitlines())


def test_crosscheck_unsupported_reported_change(scenario):
    line = _append(scenario, "2031-01-04,polje,0,1,0,2031-01-04-dar-al-qamar-abandoned,reported,")
    problems = crosscheck(scenario)
    errors = [p for p in problems if not p.message.startswith("warning:")]
    assert [(Path(p.file).name, p.where) for p in errors] == [("control.csv", str(line))]
    assert "'polje' on 2031-01-04 has no sentence" in str(errors[0])
    assert "\n" not in str(errors[0])


def test_crosscheck_note_explains_an_unsupported_row(scenario):
    _append(scenario, "2031-01-04,polje,0,1,0,2031-01-04-dar-al-qamar-abandoned,reported,see map")
    (problem,) = crosscheck(scenario)
    assert problem.message.startswith("warning: reported change of 'polje'")
    assert "note explains it" in problem.message


def test_crosscheck_lists_possible_omissions_as_warnings(scenario):
    path = scenario / "control.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join(x for x in lines if not x.startswith("2030-12-28,kamenica")) + "\n",
        encoding="utf-8",
    )
    problems = crosscheck(scenario)
    assert problems and all(p.message.startswith("warning: possible omission") for p in problems)
    assert any("kamenica" in p.message and "2030-12-28" in p.message for p in problems)


def test_crosscheck_flags_old_or_broken_candidate_files(scenario):
    path = candidates_path(scenario)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["extractor_version"] = EXTRACTOR_VERSION - 1
    path.write_text(json.dumps(data), encoding="utf-8")
    (problem,) = crosscheck(scenario)
    assert problem.message.startswith("warning:") and "extractor version" in problem.message
    path.write_text("{not json", encoding="utf-8")
    (problem,) = crosscheck(scenario)
    assert "not JSON" in problem.message


# -- the command --------------------------------------------------------------------------------


@pytest.fixture
def frontline(run_cli):
    """``frontline`` with the ingest command; until ``dashboard/cli/__init__.py`` registers
    it, the fixture adds it for the test and takes it away again afterwards."""
    from dashboard.cli import cli
    from dashboard.cli.ingest_cmd import ingest as command

    added = "ingest" not in cli.commands
    if added:
        cli.add_command(command)
    yield run_cli
    if added:
        cli.commands.pop("ingest", None)


def test_cli_prints_candidates(frontline):
    result = frontline("ingest", *FILES, "--scenario", FICTION, "--format", "json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert {r["doc"] for r in rows} == {p.name for p in FILES}
    assert all(len(r["sha256"]) == 64 for r in rows)
    csv = frontline("ingest", FILES[0], "--scenario", FICTION, "--format", "csv")
    assert csv.out.splitlines()[0].startswith("kind,doc,sha256,start,end,date,basis,section")


def test_cli_refresh_and_stale_note(frontline, scenario, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in FILES:
        shutil.copy(path, seeds / path.name)
    result = frontline("ingest", "--refresh", seeds, "--scenario", scenario)
    assert result.code == 0 and "candidates from 3 documents" in result.out
    assert "replaced" not in result.out  # same files, same checksums
    with (seeds / "article-fr.txt").open("a", encoding="utf-8") as handle:
        handle.write("Une phrase de plus.\n")
    result = frontline("ingest", seeds / "article-fr.txt", "--scenario", scenario)
    assert result.code == 0
    assert "article-fr.txt: stored candidates are stale" in result.err
    stored = frontline("ingest", "--scenario", scenario, "--format", "csv")
    assert stored.code == 0 and len(stored.out.splitlines()) > 30


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["ingest", "/no/such/file.md"], 1, "file not found"),
        (["ingest", "--refresh"], 2, "--refresh needs the seed documents"),
    ],
)
def test_cli_errors_are_one_line(frontline, args, code, message):
    result = frontline(*args, "--scenario", FICTION)
    assert result.code == code
    assert message in result.err and len(result.err.strip().splitlines()) == 1


def test_ingest_never_imports_the_ui():
    """The ingest pipeline is data code: reading and extracting pulls in no Dash or plotly."""
    import subprocess
    import sys

    code = (
        "import sys; from timeline.ingest import ingest; ingest(sys.argv[1:-1], sys.argv[-1]); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('dash', 'plotly')]; "
        "sys.exit(f'imported {bad}' if bad else 0)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, *map(str, FILES), str(FICTION)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[1],
    )
    assert proc.returncode == 0, proc.stderr


# -- the shipped Aleppo candidates --------------------------------------------------------------


def test_aleppo_table_passes_the_crosscheck():
    problems = crosscheck(None)
    assert [str(p) for p in problems if not p.message.startswith("warning:")] == []


def test_aleppo_extraction_quality():
    stored = load_candidates(candidates_path(None))
    control, problems = read_control(ALEPPO_CONTROL, ("government", "rebel", "sdf"))
    assert problems == []
    result = evaluate(stored.candidates, control)
    assert result["recall"] >= ALEPPO_RECALL_FLOOR, result["missed"]
    assert result["precision"] >= ALEPPO_PRECISION_FLOOR, result["unmatched"]


def test_aleppo_candidates_are_fresh():
    documents, candidates = ingest([require(SEEDS)])
    stored = load_candidates(candidates_path(None))
    assert {d["id"]: d["sha256"] for d in stored.documents} == {d.id: d.sha256 for d in documents}
    fresh = [storable(c) for c in candidates]
    assert list(stored.candidates) == fresh, "run 'frontline ingest --refresh SEEDS'"
