"""The disk cache of view data: keyed on the data and the code, atomic, optional."""

from __future__ import annotations

import json

from dashboard.cache import cache_key, cached_json


def test_key_follows_the_data(tmp_path):
    data = tmp_path / "control.csv"
    data.write_text("a", encoding="utf-8")
    first = cache_key([data])
    assert cache_key([data]) == first
    data.write_text("b", encoding="utf-8")
    assert cache_key([data]) != first
    assert cache_key([data], extra="per_day=2") != cache_key([data], extra="per_day=4")


def test_miss_computes_and_stores_then_hit_reads(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path))
    calls = []

    def compute():
        calls.append(1)
        return {"answer": 42}

    assert cached_json("k1", compute) == {"answer": 42}
    assert cached_json("k1", compute) == {"answer": 42}
    assert len(calls) == 1
    assert json.loads((tmp_path / "view-k1.json").read_text()) == {"answer": 42}
    assert not list(tmp_path.glob(".view-*"))  # no temporary file left behind


def test_corrupt_entry_is_recomputed(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path))
    (tmp_path / "view-k2.json").write_text("{not json", encoding="utf-8")
    assert cached_json("k2", lambda: {"fresh": True}) == {"fresh": True}


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("FRONTLINE_CACHE", "0")
    calls = []
    cached_json("k3", lambda: calls.append(1) or {})
    cached_json("k3", lambda: calls.append(1) or {})
    assert len(calls) == 2
    assert not list(tmp_path.iterdir())
