"""Faction colours, the colour-blind-safe alternative, and how shares become one colour."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "COLOUR_BLIND_SAFE",
    "CONVENTIONAL",
    "DEFAULT_PALETTE",
    "FACTIONS",
    "FACTION_LABELS",
    "PALETTES",
    "Palette",
    "get_palette",
    "mix",
]
FACTIONS: tuple[str, ...] = ("government", "rebel", "sdf")
"""The factions these palettes colour (the bundled scenario's, as its scenario.yaml declares
them); the dashboard is to take them from ``Scenario.factions`` instead."""
FACTION_LABELS: Mapping[str, str] = {
    "government": "Government and allies",
    "rebel": "Rebel groups",
    "sdf": "SDF / YPG (Kurdish-led)",
    "contested": "Contested",
}


@dataclass(frozen=True)
class Palette:
    """Colours of one palette: a colour per faction plus the map's neutral tones."""

    key: str
    label: str
    government: str
    rebel: str
    sdf: str
    front: str
    contested_outline: str

    def faction(self, name: str) -> str:
        return getattr(self, name)


# Red / green / yellow: the convention readers know from maps of the Syrian war.
CONVENTIONAL = Palette(
    key="conventional",
    label="Conventional (red, green, yellow)",
    government="#c8312b",
    rebel="#2f8f3a",
    sdf="#e8b923",
    front="#111111",
    contested_outline="#111111",
)

# Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
COLOUR_BLIND_SAFE = Palette(
    key="colourblind",
    label="Colour-blind safe (vermillion, blue, yellow)",
    government="#d55e00",
    rebel="#0072b2",
    sdf="#f0e442",
    front="#111111",
    contested_outline="#111111",
)

PALETTES: Mapping[str, Palette] = {p.key: p for p in (CONVENTIONAL, COLOUR_BLIND_SAFE)}
DEFAULT_PALETTE = CONVENTIONAL.key


def get_palette(key: str | None) -> Palette:
    """The palette called ``key``; ``None`` gives the default. Unknown keys raise ValueError."""
    if key is None:
        return PALETTES[DEFAULT_PALETTE]
    try:
        return PALETTES[key]
    except KeyError:
        raise ValueError(
            f"unknown palette {key!r}: choose one of {', '.join(sorted(PALETTES))}"
        ) from None


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def mix(shares: Mapping[str, float], palette: Palette) -> str:
    """One fill colour for a district: the faction colours weighted by their shares.

    A district held whole gets its faction's colour exactly; a contested one gets a colour
    in between (red and green make a brown that neither side is drawn in).
    """
    total = sum(max(0.0, float(shares.get(f, 0.0))) for f in FACTIONS) or 1.0
    r = g = b = 0.0
    for faction in FACTIONS:
        w = max(0.0, float(shares.get(faction, 0.0))) / total
        fr, fg, fb = _rgb(palette.faction(faction))
        r, g, b = r + w * fr, g + w * fg, b + w * fb
    return f"#{round(r):02x}{round(g):02x}{round(b):02x}"
