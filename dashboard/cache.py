"""A disk cache of the view data, so a restarted server or an export starts in a blink.

The page's payload (every day, every interpolated frame, the display geometry) takes
seconds to derive. It depends only on the scenario's files and on the code that derives
it, so it is stored as JSON under a key made of both: change a data file or upgrade the
code and the key changes. Writes are atomic (temporary file, then rename), so workers
starting together never read half a file. The cache holds derived data only; deleting it
is always safe.

``FRONTLINE_CACHE_DIR`` moves it (default: ``$XDG_CACHE_HOME/frontline-atlas`` or
``~/.cache/frontline-atlas``); ``FRONTLINE_CACHE=0`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

CODE_PACKAGES = ("geodata", "timeline", "dashboard")


def cache_dir() -> Path | None:
    """Where cached view data lives, or ``None`` when caching is off."""
    if os.environ.get("FRONTLINE_CACHE", "1").lower() in ("0", "false", "no", "off"):
        return None
    if os.environ.get("FRONTLINE_CACHE_DIR"):
        return Path(os.environ["FRONTLINE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "frontline-atlas"


def _code_files() -> list[Path]:
    root = Path(__file__).resolve().parents[1]
    files: list[Path] = []
    for package in CODE_PACKAGES:
        files += sorted((root / package).rglob("*.py"))
    return files


def cache_key(data_files: Iterable[Path], *, extra: str = "") -> str:
    """A digest of the data files' bytes, the deriving code and ``extra`` settings."""
    digest = hashlib.sha256(extra.encode())
    for path in [*sorted(Path(p) for p in data_files), *_code_files()]:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()[:32]


def cached_json(key: str, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The cached value for ``key``, computing and storing it on a miss."""
    folder = cache_dir()
    if folder is None:
        return compute()
    path = folder / f"view-{key}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = compute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".view-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(value, handle, ensure_ascii=False, separators=(",", ":"))
        Path(tmp).replace(path)
    except OSError:
        pass  # a read-only home is no reason to fail: the value is still returned
    return value
