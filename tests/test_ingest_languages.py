"""The ingest reads actions in the languages it has a lexicon for (``timeline/ingest/lexicons``):
English and Croatian; a document in another language is read for names and dates only.

The Croatian report of 15 December 2016 (a seed) says the evacuation began that day ("Ranije
danas počela je evakuacija"), that a first attempt failed on Wednesday the 14th ("nije uspjela
u srijedu"), that the deal of Tuesday the 13th was to let the rebels out, and that the
ceasefire was being broken the day before ("jučer ... kršenja primirja"). The synthetic
sentences below are invented; they name districts of the bundled Aleppo scenario.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from geodata.errors import DataError
from tests.shared_docs import SEEDS, require
from timeline.ingest import (
    candidates_path,
    dated_sentences,
    ingest,
    languages,
    lexicon_of,
    load_candidates,
    load_lexicon,
    read_document,
    reading_notes,
)
from timeline.ingest.lexicon import LEXICONS, english

CROATIAN_SEED = "003_c12c60bb1807a367.txt"
FICTION = Path(__file__).parent / "fixtures" / "fictional"
# What the Croatian report dates, by kind: (kind, day) of its sentence-level events.
CROATIAN_EVENTS = {
    ("evacuation", "2016-12-15"),  # "earlier today the evacuation began"
    ("evacuation", "2016-12-14"),  # the first attempt failed on Wednesday
    ("evacuation", "2016-12-13"),  # Tuesday's deal was to let the rebels out
    ("ceasefire", "2016-12-14"),  # yesterday: shelling, the presidents on the violations
    ("ceasefire", "2016-12-15"),  # the phone call: the violations must stop
}


def _happenings(candidates, doc: str | None = CROATIAN_SEED):
    """(kind, day) of the sentence-level events of ``doc`` (of every document: ``None``)."""
    return {
        (c.event_kind, c.date)
        for c in candidates
        if doc in (None, c.doc) and c.kind == "event" and c.action in ("evacuation", "ceasefire")
    }


def test_languages_come_from_the_lexicon_files():
    assert languages() == ("en", "hr")
    assert load_lexicon("hr").name == "Croatian"
    assert load_lexicon("HR-hr").language == "hr"  # a regional tag reads as its language
    assert load_lexicon("fr") is None and load_lexicon("../en") is None
    assert load_lexicon("en").happenings == ()  # English results stay as curated


def test_the_croatian_seed_yields_its_evacuation_events_with_dates():
    documents, candidates = ingest([require(SEEDS) / CROATIAN_SEED])
    (doc,) = documents
    assert (doc.language, doc.date) == ("hr", date(2016, 12, 15))
    assert _happenings(candidates) == CROATIAN_EVENTS
    first = next(c for c in candidates if (c.event_kind, c.date) == ("evacuation", "2016-12-15"))
    assert "evakuacija" in doc.text[first.start : first.end]
    assert first.basis == "relative" and first.source == "hr-portal-2016-12-15"
    # the buses waiting in Salahedin: a sentence of Wednesday's, naming the district
    salahedin = next(c for c in candidates if "salah-ad-deen" in c.districts and c.kind != "event")
    assert salahedin.date == "2016-12-14"
    # the east "taken in 2012" is history, not a capture of the battle
    assert not [c for c in candidates if c.kind == "change"]


def test_the_shipped_candidates_carry_the_croatian_events():
    """Without the seeds: candidates.json holds the same dated events."""
    stored = load_candidates(candidates_path(None))
    assert _happenings(stored.candidates) == CROATIAN_EVENTS
    english_docs = {d["id"] for d in stored.documents if d["language"] == "en"}
    assert english_docs and not _happenings(
        [c for c in stored.candidates if c.doc in english_docs], None
    )


def _article(tmp_path: Path, body: str, name: str = "clanak.txt") -> Path:
    path = tmp_path / name
    path.write_text(f"Zagreb, 15. prosinca 2016.\n\n{body}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("sentence", "actor", "action"),
    [
        ("Sirijska vojska zauzela je Bustan al-Qasr.", "government", "capture"),
        ("Režimske snage su osvojile Bustan al-Qasr.", "government", "capture"),
        ("Pobunjenici su ponovno zauzeli Bustan al-Qasr.", "rebel", "recapture"),
        ("Vojska je napredovala u Bustan al-Qasr.", "government", "advance"),
        ("Pobunjenici su se povukli iz četvrti Bustan al-Qasr.", "rebel", "withdrawal"),
        ("Kurdi drže Bustan al-Qasr.", "sdf", "control"),
        ("Bustan al-Qasr je zauzet od strane vojske.", "government", "capture"),
        ("Kurdi su napali Bustan al-Qasr, ali su odbijeni.", "sdf", "repelled"),
        ("Vojska je pokušala zauzeti Bustan al-Qasr.", "government", "attempt"),
        ("Vojska nije zauzela Bustan al-Qasr.", None, None),
    ],
)
def test_croatian_actions(tmp_path, sentence, actor, action):
    path = _article(tmp_path, f"U Alepu su se nastavile borbe. {sentence}")
    documents, candidates = ingest([path])
    assert documents[0].language == "hr"
    acted = [(c.actor, c.action) for c in candidates if c.action and c.kind != "event"]
    assert acted == ([(actor, action)] if action else [])
    changes = [c for c in candidates if c.kind in ("change", "fighting")]
    assert all(c.date == "2016-12-15" and c.districts == ("bustan-al-qaser",) for c in changes)


def test_croatian_evacuations_ceasefires_and_their_days(tmp_path):
    path = _article(
        tmp_path,
        "Jučer je proglašen prekid vatre u istočnom Alepu. "
        "Evakuacija ranjenika iz Bustan al-Qasra nije uspjela u utorak. "
        "Danas su autobusi počeli evakuirati civile. "
        "Primirje se uglavnom poštuje, javljaju promatrači.",
    )
    _, candidates = ingest([path])
    assert _happenings(candidates, "clanak.txt") == {
        ("ceasefire", "2016-12-14"),  # jučer
        ("evacuation", "2016-12-13"),  # u utorak: Tuesday before Thursday the 15th
        ("evacuation", "2016-12-15"),  # danas
        ("ceasefire", "2016-12-15"),  # no day word: the article's date
    }
    doc = read_document(path)
    bases = [s.basis for s in dated_sentences(doc)]
    assert bases == ["document", "relative", "relative", "relative", "document"]


def test_an_unknown_language_gives_names_and_dates_only(tmp_path):
    """The fixture's French article: places and the article event, no actions, one note."""
    path = FICTION / "article-fr.txt"
    documents, candidates = ingest([path], FICTION)
    (doc,) = documents
    assert doc.language == "fr" and lexicon_of(doc).reads_actions is False
    assert [c for c in candidates if c.kind in ("change", "fighting")] == []
    assert {c.kind for c in candidates} <= {"mention", "event"}
    assert any(c.districts for c in candidates)  # names are still read
    (note,) = reading_notes(documents)
    assert note.startswith("article-fr.txt: no lexicon for language 'fr'")
    assert "names and dates only" in note and "\n" not in note
    assert reading_notes([read_document(_article(tmp_path, "Vojska je ušla u grad."))]) == []


def test_english_still_reads_english(tmp_path):
    """The same English sentence gives a change; written in a French document, none."""
    en = tmp_path / "en.txt"
    en.write_text("4 January 2031\n\nThe army captured Kamenica in the morning.\n", "utf-8")
    _, candidates = ingest([en], FICTION)
    assert [(c.action, c.districts) for c in candidates if c.kind == "change"] == [
        ("capture", ("kamenica",))
    ]
    assert english().without_actions().verbs == ()


def test_a_broken_lexicon_is_one_line_naming_file_and_key(tmp_path):
    folder = tmp_path / "lexicons"
    folder.mkdir()
    data = yaml.safe_load((LEXICONS / "hr.yaml").read_text(encoding="utf-8"))
    broken = dict(data, verbs=[dict(data["verbs"][0], pattern="(unclosed")])
    (folder / "xx.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), "utf-8")
    with pytest.raises(DataError) as exc:
        load_lexicon("xx", folder)
    assert "xx.yaml" in str(exc.value) and "verbs[0].pattern" in str(exc.value)
    assert "\n" not in str(exc.value)
    del data["negation"]
    (folder / "xx.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(DataError, match="missing key 'negation'"):
        load_lexicon("xx", folder)


def test_cli_says_which_languages_it_reads(run_cli, tmp_path):
    from dashboard.cli import cli
    from dashboard.cli.ingest_cmd import ingest as command

    added = "ingest" not in cli.commands
    if added:
        cli.add_command(command)
    try:
        assert "en (English), hr (Croatian)" in " ".join(run_cli("ingest", "--help").out.split())
        seeds = tmp_path / "docs"
        seeds.mkdir()
        shutil.copy(FICTION / "article-fr.txt", seeds)
        result = run_cli("ingest", seeds, "--scenario", FICTION)
        assert result.code == 0, result.err
        assert "reading actions in en (English), hr (Croatian)" in result.err
        assert "article-fr.txt: no lexicon for language 'fr'" in result.err
    finally:
        if added:
            cli.commands.pop("ingest", None)
