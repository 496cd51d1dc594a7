"""The file side of ``frontline export site`` (no web server here: the crawl of the app is
:mod:`dashboard.site`): where the site goes, the folder written whole or not at all, and the
URLs of the pre-rendered downloads.

- :func:`site_prefix` reads ``--base-url``; :func:`check_out` checks ``--out``;
  :func:`replace_folder` puts the finished temporary folder in place;
- :func:`download_templates` are the URLs the page's download links follow on a static
  host, which ignores a query (read by ``assets/js/share.mjs``).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.palettes import DEFAULT_PALETTE

from .output import ExportError

STILL_FORMATS = ("png", "svg")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SiteReport:
    """What :func:`export_site` wrote: where, how many files and bytes, and how long it took."""

    out: Path
    files: int
    bytes: int
    seconds: float
    images: int
    # Seconds spent crawling the app, rendering the stills and making the GIFs and pages.
    steps: tuple[tuple[str, float], ...] = ()


def site_prefix(base_url: str) -> str:
    """The path the site is published under, from ``--base-url`` (``/``, ``/atlas/`` or
    ``https://example.org/atlas``): always starts and ends with ``/``."""
    parts = urlsplit(base_url)
    if parts.query or parts.fragment:
        raise ValueError(f"base URL {base_url!r} has a query or fragment: give only the address")
    if parts.scheme and parts.scheme not in ("http", "https"):
        raise ValueError(f"base URL {base_url!r} is not http(s): give e.g. https://host/path/")
    path = parts.path or "/"
    if not path.startswith("/"):
        raise ValueError(f"base URL {base_url!r} must be absolute: start the path with '/'")
    return path if path.endswith("/") else path + "/"


def download_templates(prefix: str) -> dict[str, str]:
    """The download links' URL templates on a static site (read by assets/js/share.mjs):
    ``{date}``, ``{kind}`` and ``{suffix}`` (empty for the default palette, else
    ``-<palette>``). The files take the names the server's downloads are saved under."""
    base = prefix + "download/"
    return {
        "still": base + "frontline-atlas-{date}{suffix}.{kind}",
        "gif": base + "frontline-atlas-battle{suffix}.gif",
        "html": base + "frontline-atlas-map{suffix}.html",
        "day": base + "day-{date}.{kind}",
        "default_palette": DEFAULT_PALETTE,
    }


def check_out(out: Path, force: bool) -> None:
    """``out`` can take the site: a new or empty folder (any folder with ``force``) whose
    parent exists and is writable; :class:`ExportError` otherwise."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file: give a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise ExportError(f"{out} is not empty: choose a new folder or pass --force to replace it")
    if not out.resolve().parent.is_dir():
        raise ExportError(f"folder {out.resolve().parent} does not exist: create it first")


def census(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def replace_folder(tmp: Path, out: Path) -> None:
    """Put the finished folder ``tmp`` at ``out`` (an old ``out`` is removed after)."""
    tmp.chmod(0o755)
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{time.time_ns()}")
        out.rename(old)
    try:
        tmp.rename(out)
    except OSError:
        if old is not None:
            old.rename(out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
