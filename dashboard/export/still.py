"""Still images: one day's slide as PNG (raster) or SVG (true vector), or every day at once."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ._render import render, render_many, slide_spec
from .output import atomic_output

STILL_FORMATS = ("png", "svg")


def still_bytes(
    data: Mapping[str, Any],
    day: int,
    fmt: str,
    *,
    width: int = 1920,
    height: int = 1080,
    palette: str = "conventional",
    district: str | None = None,
) -> bytes:
    """The slide of ``day`` (an index into the payload's dates) as PNG or SVG bytes."""
    _check_format(fmt)
    fig = slide_spec(data, day, width=width, height=height, palette=palette, district=district)
    return render(fig, fmt, width, height)


def export_still(
    data: Mapping[str, Any],
    day: int,
    fmt: str,
    out: Path,
    *,
    width: int = 1920,
    height: int = 1080,
    palette: str = "conventional",
    district: str | None = None,
) -> Path:
    """Write the slide of ``day`` to ``out`` (atomically and checked: whole file or no file)."""
    image = still_bytes(
        data, day, fmt, width=width, height=height, palette=palette, district=district
    )
    with atomic_output(out, fmt) as tmp:
        tmp.write_bytes(image)
    return Path(out)


def export_all_stills(
    data: Mapping[str, Any],
    fmt: str,
    out_dir: Path,
    *,
    width: int = 1920,
    height: int = 1080,
    palette: str = "conventional",
    district: str | None = None,
    on_image: Callable[[Path], None] | None = None,
) -> list[Path]:
    """One slide per day as ``out_dir/YYYY-MM-DD.<fmt>``; ``on_image`` is told of each file.

    All or nothing: every image goes to a temporary file and is checked; only when all are
    written are they renamed to their dates, so a failure (a full disk, a signal) leaves the
    folder as it was.
    """
    _check_format(fmt)
    dates = data["payload"]["dates"]
    figs = (
        slide_spec(data, day, width=width, height=height, palette=palette, district=district)
        for day in range(len(dates))
    )
    written = []
    with contextlib.ExitStack() as stack:
        for date, image in zip(dates, render_many(figs, fmt, width, height)):
            path = Path(out_dir) / f"{date}.{fmt}"
            stack.enter_context(atomic_output(path, fmt)).write_bytes(image)
            written.append(path)
            if on_image is not None:
                on_image(path)
    return written


def _check_format(fmt: str) -> None:
    if fmt not in STILL_FORMATS:
        raise ValueError(f"unknown still format {fmt!r}: choose png or svg")
