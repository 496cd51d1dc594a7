"""Palettes built from a scenario's factions, and how shares become one colour.

A scenario names 2 to 6 factions, each with a ``colour`` and optionally a ``colourblind``
colour. Every scenario gets the two palettes of :data:`PALETTES`:

- ``conventional``: each faction's ``colour``;
- ``colourblind``: each faction's ``colourblind`` colour where given, else one picked from
  the Okabe-Ito set (:data:`OKABE_ITO`), the closest to the faction's own colour among those
  still far enough from the colours already taken.

Both are checked for distinguishability (:func:`check_distinguishable`): every pair of
factions and every faction against the map's dark outline must differ by at least
:data:`MIN_DELTA_E` (CIE76 ΔE in CIELAB), the colour-blind palette also under simulated
deuteranopia and protanopia. Two colours that cannot be told apart raise a ValueError naming
the two factions and what to change.

A faction is any record with ``id``, ``label``, ``colour`` and ``colourblind`` (``None``
when not given) attributes; :class:`FactionStyle` is the plain one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from timeline.model import MAX_FACTIONS, MIN_FACTIONS

__all__ = [
    "CONTESTED_OUTLINE",
    "DEFAULT_PALETTE",
    "FRONT_COLOUR",
    "MAX_FACTIONS",
    "MIN_DELTA_E",
    "MIN_FACTIONS",
    "OKABE_ITO",
    "PALETTES",
    "FactionLike",
    "FactionStyle",
    "Palette",
    "build_palettes",
    "check_distinguishable",
    "colour_name",
    "delta_e",
    "mix",
    "short_label",
    "simulate",
]

# The palettes every scenario has (key -> the start of its label), default first.
PALETTES: Mapping[str, str] = {
    "conventional": "Conventional",
    "colourblind": "Colour-blind safe",
}
DEFAULT_PALETTE = "conventional"
FRONT_COLOUR = "#111111"
CONTESTED_OUTLINE = "#111111"
# Two colours closer than this (CIE76 ΔE) are taken for one another on the map.
MIN_DELTA_E = 12.0
# Okabe & Ito's colours (black left out: it is the front line's), with their usual names.
OKABE_ITO: Mapping[str, str] = {
    "#d55e00": "vermillion",
    "#0072b2": "blue",
    "#f0e442": "yellow",
    "#009e73": "bluish green",
    "#e69f00": "orange",
    "#56b4e9": "sky blue",
    "#cc79a7": "reddish purple",
}
# Reference colours for naming a faction's colour in a palette's label (nearest in CIELAB).
_NAMED: Mapping[str, str] = {
    **OKABE_ITO,
    "#d62728": "red",
    "#2ca02c": "green",
    "#1f77b4": "blue",
    "#ffd92f": "yellow",
    "#ff7f0e": "orange",
    "#9467bd": "purple",
    "#8c564b": "brown",
    "#e377c2": "pink",
    "#7f7f7f": "grey",
    "#17becf": "cyan",
    "#000000": "black",
    "#ffffff": "white",
    "#000080": "navy",
    "#808000": "olive",
    "#008080": "teal",
    "#800000": "maroon",
}
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
# Machado, Oliveira & Fernandes (2009), severity 1, on linear RGB.
_CVD: Mapping[str, tuple[tuple[float, float, float], ...]] = {
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
}


class FactionLike(Protocol):
    """What the dashboard needs of a faction (``timeline.model.Faction`` has it)."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def colour(self) -> str: ...
    @property
    def colourblind(self) -> str | None: ...


@dataclass(frozen=True)
class FactionStyle:
    """A faction as the dashboard draws it: id, label and colours."""

    id: str
    label: str
    colour: str
    colourblind: str | None = None


@dataclass(frozen=True)
class Palette:
    """One palette of a scenario: a colour per faction (in scenario order) and the map's
    dark tones."""

    key: str
    label: str
    colours: Mapping[str, str]
    front: str = FRONT_COLOUR
    contested_outline: str = CONTESTED_OUTLINE

    def faction(self, faction_id: str) -> str:
        return self.colours[faction_id]


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v))):02x}" for v in rgb)


def _linear(c: float) -> float:
    c /= 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    c = max(0.0, min(1.0, c))
    return 255.0 * (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055)


def _lab(hex_colour: str) -> tuple[float, float, float]:
    r, g, b = (_linear(v) for v in _rgb(hex_colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a: str, b: str) -> float:
    """CIE76 colour difference of two hex colours (about 2.3: just noticeable)."""
    return math.dist(_lab(a), _lab(b))


def simulate(hex_colour: str, deficiency: str) -> str:
    """The colour as seen with ``deficiency`` (``deuteranopia`` or ``protanopia``)."""
    lin = [_linear(v) for v in _rgb(hex_colour)]
    return _hex([_gamma(sum(m * c for m, c in zip(row, lin))) for row in _CVD[deficiency]])


def colour_name(hex_colour: str) -> str:
    """An approximate name of a colour ("red", "bluish green"), for a palette's label."""
    return _NAMED[min(_NAMED, key=lambda ref: delta_e(ref, hex_colour))]


def short_label(label: str) -> str:
    """A faction label's first words, for hover text and compact keys: "Government and
    allies" -> "Government", "SDF / YPG (Kurdish-led)" -> "SDF"."""
    short = re.split(r" and | / | \(|, |; ", label, maxsplit=1)[0].strip()
    return short or label


def _views(palette_key: str) -> tuple[str | None, ...]:
    return (None, "deuteranopia", "protanopia") if palette_key == "colourblind" else (None,)


def check_distinguishable(
    colours: Mapping[str, str], labels: Mapping[str, str], palette_key: str
) -> None:
    """Raise ValueError when two factions' colours, or a faction's and the map's dark
    outline, differ by less than :data:`MIN_DELTA_E` (for the colour-blind palette also as
    seen with deuteranopia and protanopia)."""
    what = "colourblind" if palette_key == "colourblind" else "colour"
    items = list(colours.items())
    for view in _views(palette_key):

        def seen(c: str, view: str | None = view) -> str:
            return c if view is None else simulate(c, view)

        how = "" if view is None else f" as seen with {view}"
        for i, (a, ca) in enumerate(items):
            if delta_e(seen(ca), seen(CONTESTED_OUTLINE)) < MIN_DELTA_E:
                raise ValueError(
                    f"faction {a!r} ({labels.get(a, a)}): {what} {ca} is too close to the "
                    f"map's outline and front colour {CONTESTED_OUTLINE}{how}: choose a lighter "
                    f"{what} in scenario.yaml"
                )
            for b, cb in items[i + 1 :]:
                d = delta_e(seen(ca), seen(cb))
                if d < MIN_DELTA_E:
                    raise ValueError(
                        f"factions {a!r} ({labels.get(a, a)}) and {b!r} ({labels.get(b, b)}) "
                        f"cannot be told apart in the {palette_key} palette: {what} {ca} and "
                        f"{cb} differ by ΔE {d:.1f}{how} (at least {MIN_DELTA_E:g} needed): "
                        f"choose a more different {what} for one of them in scenario.yaml"
                    )


def _derived_colourblind(factions: Sequence[FactionLike]) -> dict[str, str]:
    """The colour-blind colour of each faction: its own ``colourblind``, else the Okabe-Ito
    colour nearest its ``colour`` among those distinguishable from the ones taken."""
    taken = {f.id: f.colourblind.lower() for f in factions if f.colourblind}
    out: dict[str, str] = {}

    def far_enough(candidate: str, used: list[str]) -> bool:
        for view in _views("colourblind"):

            def seen(c: str, view: str | None = view) -> str:
                return c if view is None else simulate(c, view)

            for other in [*used, CONTESTED_OUTLINE]:
                if delta_e(seen(candidate), seen(other)) < MIN_DELTA_E:
                    return False
        return True

    for faction in factions:
        if faction.id in taken:
            out[faction.id] = taken[faction.id]
            continue
        used = [*out.values(), *(c for i, c in taken.items() if i not in out)]
        options = [c for c in OKABE_ITO if c not in used and far_enough(c, used)]
        if not options:
            raise ValueError(
                f"faction {faction.id!r} ({faction.label}): no colour-blind-safe colour is left "
                f"that can be told apart from the others: give it a `colourblind` colour in "
                f"scenario.yaml"
            )
        out[faction.id] = min(options, key=lambda c: delta_e(c, faction.colour))
    return out


def _check_factions(factions: Sequence[FactionLike]) -> None:
    if not MIN_FACTIONS <= len(factions) <= MAX_FACTIONS:
        raise ValueError(
            f"{len(factions)} factions: a scenario needs {MIN_FACTIONS} to {MAX_FACTIONS} "
            f"factions in scenario.yaml"
        )
    seen: set[str] = set()
    for f in factions:
        if f.id in seen:
            raise ValueError(f"faction {f.id!r} is listed twice in scenario.yaml")
        seen.add(f.id)
        for what in ("colour", "colourblind"):
            value = getattr(f, what)
            if (value is not None or what == "colour") and not _HEX.fullmatch(str(value)):
                raise ValueError(
                    f"faction {f.id!r}: {what} {value!r} is not a hex colour: write it as "
                    f"#rrggbb in scenario.yaml"
                )


def build_palettes(factions: Sequence[FactionLike]) -> dict[str, Palette]:
    """Both palettes of a scenario's factions (see the module's docstring), checked;
    ValueError with a message for the scenario's author when they cannot be built."""
    _check_factions(factions)
    labels = {f.id: f.label for f in factions}
    by_key = {
        "conventional": {f.id: f.colour.lower() for f in factions},
        "colourblind": _derived_colourblind(factions),
    }
    out = {}
    for key, colours in by_key.items():
        check_distinguishable(colours, labels, key)
        names = ", ".join(colour_name(c) for c in colours.values())
        out[key] = Palette(key=key, label=f"{PALETTES[key]} ({names})", colours=colours)
    return out


def mix(shares: Sequence[float], colours: Sequence[str]) -> str:
    """One fill colour for a district: the factions' colours weighted by their shares (one
    share per colour, in the same order; negative shares count as 0).

    A district held whole gets its faction's colour exactly; a contested one gets a colour
    in between (red and green make a brown that neither side is drawn in).
    """
    weights = [max(0.0, float(s)) for s in shares]
    total = sum(weights) or 1.0
    rgb = [0.0, 0.0, 0.0]
    for w, colour in zip(weights, colours):
        c = _rgb(colour)
        for k in range(3):
            rgb[k] += w / total * c[k]
    return f"#{round(rgb[0]):02x}{round(rgb[1]):02x}{round(rgb[2]):02x}"
