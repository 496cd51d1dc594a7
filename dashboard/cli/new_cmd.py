"""``frontline new``: start a scenario folder from anyone's district polygons.

The polygons go through :mod:`geodata.tiling` (ids slugged and unique, rings fixed, overlaps
and gaps given to neighbours, each repair printed with its area); the folder gets the
repaired ``districts.geojson``, an empty ``landmarks.geojson``, a ``scenario.yaml`` to fill
in, a baseline ``control.csv`` (every district held wholly by one faction on the first day)
and the one baseline event and placeholder source its rows point at.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import click
import numpy as np
import shapely
from shapely.geometry import mapping

from geodata.tiling import GAP_MAX_M2, OVERLAP_MAX_SHARE, Tiling, read_layer, repair_tiling
from timeline.model import MAX_FACTIONS, MIN_FACTIONS

__all__ = [
    "COLOURBLIND_COLOURS",
    "CONVENTIONAL_COLOURS",
    "new",
    "parse_factions",
    "write_scenario",
]

# Okabe & Ito (2008), the colour-blind-safe palette, most distinct first.
COLOURBLIND_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9")
# ColorBrewer Set1: the conventional map colours.
CONVENTIONAL_COLOURS = ("#E41A1C", "#377EB8", "#4DAF4A", "#984EA3", "#FF7F00", "#A65628")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CONTROL_COLUMNS = ("date", "district", "event", "confidence", "note")
BASELINE_EVENT = "baseline"
BASELINE_SOURCE = "baseline-source"


def parse_factions(text: str) -> list[str]:
    """Faction ids from ``A,B[,...]``: 2 to 6 distinct slugs that are not control.csv columns.

    Raises ``click.BadParameter`` (one line) otherwise.
    """
    ids = [part.strip() for part in text.split(",")]
    bad = [f for f in ids if not _SLUG.fullmatch(f)]
    if bad:
        raise click.BadParameter(
            f"{', '.join(repr(b) for b in bad)} is not a slug: write lower-case letters, digits "
            "and single hyphens (e.g. government,rebel)",
            param_hint="--factions",
        )
    if not MIN_FACTIONS <= len(ids) <= MAX_FACTIONS:
        raise click.BadParameter(
            f"{len(ids)} faction(s) given; a scenario has {MIN_FACTIONS} to {MAX_FACTIONS}",
            param_hint="--factions",
        )
    dup = sorted({f for f in ids if ids.count(f) > 1})
    if dup:
        raise click.BadParameter(f"{', '.join(dup)} given twice", param_hint="--factions")
    reserved = [f for f in ids if f in _CONTROL_COLUMNS]
    if reserved:
        raise click.BadParameter(
            f"{', '.join(reserved)} is a column of control.csv: choose another id",
            param_hint="--factions",
        )
    return ids


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date", param_hint=option) from None


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _label(faction: str) -> str:
    return faction.replace("-", " ").title()


def scenario_yaml(
    title: str, start: date, end: date, factions: list[str], credits: str, holder: str
) -> str:
    """The text of ``scenario.yaml``: the contract's keys with comments guiding the user."""
    lines = [
        "# The scenario: edit the title, the faction labels and colours, and the credits.",
        "# Then run `frontline validate DIR` and `frontline serve --scenario DIR`.",
        f"title: {_q(title)}",
        f"start: {start.isoformat()}   # the first day: control.csv has a baseline row per "
        "district on it",
        f"end: {end.isoformat()}     # the last day of the battle",
        "# In this order: the columns of control.csv and the legend. colour: the usual map",
        "# colour; colourblind: the colour-blind-safe palette (Okabe-Ito). names: words the",
        "# ingest recognises for the faction in source documents (add your own).",
        "factions:",
    ]
    for i, faction in enumerate(factions):
        lines.append(
            f"  - {{id: {faction}, label: {_q(_label(faction))}, "
            f'colour: "{CONVENTIONAL_COLOURS[i]}", colourblind: "{COLOURBLIND_COLOURS[i]}"}}'
        )
    lines += [
        "# Shown on the map and in every export: name the polygons' authors and licence.",
        f"credits: {_q(credits)}",
        f"# Optional: attacker and enclave_faction (e.g. attacker: {factions[0]}) turn on the",
        "# 'share of the first day's enclave' statistic; groups: {id: [names]} name groups of",
        f"# districts. The baseline gives every district to {holder}: edit control.csv.",
    ]
    return "\n".join(lines) + "\n"


def control_csv(ids: list[str], factions: list[str], holder: str, start: date) -> str:
    """The baseline ``control.csv``: one row per district on ``start``, held by ``holder``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["date", "district", *factions, "event", "confidence", "note"])
    shares = ["1" if f == holder else "0" for f in factions]
    for did in ids:
        writer.writerow(
            [start.isoformat(), did, *shares, BASELINE_EVENT, "inferred", "baseline: edit"]
        )
    return buf.getvalue()


def events_yaml(start: date) -> str:
    """``events.yaml`` with the baseline event the first control rows point at."""
    return (
        "# Dated events in your own words; every control.csv row points at one of them.\n"
        "# kind: advance, capture, withdrawal, ..., context. Add one per change of control.\n"
        f"- id: {BASELINE_EVENT}\n"
        f"  date: {start.isoformat()}\n"
        '  title: "Baseline"\n'
        '  summary: "Who held each district on the first day (edit this and control.csv)."\n'
        "  kind: context\n"
        "  districts: []\n"
        "  landmarks: []\n"
        "  sources:\n"
        f"    - {{id: {BASELINE_SOURCE}}}\n"
        "  claims: []\n"
    )


def sources_yaml(start: date) -> str:
    """``sources.yaml`` with the placeholder source the baseline event cites."""
    return (
        "# Every document the events rely on. Replace this placeholder with the source of\n"
        "# the baseline, and add one entry per document.\n"
        f"- id: {BASELINE_SOURCE}\n"
        "  kind: article\n"
        '  outlet: "To fill in"\n'
        '  title: "Source of the first day\'s front line (to fill in)"\n'
        "  url: null\n"
        "  language: en\n"
        f"  date: {start.isoformat()}\n"
    )


def _rounded(geom):
    geom = shapely.set_precision(geom, 1e-6)
    geom = shapely.orient_polygons(geom)
    return shapely.transform(geom, lambda xy: np.round(xy, 6))


def districts_geojson(tiling: Tiling, source_name: str) -> str:
    """``districts.geojson`` (RFC 7946, one feature per line) of a repaired tiling."""
    features = []
    for row in tiling.districts.itertuples():
        props = {"id": row.id, "name": row.name, "source": source_name}
        features.append(
            json.dumps(
                {
                    "type": "Feature",
                    "id": row.id,
                    "properties": props,
                    "geometry": mapping(_rounded(row.geometry)),
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
        )
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n"


def write_scenario(
    directory: Path,
    tiling: Tiling,
    *,
    factions: list[str],
    start: date,
    end: date,
    title: str,
    source_name: str,
    holder: str | None = None,
) -> list[Path]:
    """Write a new scenario folder from a repaired tiling; the paths written, in order."""
    holder = holder or factions[0]
    ids = list(tiling.districts["id"])
    credits = f"District polygons: {source_name} (edit: name their authors and licence)"
    files = {
        "scenario.yaml": scenario_yaml(title, start, end, factions, credits, holder),
        "districts.geojson": districts_geojson(tiling, source_name),
        "landmarks.geojson": '{"type":"FeatureCollection","features":[]}\n',
        "control.csv": control_csv(ids, factions, holder, start),
        "events.yaml": events_yaml(start),
        "sources.yaml": sources_yaml(start),
    }
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


@click.command("new")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--districts",
    "districts_file",
    required=True,
    type=click.Path(exists=True, path_type=Path),
    help="The district polygons: GeoJSON, GeoPackage or Shapefile, in any CRS.",
)
@click.option("--name-field", default=None, help="Field holding the names (default: name).")
@click.option("--id-field", default=None, help="Field holding ids (default: slug of the name).")
@click.option("--factions", required=True, help="Faction ids in order, 2 to 6: A,B[,...].")
@click.option("--holder", default=None, help="Faction holding everything on the first day.")
@click.option("--start", required=True, help="First day of the battle, YYYY-MM-DD.")
@click.option("--end", default=None, help="Last day, YYYY-MM-DD (default: --start).")
@click.option("--title", default=None, help="Title (default: the folder name).")
@click.option(
    "--max-gap-m2",
    type=click.FloatRange(min=0),
    default=GAP_MAX_M2,
    show_default=True,
    help="Close holes between districts up to this area; larger ones are an error.",
)
@click.option(
    "--max-overlap",
    type=click.FloatRange(0, 1),
    default=OVERLAP_MAX_SHARE,
    show_default=True,
    help="Trim overlaps up to this share of the smaller district; larger ones are an error.",
)
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
def new(
    directory: Path,
    districts_file: Path,
    name_field: str | None,
    id_field: str | None,
    factions: str,
    holder: str | None,
    start: str,
    end: str | None,
    title: str | None,
    max_gap_m2: float,
    max_overlap: float,
    force: bool,
) -> None:
    """Start a scenario folder from a district layer: a clean tiling, a baseline and stubs."""
    faction_ids = parse_factions(factions)
    if holder is not None and holder not in faction_ids:
        raise click.BadParameter(
            f"{holder!r} is not one of {', '.join(faction_ids)}", param_hint="--holder"
        )
    first = _day(start, "--start")
    last = _day(end, "--end") or first
    if last < first:
        raise click.BadParameter(f"{last} is before --start {first}", param_hint="--end")
    if directory.exists() and not directory.is_dir():
        raise click.BadParameter(f"{directory} is a file", param_hint="DIR")
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise click.BadParameter(
            f"{directory} is not empty (pass --force to write into it)", param_hint="DIR"
        )
    layer = read_layer(districts_file, name_field=name_field, id_field=id_field)
    tiling = repair_tiling(
        layer, where=str(districts_file), max_overlap=max_overlap, max_gap_m2=max_gap_m2
    )
    name = title or directory.resolve().name.replace("_", " ")
    write_scenario(
        directory,
        tiling,
        factions=faction_ids,
        start=first,
        end=last,
        title=name,
        source_name=districts_file.name,
        holder=holder,
    )
    click.echo(f"{len(tiling.repairs)} repair(s):" if tiling.repairs else "no repairs needed")
    for repair in tiling.repairs:
        click.echo(f"  {repair}")
    crs = tiling.metric_crs
    click.echo(
        f"wrote {directory}: {len(tiling.districts)} districts, {tiling.area_km2():.3f} km² "
        f"(measured in {crs.name}, EPSG:{crs.to_epsg()})"
    )
    click.echo(
        "next: edit scenario.yaml (title, faction labels and colours, credits); add control "
        "changes to control.csv with their events and sources; "
        f"frontline validate {directory}; frontline serve --scenario {directory}"
    )
