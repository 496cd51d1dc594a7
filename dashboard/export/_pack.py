"""A plotly figure written compactly for the standalone page (unpacked by ``unpack.mjs``).

The standalone page holds a frame per day, and plotly JSON repeats a lot from frame to frame:
the same hover texts and colours, and coordinates written out digit by digit. :func:`pack`
rewrites the figure (pure; the same figure gives the same text) and ``unpack()`` of
``assets/js/unpack.mjs`` turns it back into the figure in the browser before
``Plotly.newPlot``:

- an array of strings becomes ``{"$s": [i, ...]}``, indices into one table of the page's
  distinct strings (``strings``);
- a colour scale with a stop per colour at ``i / (n - 1)`` (``figures.colour_scale``) becomes
  ``{"$c": [i, ...]}``, the colours' indices;
- ``lon`` / ``lat`` arrays become ``{"$d": [...]}`` and GeoJSON rings ``{"$p": [...]}``:
  coordinates in units of 1e-5 degree (about a metre), each the difference from the one
  before (``null`` separators are kept). Coordinates already rounded to 5 decimals come back
  exactly; finer ones are rounded to 5 decimals.

Anything else is left as it is. Plotly attributes never start with ``$``, so the markers
cannot be mistaken for figure data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

SCALE = 100_000  # coordinates are kept to 1e-5 degree
COORDINATE_KEYS = frozenset({"lon", "lat"})


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


class _Packer:
    def __init__(self) -> None:
        self.strings: list[str] = []
        self._index: dict[str, int] = {}

    def string(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.strings)
            self.strings.append(text)
        return self._index[text]

    def walk(self, value: Any, key: str | None = None) -> Any:
        if isinstance(value, Mapping):
            return {k: self.walk(v, k) for k, v in value.items()}
        if not isinstance(value, (list, tuple)):
            return value
        if len(value) >= 2:
            packed = self._array(value, key)
            if packed is not None:
                return packed
        return [self.walk(v, key if key == "coordinates" else None) for v in value]

    def _array(self, value: Sequence[Any], key: str | None) -> dict[str, list] | None:
        if all(isinstance(v, str) for v in value):
            return {"$s": [self.string(v) for v in value]}
        if key == "colorscale" and _is_even_scale(value):
            return {"$c": [self.string(colour) for _stop, colour in value]}
        if key in COORDINATE_KEYS and all(v is None or _number(v) for v in value):
            return {"$d": _deltas(value)}
        if key == "coordinates" and all(_is_position(v) for v in value):
            xs, ys = _deltas([p[0] for p in value]), _deltas([p[1] for p in value])
            return {"$p": [d for pair in zip(xs, ys) for d in pair]}
        return None


def _is_even_scale(scale: Sequence[Any]) -> bool:
    n = len(scale)
    return all(
        isinstance(stop, (list, tuple))
        and len(stop) == 2
        and _number(stop[0])
        and stop[0] == i / (n - 1)
        and isinstance(stop[1], str)
        for i, stop in enumerate(scale)
    )


def _is_position(p: Any) -> bool:
    return isinstance(p, (list, tuple)) and len(p) == 2 and _number(p[0]) and _number(p[1])


def _deltas(values: Sequence[float | None]) -> list[int | None]:
    out: list[int | None] = []
    previous = 0
    for v in values:
        if v is None:
            out.append(None)
            continue
        q = round(v * SCALE)
        out.append(q - previous)
        previous = q
    return out


def pack(figure: Mapping[str, Any]) -> dict[str, Any]:
    """``{"strings": [...], "figure": ...}``: ``figure`` written compactly (see the module)."""
    packer = _Packer()
    packed = packer.walk(figure)
    return {"strings": packer.strings, "figure": packed}
