"""Citations a reader can follow: every link opens the cited place (a section's anchor, an
outlet's address) or the document is marked offline; ``/sources`` lists every document with
what it supports; ``frontline sources`` counts it; ``validate`` refuses addresses a reader
cannot open."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from dashboard.payload import event_record
from dashboard.sources_page import coverage, day_coverage, source_audit, sources_document
from timeline.io import load_events, load_sources
from timeline.model import LEAD_SECTION, Source, citation_link, heading_anchor, url_problem
from timeline.validate import validate_timeline

from .shared_docs import SEEDS, require

ROOT = Path(__file__).resolve().parents[1]
ALEPPO = ROOT / "timeline" / "data" / "aleppo_2016"
TWO_SIDES = ROOT / "tests" / "fixtures" / "two_sides"
NARRATIVE = "wikipedia-aleppo-offensive-2016"


@pytest.fixture(scope="module")
def sources() -> dict[str, Source]:
    return load_sources(ALEPPO / "sources.yaml")


@pytest.fixture(scope="module")
def records(sources):
    return [event_record(e, sources) for e in load_events(ALEPPO / "events.yaml")]


def _citations(records):
    return [(r["id"], c) for r in records for c in r["sources"]]


# ------------------------------------------------------------------ links in the payload
def test_every_citation_link_is_absolute_https_or_offline(records):
    cites = _citations(records)
    assert len(cites) >= 130
    for event, c in cites:
        if c["offline"]:
            assert c["url"] is None, f"{event}: an offline citation carries no link"
            assert c["outlet"] and c["date"] and c["title"] and c["language"], event
            continue
        parts = urlsplit(c["url"])
        assert parts.scheme == "https" and parts.netloc, f"{event}: {c['url']!r} is not absolute"


def test_a_cited_section_opens_its_anchor_not_the_articles_top(records, sources):
    top = sources[NARRATIVE].url
    sectioned = [
        (e, c)
        for e, c in _citations(records)
        if c["id"] == NARRATIVE and c["section"] != LEAD_SECTION
    ]
    assert len(sectioned) >= 100
    for event, c in sectioned:
        assert c["url"] != top, f"{event}: {c['section']!r} opens the article's top"
        assert c["url"] == f"{top}#{sources[NARRATIVE].anchor(c['section'])}", event
        assert c["target"] == "section"
    # The lead has no heading: its place is the top of the article.
    lead = [c for _, c in _citations(records) if c["section"] == LEAD_SECTION]
    assert lead and all(c["url"] == top and c["target"] == "article" for c in lead)


def test_citation_targets_by_kind(records):
    counts = Counter(c["target"] for _, c in _citations(records))
    assert counts["section"] == 106
    assert counts["article"] == 3
    assert counts["outlet"] == 4
    assert counts["page"] == 14
    assert counts["offline"] == 9
    # Offline documents are exactly those with no public address.
    offline = {c["id"] for _, c in _citations(records) if c["offline"]}
    assert offline == {"euronews-2016-12-15", "hr-portal-2016-12-15"}


def test_day_pages_and_items_open_the_portal_page_of_their_day(sources):
    for source in sources.values():
        if source.kind in ("news-day-page", "news-item"):
            day = source.date
            expected = f"Portal:Current_events/{day.year}_{day.strftime('%B')}_{day.day}"
            assert source.url.endswith(expected), source.id


def test_every_section_anchor_matches_a_heading_of_the_narrative(sources):
    seed = require(SEEDS) / sources[NARRATIVE].seed
    headings = [
        m.group(1).strip()
        for m in re.finditer(r"^#{2,6}\s+(.+?)\s*$", seed.read_text(encoding="utf-8"), re.M)
    ]
    anchors = {heading_anchor(h) for h in headings}
    declared = [s for s in sources[NARRATIVE].sections if s != LEAD_SECTION]
    assert len(declared) >= 18
    named = dict(sources[NARRATIVE].anchors)
    for section in declared:
        anchor = sources[NARRATIVE].anchor(section)
        assert anchor in anchors, f"{section!r} -> #{anchor} is no heading of {seed.name}"
        heading = unquote(anchor).replace("_", " ")
        # A section is named as headed, or (given its anchor) by the heading's last words.
        assert heading == section or (section in named and heading.endswith(section[1:]))


def test_every_paragraph_passage_exists_in_its_section(sources):
    """``passage: paragraph N`` of a narrative citation: the section has an Nth paragraph of
    text (figures and captions not counted)."""
    seed = require(SEEDS) / sources[NARRATIVE].seed
    paragraphs: dict[str, list[str]] = {}
    heading = None
    for line in seed.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^#{2,6}\s+(.+?)\s*$", line)
        if found:
            heading = found.group(1)
            paragraphs.setdefault(heading, [])
        elif heading and line.strip() and not line.startswith("!"):
            paragraphs[heading].append(line)
    located = 0
    for event in load_events(ALEPPO / "events.yaml"):
        for ref in event.sources:
            if ref.id != NARRATIVE or ref.passage is None:
                continue
            number = re.fullmatch(r"paragraph (\d+)", ref.passage)
            assert number, f"{event.id}: passage {ref.passage!r} is not 'paragraph N'"
            n = int(number.group(1))
            assert 1 <= n <= len(paragraphs[ref.section]), f"{event.id}: {ref.passage}"
            located += 1
    assert located == 30


def test_heading_anchor_follows_the_encyclopedia():
    assert heading_anchor("Capture of Hanano") == "Capture_of_Hanano"
    assert heading_anchor("Aftermath and  assessments ") == "Aftermath_and_assessments"
    assert heading_anchor("Fighting for Ma’sura") == "Fighting_for_Ma%E2%80%99sura"
    assert heading_anchor('50% "gain" #1') == "50%25_%22gain%22_%231"


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("/news/2016/12/7/index.md", "is relative"),
        ("javascript:alert(1)", "uses the javascript: scheme"),
        ("data:text/html,<b>x</b>", "uses the data: scheme"),
        ("https:///path", "names no host"),
    ],
)
def test_url_problem_names_why(url, why):
    assert url_problem(url) == why
    source = Source("s", "article", "Outlet", "T", url, "en", date(2020, 1, 1))
    assert citation_link(source, None) == (None, "offline")


def test_url_problem_accepts_absolute_http_addresses():
    assert url_problem("https://example.org/a?b=c#d") is None
    assert url_problem("http://example.org/") is None


# ------------------------------------------------------------------ validate
def _copy(tmp_path: Path, source_text: str | None = None, events_text: str | None = None) -> Path:
    folder = tmp_path / "scenario"
    shutil.copytree(TWO_SIDES, folder)
    if source_text is not None:
        (folder / "sources.yaml").write_text(source_text, encoding="utf-8")
    if events_text is not None:
        (folder / "events.yaml").write_text(events_text, encoding="utf-8")
    return folder


def test_the_bundled_scenario_and_fixture_validate(tmp_path):
    assert validate_timeline(ALEPPO) == []
    assert validate_timeline(_copy(tmp_path)) == []


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("/news/2031/3/5/index.md", "is relative"),
        ("javascript:alert(1)", "uses the javascript: scheme"),
        ("data:text/html;base64,PHNjcmlwdD4=", "uses the data: scheme"),
    ],
)
def test_validate_refuses_addresses_a_reader_cannot_open(tmp_path, url, why):
    text = (TWO_SIDES / "sources.yaml").read_text(encoding="utf-8")
    folder = _copy(tmp_path, text.replace("https://example.org/courier", f'"{url}"'))
    problems = [str(p) for p in validate_timeline(folder)]
    assert len(problems) == 1, problems
    line = problems[0]
    assert "sources.yaml:" in line and "'courier'" in line and why in line
    assert "absolute http(s) address" in line and "url: null" in line


def test_validate_refuses_an_unknown_section(tmp_path):
    sources = (
        (TWO_SIDES / "sources.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "  url: https://example.org/courier\n",
            "  url: https://example.org/courier\n  sections: [Lead, The camp]\n",
        )
    )
    events = (
        (TWO_SIDES / "events.yaml")
        .read_text(encoding="utf-8")
        .replace("    - id: courier\n", "    - {id: courier, section: The kitchen}\n", 1)
    )
    problems = [str(p) for p in validate_timeline(_copy(tmp_path, sources, events))]
    assert len(problems) == 1, problems
    assert "events.yaml:" in problems[0]
    assert "unknown section 'The kitchen' of 'courier'" in problems[0]


def test_a_section_named_shorter_opens_the_anchor_it_declares(tmp_path):
    """A section named in shorter words opens the heading anchor ``anchors`` gives it; an
    anchor for a section the source does not declare is a problem naming sources.yaml."""
    text = (TWO_SIDES / "sources.yaml").read_text(encoding="utf-8")
    declared = "  url: https://example.org/courier\n  sections: [Lead, The camp]\n"
    sources = text.replace("  url: https://example.org/courier\n", declared)
    named = sources.replace(declared, declared + "  anchors: {The camp: Life_in_the_camp}\n")
    folder = _copy(tmp_path, named)
    courier = load_sources(folder / "sources.yaml")["courier"]
    assert citation_link(courier, "The camp") == (
        "https://example.org/courier#Life_in_the_camp",
        "section",
    )
    assert courier.anchor("Lead") == "Lead"  # undeclared: the heading's own anchor
    wrong = sources.replace(declared, declared + "  anchors: {The kitchen: Kitchen}\n")
    problems = [str(p) for p in validate_timeline(_copy(tmp_path / "b", wrong))]
    assert len(problems) == 1 and "sources.yaml:" in problems[0], problems
    assert "anchors name sections the source does not declare: The kitchen" in problems[0]


def test_a_passage_is_read_and_carried(tmp_path):
    events = (
        (TWO_SIDES / "events.yaml")
        .read_text(encoding="utf-8")
        .replace("    - id: courier\n", "    - {id: courier, passage: second letter}\n", 1)
    )
    folder = _copy(tmp_path, events_text=events)
    assert validate_timeline(folder) == []
    loaded = load_events(folder / "events.yaml")
    ref = next(r for e in loaded for r in e.sources if r.id == "courier")
    assert ref.passage == "second letter"
    record = event_record(
        next(e for e in loaded if ref in e.sources), load_sources(folder / "sources.yaml")
    )
    cite = next(c for c in record["sources"] if c["id"] == "courier")
    assert cite["passage"] == "second letter"
    assert cite["url"] == "https://example.org/courier" and cite["target"] == "page"


def test_narrative_passages_reach_the_payload(records):
    hanano = next(r for r in records if r["id"] == "2016-11-26-hanano-captured")
    cite = next(c for c in hanano["sources"] if c["id"] == NARRATIVE)
    assert (cite["section"], cite["passage"]) == ("Capture of Hanano", "paragraph 3")


# ------------------------------------------------------------------ /sources
def test_sources_page_lists_every_document_and_what_cites_it(sources):
    audit = source_audit(ALEPPO)
    html = sources_document(audit)
    for sid in sources:
        assert f'id="{sid}"' in html
    assert html.count("offline: no public address") == 2
    assert 'href="./?date=2016-11-26&amp;district=hanano"' in html
    top = sources[NARRATIVE].url
    assert f'href="{top}#Capture_of_Hanano"' in html
    assert "<script" not in html


def test_sources_page_escapes_text(tmp_path):
    text = (TWO_SIDES / "sources.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "title: Invented chronicle of the siege",
        "title: \"<script>alert('x')</script> & <b>bold</b>\"",
    )
    html = sources_document(source_audit(_copy(tmp_path, text)))
    assert "<script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_sources_route_is_served_by_the_app(tmp_path):
    from dashboard.app import create_app

    client = create_app(TWO_SIDES).server.test_client()
    response = client.get("/sources")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    body = response.get_data(as_text=True)
    assert 'id="town-chronicle"' in body and 'id="courier"' in body
    assert 'href="https://example.org/courier"' in body


# ------------------------------------------------------------------ frontline sources
def test_coverage_counts(records):
    audit = source_audit(ALEPPO)
    rows = {r["id"]: r for r in coverage(audit)}
    cited = Counter()
    for r in records:
        for sid in {c["id"] for c in r["sources"]}:
            cited[sid] += 1
    for sid, row in rows.items():
        assert row["events"] == cited[sid], sid
    assert rows["euronews-2016-12-15"]["offline"] is True
    assert rows["euronews-2016-12-15"]["url"] is None
    assert rows[NARRATIVE]["changes"] > 100
    days = {d["date"]: d for d in day_coverage(audit)}
    assert "2016-11-15" in days and "2016-12-22" in days
    assert NARRATIVE in days["2016-11-26"]["sources"]
    assert "euronews-2016-12-15" in days["2016-12-15"]["sources"]


def test_sources_cli_json_and_csv(run_cli):
    result = run_cli("sources")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert len(rows) == len(load_sources(ALEPPO / "sources.yaml"))
    narrative = next(r for r in rows if r["id"] == NARRATIVE)
    assert narrative["events"] > 90 and narrative["offline"] is False

    result = run_cli("sources", "--coverage")
    report = json.loads(result.out)
    # Deliberately extended: the coverage also says where each place named lands.
    assert set(report) == {"sources", "days", "places", "documents_read", "documents_missing"}
    assert report["days"][0]["date"] <= "2016-11-15"
    assert all(d["count"] == len(d["sources"]) for d in report["days"])

    result = run_cli("sources", "--coverage", "--format", "csv", "--scenario", str(TWO_SIDES))
    assert result.code == 0, result.err
    head, days, places = result.out.split("\n\n")
    assert head.splitlines()[0].startswith("id,kind,outlet,date,language,url,offline,events")
    assert days.splitlines()[0] == "date,count,sources"
    assert places.splitlines()[0] == "name,lands,ids,spellings,sources,mentions"
    assert "courier" in head and "https://example.org/courier" in head


def test_sources_cli_bad_scenario_is_one_line(run_cli, tmp_path):
    result = run_cli("sources", "--scenario", str(tmp_path / "missing"))
    assert result.code != 0
    assert len(result.err.strip().splitlines()) == 1


# ------------------------------------------------------------------ exports
def test_the_html_export_carries_no_source_path_a_reader_could_not_open(sources):
    """The offline page shows the map, not the feed: no citation goes into it, so none of the
    seeds' relative paths, and no document address, can turn up there as a dead link."""
    from dashboard.export.html import html_document
    from dashboard.viewdata import load_view_data

    page = html_document(load_view_data(None))
    assert "/news/20" not in page and "index.md" not in page
    for source in sources.values():
        if source.url:
            assert source.url not in page, source.id


def test_each_battle_of_a_multi_server_has_its_own_sources_page():
    from werkzeug.test import Client

    from dashboard.multi import create_server

    four = ROOT / "tests" / "fixtures" / "four_sides"
    client = Client(create_server([TWO_SIDES, four]))
    two = client.get("/two-sides/sources")
    assert two.status_code == 200
    page = two.get_data(as_text=True)
    assert 'id="courier"' in page and 'href="./"' in page
    other = set(load_sources(four / "sources.yaml")) - set(load_sources(TWO_SIDES / "sources.yaml"))
    assert other and not any(f'id="{sid}"' in page for sid in other)
    assert client.get("/four-sides/sources").status_code == 200
