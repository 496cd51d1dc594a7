"""Add the south-western outskirts (Rashidin and Aqrab) to the curated Aleppo layers.

The narrative has the army storm "Rashidun and Aqrab" in south-western Aleppo on 16 November
2016 and advance in Aqrab on 19 November. Neither place is in the CSR neighbourhood layer (it
stops at New Aleppo and Tishreen), so this second curation stage, run after
:mod:`geodata.curation.aleppo` (whose ``main`` calls it), appends two hand-built districts to
``districts.geojson`` and retires the stand-in ``rashidin`` landmark::

    .venv/bin/python -m geodata.curation.aleppo_southwest --reference /work/shared/geodata-reference

Both districts are cut from the UNITAR-UNOSAT damage hull "Al Rashida" (buffered convex hull of
307 damage points, ~20 km², far broader than one neighbourhood) and from a strip that joins it to
the city edge, minus everything the layer already covers, so each shares its eastern edge with
New Aleppo or Tishreen exactly (no overlap, no gap). The reasoning for each cut is written next to
its constant and in the feature's ``source``. The stage is idempotent: it first removes what an
earlier run added.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import box, mapping, shape

from geodata.paths import DEFAULT_SCENARIO, scenario_dir

HULLS = "unosat_named_area_hulls.geojson"
NEW_IDS = ("aqrab", "rashidin")
MIN_PART_DEG2 = 1e-7  # ~1000 m² at this latitude: smaller pieces of a cut are crumbs

# Rashidin: the northern part of the "Al Rashida" damage hull, from the latitude of New Aleppo's
# southern edge (36.190) to the hull's top, east of 37.052. West of that the hull runs into the
# separate UNOSAT "Mansoura" hull (another village), which is also cut away. The strip
# (37.075-37.100 E) fills the ground between the hull and New Aleppo's western edge so that the
# district meets the city. The hull's median point (36.2071 N, 37.0702 E, the former landmark)
# lies inside.
RASHIDIN_BOX = (37.052, 36.190, 37.100, 36.2195)
RASHIDIN_STRIP = (37.075, 36.190, 37.100, 36.2150)
# Aqrab: not located by any reference file or gazetteer we have. The narrative names it with
# Rashidin as the south-western districts stormed on 16 November and again on 19 November; we
# place it as the band of the same damage hull directly south of Rashidin (36.180-36.190 N),
# west of Tishreen and New Aleppo, leaving out the UNOSAT hull of the Dahiyat al-Assad villas to
# its south. Low confidence: a reader who locates Aqrab should move it.
AQRAB_BOX = (37.052, 36.180, 37.100, 36.190)
AQRAB_STRIP = (37.075, 36.180, 37.100, 36.190)
CUT_AWAY = ("Mansoura", "Villat Dahiyat al Asad")

PROPS = {
    "rashidin": {
        "name": "al-Rashidin",
        "name_ar": "الراشدين",
        "aliases": [
            "al-Rashidin",
            "Rashidin",
            "Rashidun",
            "al-Rashideen",
            "Al Rashida",
            "الراشدين",
        ],
        "sector": "south-west",
        "group": None,
        "ocha_code": None,
        "source": "new: the UNITAR-UNOSAT 2015 damage hull 'Al Rashida' north of 36.190 N and "
        "east of 37.052 E, minus the Mansoura hull, joined to New Aleppo's western edge by a "
        "hand-drawn strip; the CSR layer stops at New Aleppo. Outside the city's eastern "
        "enclave (rebel-held countryside west of the city).",
    },
    "aqrab": {
        "name": "Aqrab",
        "name_ar": "عقرب",
        "aliases": ["Aqrab", "عقرب"],
        "sector": "south-west",
        "group": None,
        "ocha_code": None,
        "source": "new, low confidence: not located in any reference file; placed by the "
        "narrative, which pairs it with Rashidin in the south-west (16 and 19 Nov), as the band "
        "of the UNOSAT 'Al Rashida' hull between 36.180 and 36.190 N, west of Tishreen and New "
        "Aleppo, without the Dahiyat al-Assad villas hull. Arabic spelling is ours.",
    },
}


def _round(geom):
    geom = shapely.set_precision(geom, 1e-6)
    geom = shapely.orient_polygons(geom)
    return shapely.transform(geom, lambda xy: np.round(xy, 6))


def _keep_parts(geom):
    parts = [p for p in shapely.get_parts(geom) if p.area >= MIN_PART_DEG2]
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def southwest_geometries(reference: Path, layer) -> dict[str, object]:
    """The two new districts (lon/lat), cut so that they only touch ``layer`` (a union)."""
    hulls = json.loads((reference / HULLS).read_text(encoding="utf-8"))["features"]
    by_name = {f["properties"]["unosat_name"]: shape(f["geometry"]) for f in hulls}
    hull = by_name["Al Rashida"]
    away = shapely.union_all([by_name[n] for n in CUT_AWAY])
    out = {}
    for did, outline, strip in (
        ("rashidin", RASHIDIN_BOX, RASHIDIN_STRIP),
        ("aqrab", AQRAB_BOX, AQRAB_STRIP),
    ):
        geom = shapely.union_all([hull.intersection(box(*outline)), box(*strip)])
        geom = geom.difference(away).difference(layer)
        out[did] = _round(_keep_parts(geom))
    # Snap the shared latitude so the two do not overlap after rounding.
    out["aqrab"] = _round(_keep_parts(out["aqrab"].difference(out["rashidin"])))
    return out


def _write(path: Path, features: list[dict]) -> None:
    features = sorted(features, key=lambda f: f["id"])
    doc = {"type": "FeatureCollection", "features": features}
    text = json.dumps(doc, ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace(',{"type":"Feature"', ',\n{"type":"Feature"')
    path.write_text(text + "\n", encoding="utf-8")


def add_southwest(reference: Path, out: Path) -> None:
    """Append Rashidin and Aqrab to ``out``'s districts; drop the ``rashidin`` landmark and
    the ``Aqrab`` alias the first stage gives al-'Amiriyeh."""
    districts_file = out / "districts.geojson"
    doc = json.loads(districts_file.read_text(encoding="utf-8"))
    features = [f for f in doc["features"] if f["id"] not in NEW_IDS]
    for feature in features:
        props = feature["properties"]
        if feature["id"] == "amiriyeh":
            props["aliases"] = [a for a in props["aliases"] if a != "Aqrab"]
            props["source"] = props["source"].split(" alias: Aqrab")[0]
    layer = shapely.union_all([shape(f["geometry"]) for f in features], grid_size=1e-6)
    for did, geom in southwest_geometries(reference, layer).items():
        features.append(
            {
                "type": "Feature",
                "id": did,
                "properties": {"id": did, **PROPS[did]},
                "geometry": mapping(geom),
            }
        )
    _write(districts_file, features)
    landmarks_file = out / "landmarks.geojson"
    marks = json.loads(landmarks_file.read_text(encoding="utf-8"))["features"]
    _write(landmarks_file, [f for f in marks if f["id"] != "rashidin"])


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=scenario_dir(DEFAULT_SCENARIO))
    args = parser.parse_args(argv)
    add_southwest(args.reference, args.out)
    print(f"added {', '.join(NEW_IDS)} to {args.out / 'districts.geojson'}")


if __name__ == "__main__":
    main()
