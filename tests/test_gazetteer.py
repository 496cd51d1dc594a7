"""The gazetteer: spelling normalisation, resolution, mentions in text, warnings both ways.

The logic runs on a small synthetic frame (four districts and a landmark, spelled the way
the sources spell them); the last tests run over the real Aleppo layer and fail (never
skip) when it is missing.
"""

from __future__ import annotations

import pandas as pd
import pytest

from geodata import DataError, Gazetteer, normalise, repair_mojibake
from tests.shared_docs import SEEDS, require
from timeline.ingest import gazetteer_of

SEED = SEEDS / "002_9c78f77e1fedc513.txt"


def _districts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["sheikh-kheder", "marjeh", "citadel", "bab-antakya"],
            "name": ["Sheikh Kheder", "al-Marjeh", "Aleppo Citadel", "Bab Antakya"],
            "aliases": [["Sheikh Khodr", "Sheikh Khider"], ["Marjah"], [], ["Antioch Gate"]],
            "group": [None, None, "old-city", "old-city"],
        }
    ).set_index("id", drop=False)


@pytest.fixture
def gaz() -> Gazetteer:
    """Four districts (two of them in the Old City group) and a landmark sharing a name."""
    districts = _districts()
    landmarks = pd.DataFrame(
        {"id": ["aleppo-citadel"], "name": ["Aleppo Citadel"], "aliases": [["The Citadel"]]}
    )
    groups = {"old-city": ["Old City", "Old Aleppo", "Aleppo's Old City"]}
    return Gazetteer(districts, landmarks, groups)


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["Sheikh Khider", "Sheikh Kheder", "Shaykh Khodr", "shaikh khidr"], "sheikh khodr"),
        (["Sheikh Lufti", "Sheikh Lutfi"], "sheikh lutfi"),
        (["Marjah", "Marjeh", "Marja", "al-Marjeh"], "marja"),
        (["Ma’saraniyah", "Maâ€™saraniyah", "al-Ma'asaraniyeh", "Ma`saraniyeh"], "masaraniya"),
        (["Hallak Al-Fukani", "Hallak Fuqani", "hallak fouqani"], "halak fukani"),
        (["al-Qaterrji", "Qaterji", "Katerji"], "katerji"),
        (["'Ard Al-Hamra", "Ard al-Hamra", "ARD AL HAMRA"], "ard hamra"),
        (["ash-Sheikh Maqsoud", "Sheikh Maqsood", "Shaykh Maksud"], "sheikh maksud"),
        (["Jabal-Badro", "Jabal Badro", "jabal_badro"], "jabal badro"),
        (["al-Tahhan", "Tahhan", "at-Tahan"], "tahan"),
        (["Sheikh Sa’eed", "Sheikh Saeed", "Sheikh Sa'eed"], "sheikh said"),
        (["the Old City", "Old  City", "old-city"], "old city"),
        (["al-Haydariyeh", "Haydariyah", "Haydariya", "Haydarieh"], "haydariya"),
        (["Karm aj-Jazmati"], "karm jazmati"),
        (["Zouhor", "Zuhor"], "zuhor"),
        (["Crème Brûlée"], "creme bruli"),
    ],
)
def test_normalise_merges_variants(spellings, key):
    assert [normalise(s) for s in spellings] == [key] * len(spellings)


def test_normalise_keeps_distinct_names_apart():
    assert normalise("as-Sakhour I") != normalise("as-Sakhour")
    assert normalise("al-Hamdaniyeh II") == "hamdaniya ii" != normalise("al-Hamdaniyeh III")
    assert normalise("Ba'ibdeen") != normalise("Bab Antakya")
    # English words that look like articles are kept unless hyphenated.
    assert normalise("an area at dawn") == "an area at dawn"
    assert normalise("as-Salheen") == "salhin"


def test_repair_mojibake():
    assert repair_mojibake("Maâ€™saraniyah") == "Ma’saraniyah"
    assert repair_mojibake("Ã‰cole") == "École"
    assert repair_mojibake("Ma’saraniyah") == "Ma’saraniyah"
    assert repair_mojibake("Â") == "Â"  # not repairable: left alone


def test_resolve(gaz):
    assert gaz.resolve("Sheikh Khider") == ["sheikh-kheder"]
    assert gaz.resolve("sheikh-kheder") == ["sheikh-kheder"]
    assert gaz.resolve("Marjah") == ["marjeh"]
    assert gaz.resolve("Nowhere") == []
    # Districts come before landmarks.
    assert gaz.resolve("Aleppo Citadel") == ["citadel", "aleppo-citadel"]
    assert gaz.resolve("The Citadel") == ["citadel", "aleppo-citadel"]  # ids are names too


def test_groups_resolve_to_all_members(gaz):
    for name in ["Old City", "Old Aleppo", "Aleppo's Old City", "old-city"]:
        assert gaz.resolve(name) == ["citadel", "bab-antakya"]


def test_group_names_come_from_the_caller(gaz):
    bare = Gazetteer(_districts())  # no group names given: the group id only
    assert bare.resolve("old-city") == ["citadel", "bab-antakya"]
    assert bare.resolve("Old Aleppo") == []


def test_resolve_one(gaz):
    assert gaz.resolve_one("Sheikh Kheder") == "sheikh-kheder"
    assert gaz.resolve_one("Aleppo Citadel", kind="landmark") == "aleppo-citadel"
    with pytest.raises(DataError) as exc:
        gaz.resolve_one("Sheikh Khadir", where="events.yaml:12")
    assert exc.value.one_line() == (
        "events.yaml:12: unknown name 'Sheikh Khadir' (did you mean: sheikh-kheder?)"
    )
    with pytest.raises(DataError, match="is ambiguous: citadel, aleppo-citadel"):
        gaz.resolve_one("Aleppo Citadel")
    with pytest.raises(DataError, match="unknown district name 'Nowhere'"):
        gaz.resolve_one("Nowhere", kind="district")


def test_find_mentions(gaz):
    text = "Troops entered Sheikh Khider and al-Marjah, then the Old City; the citadel held."
    found = gaz.find_mentions(text)
    assert [(text[s:e], ids) for s, e, ids in found] == [
        ("Sheikh Khider", ["sheikh-kheder"]),
        ("Marjah", ["marjeh"]),
        ("Old City", ["citadel", "bab-antakya"]),
        ("citadel", ["citadel", "aleppo-citadel"]),
    ]


def test_find_mentions_longest_first_and_word_bounds(gaz):
    text = "Aleppo Citadel; Sheikh Khodrs; Maâ€™Marjah"
    found = gaz.find_mentions(text)
    assert [(text[s:e], ids) for s, e, ids in found] == [
        ("Aleppo Citadel", ["citadel", "aleppo-citadel"]),
    ]


def test_warnings_both_ways(gaz):
    assert gaz.unknown_names(["Marjah", "Atlantis", "Sheikh Khodr", "Atlantis"]) == ["Atlantis"]
    texts = ["Shaykh Khodr fell.", "Fighting in Marjeh."]
    assert gaz.unused_aliases(texts) == [
        ("aleppo-citadel", "The Citadel"),
        ("bab-antakya", "Antioch Gate"),
    ]
    assert gaz.unused_aliases(texts, exact=True) == [
        ("aleppo-citadel", "The Citadel"),
        ("bab-antakya", "Antioch Gate"),
        ("marjeh", "Marjah"),
        ("sheikh-kheder", "Sheikh Khider"),
        ("sheikh-kheder", "Sheikh Khodr"),
    ]


# --- the real Aleppo layer (written in parallel; these tests fail, never skip, without it) ---

REAL_SPELLINGS = {
    "Sheikh Khider": "sheikh-kheder",
    "Sheikh Kheder": "sheikh-kheder",
    "Sheikh Khodr": "sheikh-kheder",
    "Sheikh Lufti": "maqar-al-anbiyaa",
    "Sheikh Lutfi": "maqar-al-anbiyaa",
    "Maadi": "maqar-al-anbiyaa",
    "Marjah": "marjeh",
    "Marjeh": "marjeh",
    "Ma’saraniyah": "maasaraniyeh-youth-housing",
    "Maâ€™saraniyah": "maasaraniyeh-youth-housing",
    "Ba'ibdeen": "baaiedeen",
    "Hallak Al-Fukani": "hallak-fuqani",
    "Hallak Fuqani": "hallak-fuqani",
    "Hallak Al-Tahtani": "hallak-tahtani",
    "al-Qaterrji": "karm-al-qaterji",
    "Qaterji": "karm-al-qaterji",
    "al-Tahhan": "karm-al-myassar",
    "Jabal-Badro": "jabal-badro",
    "'Ard Al-Hamra": "ard-al-hamra",
    "Tariq al-Bab": "helwaniyeh",
    "Tareeq al-Bab": "helwaniyeh",
    "Bab al-Nayrab": "muhammad-bek",
    "Inzarat": "haydariyeh",
    "Aqrab": "aqrab",
    "Rashidun": "rashidin",
    "Jamiat al-Zahra": "zahra",
    "Jazmati": "karm-aj-jazmati",
    "Fardous": "fardos",
    "Bustan al-Qasr": "bustan-al-qaser",
    "Mashhad": "ansari-mashhad",
    "Sheikh Maqsood": "sheikh-maqsoud",
    "Masakin Hanano": "hanano",
    "Salheen": "salheen",
    "Sheikh Saeed": "sheikh-saeed",
    "Karm al-Trab": "karm-al-trab",
}


@pytest.fixture(scope="module")
def real() -> Gazetteer:
    """The bundled Aleppo gazetteer; a missing layer is a failure (DataError), not a skip."""
    return gazetteer_of(None)


@pytest.mark.parametrize(("spelling", "district"), sorted(REAL_SPELLINGS.items()))
def test_real_spellings_resolve(real, spelling, district):
    assert real.resolve(spelling)[:1] == [district]


def test_real_old_city_group(real):
    for name in ["Old City", "Old Aleppo", "Aleppo's Old City"]:
        ids = real.resolve(name)
        assert "citadel" in ids and len(ids) > 1


def test_real_district_names_are_unambiguous(real):
    from geodata import load_districts

    districts = load_districts(None)
    clashes = {
        did: real.resolve(name)
        for did, name in districts["name"].items()
        if [i for i in real.resolve(name) if i in real.district_ids] != [did]
    }
    assert clashes == {}


def test_real_seed_mentions_resolve(real):
    require(SEEDS)
    text = SEED.read_text(encoding="utf-8")
    found = {text[s:e] for s, e, _ in real.find_mentions(text)}
    for spelling in ["Sheikh Khider", "Marjah", "al-Tahhan", "Jabal-Badro", "Ba'ibdeen"]:
        assert any(spelling.lower().endswith(f.lower()) for f in found), spelling
