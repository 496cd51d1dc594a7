"""Schema tests over the curated Aleppo 2016 timeline files.

They read ``sources.yaml``, ``events.yaml`` and ``control.csv`` with plain yaml/csv/pandas,
so they do not depend on the timeline loader, and fail with a message naming the file and
the offending record.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.shared_docs import SEEDS, require

ALEPPO_FACTIONS = ("government", "rebel", "sdf")  # the factions of the bundled and mini scenarios

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "timeline" / "data" / "aleppo_2016"
SOURCES = DATA / "sources.yaml"
EVENTS = DATA / "events.yaml"
CONTROL = DATA / "control.csv"
README = DATA / "README.md"
DISTRICTS = ROOT / "timeline" / "data" / "aleppo_2016" / "districts.geojson"

FIRST_DAY = dt.date(2016, 11, 15)
LAST_DAY = dt.date(2016, 12, 22)
SOURCE_KINDS = {"encyclopedia", "news-day-page", "news-item", "article", "outlet-report"}
EVENT_KINDS = {
    "advance",
    "capture",
    "withdrawal",
    "repelled-attack",
    "counter-attack",
    "strikes",
    "ceasefire",
    "evacuation",
    "alleged-atrocity",
    "diplomacy",
    "casualties",
    "surrender",
    "humanitarian",
    "infighting",
    "return",
    "context",
}
QUALIFIERS = {"nearly", "more than", "at least", "up to", "about", "less than"}
CONTROL_HEADER = ["date", "district", "government", "rebel", "sdf", "event", "confidence", "note"]
BASELINE_EVENT = "2016-11-15-front-at-start"
# Days of the battle that at least one source mentions (17 Nov and 17 Dec are not named;
# 18 Nov is implied by "two days of air strikes" before the evening of 19 Nov).
SILENT_DAYS = {dt.date(2016, 11, 17), dt.date(2016, 12, 17)}
EVENT_FIELDS = (
    "id",
    "date",
    "title",
    "summary",
    "kind",
    "districts",
    "landmarks",
    "sources",
    "claims",
)
CLAIM_FIELDS = {"what", "value", "qualifier", "claimant", "source", "note"}
SHARE = re.compile(r"(0|1)(\.\d{1,3})?")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NGRAM = 10


def _day(text: str, where: str) -> dt.date:
    assert isinstance(text, str), f"{where}: date must be a quoted YYYY-MM-DD string, got {text!r}"
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pytest.fail(f"{where}: {text!r} is not a YYYY-MM-DD date")


@pytest.fixture(scope="module")
def sources() -> list[dict]:
    """The source records, as a list of dicts."""
    data = yaml.safe_load(SOURCES.read_text(encoding="utf-8"))
    assert isinstance(data, list), f"{SOURCES}: expected a YAML list"
    return data


@pytest.fixture(scope="module")
def events() -> list[dict]:
    """The event records, as a list of dicts."""
    data = yaml.safe_load(EVENTS.read_text(encoding="utf-8"))
    assert isinstance(data, list), f"{EVENTS}: expected a YAML list"
    return data


@pytest.fixture(scope="module")
def control() -> pd.DataFrame:
    """The control-change table with every column read as text."""
    return pd.read_csv(CONTROL, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def district_ids() -> set[str]:
    """Ids of the district layer."""
    features = json.loads(DISTRICTS.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["id"] for f in features}


# ------------------------------------------------------------------ sources.yaml
def test_sources_fields(sources):
    for i, src in enumerate(sources):
        where = f"{SOURCES.name} item {i} ({src.get('id')})"
        for key in ("id", "kind", "outlet", "title", "url", "language", "date"):
            assert key in src, f"{where}: missing {key!r}"
        assert SLUG.match(src["id"]), f"{where}: id must be a lowercase slug"
        kind = src["kind"]
        assert kind in SOURCE_KINDS, f"{where}: kind {kind!r} not in {sorted(SOURCE_KINDS)}"
        assert re.fullmatch(r"[a-z]{2}", src["language"]), f"{where}: language must be ISO 639-1"
        _day(src["date"], where)
        url = src["url"]
        assert url is None or isinstance(url, str), f"{where}: url must be text or null"
        for key in ("sections", "cited_by"):
            if key in src:
                assert isinstance(src[key], list), f"{where}: {key} must be a list"


def test_source_ids_unique_and_references_resolve(sources):
    ids = [s["id"] for s in sources]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"{SOURCES.name}: duplicate ids {dupes}"
    for src in sources:
        for ref in src.get("cited_by", []):
            assert ref in ids, f"{SOURCES.name} {src['id']}: cited_by {ref!r} is not a source id"


def test_seed_documents_all_listed(sources):
    require(SEEDS)
    listed = {s.get("seed") for s in sources}
    for seed in sorted(p.name for p in SEEDS.glob("*.txt")):
        assert seed in listed, f"{SOURCES.name}: seed {seed} has no source record"


# ------------------------------------------------------------------ events.yaml
def test_event_fields_and_types(events, sources):
    source_ids = {s["id"] for s in sources}
    sections = {s["id"]: set(s.get("sections", [])) for s in sources}
    for i, ev in enumerate(events):
        where = f"{EVENTS.name} item {i} ({ev.get('id')})"
        for key in EVENT_FIELDS:
            assert key in ev, f"{where}: missing {key!r}"
        assert SLUG.match(ev["id"]), f"{where}: id must be a lowercase slug"
        assert ev["id"].startswith(ev["date"]), f"{where}: id should start with its date"
        assert ev["kind"] in EVENT_KINDS, f"{where}: kind {ev['kind']!r} not in the vocabulary"
        assert isinstance(ev["title"], str) and ev["title"].strip(), f"{where}: empty title"
        assert isinstance(ev["summary"], str) and ev["summary"].strip(), f"{where}: empty summary"
        for key in ("districts", "landmarks", "claims"):
            assert isinstance(ev[key], list), f"{where}: {key} must be a list"
        assert ev["sources"], f"{where}: needs at least one source"
        for ref in ev["sources"]:
            assert {"id", "section"} <= set(ref) <= {"id", "section", "passage"}, (
                f"{where}: source entry {ref} is not {{id, section[, passage]}}"
            )
            assert ref.get("id") in source_ids, f"{where}: unknown source {ref.get('id')!r}"
            assert ref.get("section"), f"{where}: source {ref['id']} needs a section"
            if sections[ref["id"]]:
                assert ref["section"] in sections[ref["id"]], (
                    f"{where}: section {ref['section']!r} is not a heading of {ref['id']}"
                )


def test_event_ids_unique(events):
    ids = [e["id"] for e in events]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"{EVENTS.name}: duplicate ids {dupes}"


def test_event_dates_in_range_or_context(events):
    for ev in events:
        day = _day(ev["date"], f"{EVENTS.name} {ev['id']}")
        if not FIRST_DAY <= day <= LAST_DAY:
            assert ev["kind"] == "context", (
                f"{EVENTS.name} {ev['id']}: dated outside the battle, so kind must be 'context'"
            )


def test_claims_have_claimant_source_and_value(events, sources):
    source_ids = {s["id"] for s in sources}
    for ev in events:
        for j, claim in enumerate(ev["claims"]):
            where = f"{EVENTS.name} {ev['id']} claim {j}"
            extra = sorted(set(claim) - CLAIM_FIELDS)
            assert not extra, f"{where}: unknown keys {extra} (quote text holding a comma)"
            assert claim.get("what"), f"{where}: missing 'what'"
            assert claim.get("claimant"), f"{where}: missing claimant"
            src = claim.get("source")
            assert src in source_ids, f"{where}: unknown source {src!r}"
            value = claim.get("value")
            if isinstance(value, list):
                assert len(value) == 2 and all(isinstance(v, (int, float)) for v in value), (
                    f"{where}: a range must be [low, high]"
                )
                assert value[0] <= value[1], f"{where}: range low > high"
            else:
                assert isinstance(value, (int, float)) and not isinstance(value, bool), (
                    f"{where}: value must be a number or [low, high]"
                )
            if "qualifier" in claim:
                assert claim["qualifier"] in QUALIFIERS, f"{where}: unknown qualifier"


def test_corroborations_point_at_events(events):
    ids = {e["id"] for e in events}
    for ev in events:
        for ref in ev.get("corroborates", []):
            assert ref in ids, f"{EVENTS.name} {ev['id']}: corroborates unknown event {ref!r}"
            assert ref != ev["id"], f"{EVENTS.name} {ev['id']}: corroborates itself"


def test_enough_events_and_every_mentioned_day_covered(events):
    assert len(events) >= 60, f"{EVENTS.name}: only {len(events)} events"
    days = {dt.date.fromisoformat(e["date"]) for e in events}
    day = FIRST_DAY
    while day <= LAST_DAY:
        if day not in SILENT_DAYS:
            assert day in days, f"{EVENTS.name}: no event on {day}, which the sources mention"
        day += dt.timedelta(days=1)
    assert BASELINE_EVENT in {e["id"] for e in events}


def test_event_districts_exist(events, district_ids):
    for ev in events:
        unknown = sorted(set(ev["districts"]) - district_ids)
        assert not unknown, f"{EVENTS.name} {ev['id']}: unknown district ids {unknown}"


# ------------------------------------------------------------------ control.csv
def test_control_header():
    with CONTROL.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == CONTROL_HEADER, f"{CONTROL.name}: header must be {','.join(CONTROL_HEADER)}"


def test_control_rows(control, events):
    event_dates = {e["id"]: e["date"] for e in events}
    for n, row in control.iterrows():
        where = f"{CONTROL.name}:{n + 2} ({row['date']} {row['district']})"
        day = _day(row["date"], where)
        assert FIRST_DAY <= day <= LAST_DAY, f"{where}: date outside the battle"
        shares = []
        for faction in ALEPPO_FACTIONS:
            text = row[faction]
            assert SHARE.fullmatch(text), f"{where}: {faction} share {text!r} malformed"
            value = float(text)
            assert 0.0 <= value <= 1.0, f"{where}: {faction} share out of [0, 1]"
            shares.append(value)
        assert abs(sum(shares) - 1.0) <= 1e-9, f"{where}: shares sum to {sum(shares)}"
        assert row["confidence"] in {"reported", "inferred"}, f"{where}: bad confidence"
        if row["confidence"] == "inferred":
            assert row["note"].strip(), f"{where}: inferred rows need a note"
        assert row["event"] in event_dates, f"{where}: unknown event {row['event']!r}"
        event_day = event_dates[row["event"]]
        assert event_day == row["date"], f"{where}: event {row['event']} is dated {event_day}"


def test_control_no_duplicate_day_district(control):
    dup = control[control.duplicated(["date", "district"], keep=False)]
    pairs = dup[["date", "district"]].values.tolist()
    assert dup.empty, f"{CONTROL.name}: duplicate (date, district): {pairs}"


def test_control_baseline_first(control):
    first = control["date"].min()
    assert first == FIRST_DAY.isoformat(), f"{CONTROL.name}: first date {first} is not the baseline"
    base = control[control["date"] == FIRST_DAY.isoformat()]
    ok = (base["event"] == BASELINE_EVENT).all()
    assert ok, f"{CONTROL.name}: baseline rows must cite {BASELINE_EVENT}"


def test_control_districts_match_layer(control, district_ids):
    base = set(control.loc[control["date"] == FIRST_DAY.isoformat(), "district"])
    missing = sorted(district_ids - base)
    assert not missing, f"{CONTROL.name}: no baseline row for {missing}"
    unknown = sorted(set(control["district"]) - district_ids)
    assert not unknown, f"{CONTROL.name}: ids not in {DISTRICTS.name}: {unknown}"


# ------------------------------------------------------------------ own words
def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _ngrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + NGRAM]) for i in range(len(words) - NGRAM + 1)}


def _our_prose(sources, events, control) -> dict[str, str]:
    """Every piece of free text we wrote (urls and the encyclopedia's own headings excluded)."""
    texts = {f"{SOURCES.name} {s['id']} title": s["title"] for s in sources}
    for ev in events:
        texts[f"{EVENTS.name} {ev['id']} title"] = ev["title"]
        texts[f"{EVENTS.name} {ev['id']} summary"] = ev["summary"]
        for j, claim in enumerate(ev["claims"]):
            texts[f"{EVENTS.name} {ev['id']} claim {j} note"] = str(claim.get("note", ""))
    for n, row in control.iterrows():
        texts[f"{CONTROL.name}:{n + 2} note"] = row["note"]
    if README.exists():
        texts[README.name] = README.read_text(encoding="utf-8")
    return texts


def test_no_ten_word_run_from_seeds(sources, events, control):
    require(SEEDS)
    seed_grams: set[tuple[str, ...]] = set()
    for path in SEEDS.glob("*.txt"):
        seed_grams |= _ngrams(_words(path.read_text(encoding="utf-8", errors="replace")))
    for where, text in _our_prose(sources, events, control).items():
        shared = _ngrams(_words(text)) & seed_grams
        first = " ".join(sorted(shared)[0]) if shared else ""
        assert not shared, f"{where}: shares a {NGRAM}-word run with a seed: {first}"
