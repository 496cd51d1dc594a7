"""Mojibake repair (geodata.text): one repair for the gazetteer, the curation and the ingest."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geodata import normalise, repair_mojibake
from geodata.curation.aleppo import _seed_text
from tests.mojibake import as_cp1252
from timeline.ingest import repair_text


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("Maâ€™saraniyah", "Ma’saraniyah"),
        ("Ã‰cole", "École"),
        ("15 November â€“ 22 December", "15 November – 22 December"),
        ("ðŸ‡·ðŸ‡º Russia", "🇷🇺 Russia"),
        ("ErdoÄŸan", "Erdoğan"),
        ("â€œcalmâ€\x9d", "“calm”"),  # 0x9d has no cp1252 character: it survives as U+009D
        ("dužnosnik and Maâ€™sura", "dužnosnik and Ma’sura"),  # correct and broken side by side
        ("Ã¢â‚¬â„¢", "’"),  # broken twice
        ("Â", "Â"),  # not repairable: left alone
        ("a &amp; b\r\n", "a &amp; b\r\n"),  # entities and line ends are the ingest's business
        ("Clean text, café, Ma’sura, 🇺🇳.", "Clean text, café, Ma’sura, 🇺🇳."),
    ],
)
def test_repair_mojibake(broken, fixed):
    assert repair_mojibake(broken) == fixed


_CLEAN = st.text(
    st.one_of(
        st.sampled_from("abcXYZ 019.,;:'-()&\r\n"),
        st.characters(min_codepoint=0x100, max_codepoint=0x24F),  # Latin Extended (š, ž, ğ)
        st.characters(min_codepoint=0x370, max_codepoint=0x6FF),  # Greek, Cyrillic, Arabic
        st.characters(min_codepoint=0x2010, max_codepoint=0x2027),  # dashes, quotes
        st.characters(min_codepoint=0x1F1E6, max_codepoint=0x1F1FF),  # flag letters
    ),
    max_size=40,
)


@given(_CLEAN)
def test_repair_inverts_mojibake_and_keeps_clean_text(text):
    assert repair_mojibake(text) == text
    assert repair_mojibake(as_cp1252(text)) == text


def test_gazetteer_curation_and_ingest_repair_alike(tmp_path):
    """A word broken by any lead byte matches its repaired spelling in the gazetteer, and the
    curation script and the ingest repair mixed text the same way."""
    assert normalise("ErdoÄŸan") == normalise("Erdoğan") == "erdogan"
    assert normalise("Maâ€™saraniyah") == normalise("Ma’saraniyah")
    mixed = "dužnosnik and Maâ€™sura, ErdoÄŸan, Ã¢â‚¬â„¢"
    (tmp_path / "a.txt").write_text(mixed, encoding="utf-8")
    assert _seed_text(tmp_path) == repair_text(mixed) == "dužnosnik and Ma’sura, Erdoğan, ’"
