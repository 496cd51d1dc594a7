"""The disk cache of rendered stills, shared by the download routes and ``serve --warm``.

Free of the web server (no Flask, no Dash), so ``frontline serve --warm`` can fill the cache
before the server is started. :func:`data_key` makes a download's cache key (and ETag) from
the view data's digest; :func:`still_name` / :func:`still_key` name a still's file;
:func:`warm_stills` renders every day's still in every palette that is missing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from dashboard.cache import cache_dir
from dashboard.palettes import PALETTES
from dashboard.viewdata import ViewData

from ._render import slide_spec
from .output import atomic_output
from .renderer import render_many

STILL_SIZE = (1920, 1080)


def data_key(data: ViewData, what: str) -> str:
    """The cache key (and ETag) of a download: the view data's digest (the scenario's files
    and the code, see :class:`dashboard.viewdata.ViewData`) plus what is downloaded."""
    return hashlib.sha256(f"{data.digest};downloads;{what}".encode()).hexdigest()[:32]


def still_name(fmt: str, district: str | None) -> str:
    """The cache file name of a still: those with a district outlined are counted apart."""
    return f"still-d.{fmt}" if district else f"still.{fmt}"


def still_key(data: ViewData, fmt: str, day: int, district: str | None, palette: str) -> str:
    return data_key(data, f"still;{fmt};{day};{district};{palette};{STILL_SIZE}")


def write_still(image: bytes, out: Path) -> Path:
    with atomic_output(out) as tmp:
        tmp.write_bytes(image)
    return out


def warm_stills(
    data: ViewData,
    formats: tuple[str, ...] = ("png",),
    on_image: Callable[[], None] | None = None,
) -> int:
    """Render into the disk cache every day's still in every palette (``formats``) that is
    not there yet, in one run of the renderer; return how many were rendered.

    Does nothing when caching is off. ``on_image()`` is called after each image.
    """
    folder = cache_dir()
    if folder is None:
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    width, height = STILL_SIZE
    made = 0
    for fmt in formats:
        for palette in PALETTES:
            missing = []
            for day in range(len(data["payload"]["dates"])):
                key = still_key(data, fmt, day, None, palette)
                stem, suffix = still_name(fmt, None).rsplit(".", 1)
                path = folder / f"{stem}-{key}.{suffix}"
                if not path.is_file():
                    missing.append((day, path))
            figs = (
                slide_spec(data, day, width=width, height=height, palette=palette)
                for day, _path in missing
            )
            for (_day, path), image in zip(missing, render_many(figs, fmt, width, height)):
                write_still(image, path)
                made += 1
                if on_image is not None:
                    on_image()
    return made
