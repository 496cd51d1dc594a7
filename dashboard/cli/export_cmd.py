"""``frontline export png|svg|gif|mp4|html``: the map as files to publish.

Thin adapters over :mod:`dashboard.export`: check the arguments against the scenario
(malformed or out-of-range dates, unknown districts, unusable ``--out`` paths and bad sizes
are usage errors, exit code 2), render, and write the whole file or nothing. The written
path is printed on stdout; the progress bar and notes go to stderr.

A full disk or an encoder that gives up is one line and exit 1 (every file is checked before
it takes its name, see :mod:`dashboard.export.output`). SIGTERM and SIGINT stop an export
cleanly: the temporary files go, the browser is closed, one line says so, and the exit code
is the conventional 128 + the signal (143, 130).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from dashboard.palettes import DEFAULT_PALETTE, PALETTES
from dashboard.viewdata import ViewData, load_view_data

from ._common import scenario_option

FORMAT_NAMES = ("png", "svg", "gif", "mp4", "html", "pptx", "deck", "site")
SIZE = click.IntRange(min=1, max=10_000)
STILL_HELP = {
    "png": "One day's map as a PNG slide (or one per day with --all); with --compare A, what "
    "changed since day A is marked on it.",
    "svg": "One day's map as a vector SVG slide (or one per day with --all); with --compare A, "
    "what changed since day A is marked on it.",
}
ARROW_WINDOW = 7  # days of the arrows of --arrows without --compare
ANIMATION_HELP = {
    "gif": "The battle as a looping GIF, one frame per day (or --per-day moments a day).",
    "mp4": "The battle as an H.264 MP4 video, one frame per day (or --per-day moments a day; "
    "width and height rounded down to multiples of 16).",
}
NO_COMPARE = (
    "Not supported: an animation ignores compare views, so --compare is refused here (export "
    "a still: 'frontline export png|svg --date B --compare A')."
)


class _FormatGroup(click.Group):
    """A group whose unknown subcommand reads as an unknown export format."""

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            raise click.UsageError(
                f"unknown format {name!r}: choose one of {', '.join(FORMAT_NAMES)}", ctx
            )
        return super().resolve_command(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [n for n in FORMAT_NAMES if n in self.commands]


@click.group(cls=_FormatGroup, no_args_is_help=False)
@click.pass_context
def export(ctx: click.Context) -> None:
    """Export the map: a day as PNG or SVG, the battle as GIF, MP4 or a standalone HTML page."""
    ctx.with_resource(_stopped_by_signals())


class Stopped(SystemExit):
    """SIGTERM or SIGINT arrived: unwinds like an error (temporary files are removed on the
    way out) and ends the process with code 128 + the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """While an export runs, SIGTERM and SIGINT raise :class:`Stopped` (a second signal
    during the clean-up is ignored); the previous handlers come back afterwards."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    wanted = (signal.SIGTERM, signal.SIGINT)
    previous = {sig: signal.getsignal(sig) for sig in wanted}

    def stop(signum: int, _frame: object) -> None:
        for sig in wanted:
            signal.signal(sig, signal.SIG_IGN)
        raise Stopped(signum)

    for sig in wanted:
        signal.signal(sig, stop)
    try:
        yield
    except Stopped as exc:
        name = signal.Signals(exc.signum).name
        click.echo(f"frontline export: stopped by {name}; nothing was written", err=True)
        raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _out_option(help_text: str) -> Callable:
    return click.option(
        "--out", "out", required=True, type=click.Path(path_type=Path), help=help_text
    )


palette_option = click.option(
    "--palette",
    type=click.Choice(sorted(PALETTES)),
    default=DEFAULT_PALETTE,
    show_default=True,
    help="Colours of the factions.",
)
district_option = click.option(
    "--district", default=None, help="Outline this district (id, name or alias) and name it."
)
per_day_option = click.option(
    "--per-day",
    "per_day",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Pictures a day: 1 shows the days as they are; N > 1 adds N-1 interpolated moments "
    "between days so the front moves smoothly (N must divide the moments the map data holds, "
    "4 for the bundled scenario).",
)


def _fail(message: str, param: str | None = None) -> click.BadParameter:
    return click.BadParameter(message, param_hint=f"'{param}'" if param else None)


def _load(scenario: Path | None) -> tuple[Any, ViewData]:
    from timeline import load_scenario

    view = load_view_data(scenario)  # first: it refuses a scenario 'validate' rejects
    return load_scenario(scenario), view


def _day(sc: Any, data: ViewData, value: str, param: str) -> int:
    try:
        iso = sc.check_date(value).isoformat()
    except ValueError as exc:
        raise _fail(str(exc), param) from None
    dates = data["payload"]["dates"]
    if iso not in dates:
        raise _fail(f"{iso} has no map: pick a day in {dates[0]}..{dates[-1]}", param)
    return dates.index(iso)


def _district(sc: Any, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return sc.check_district(value)
    except ValueError as exc:
        raise _fail(str(exc), "--district") from None


def _check_file(out: Path, fmt: str) -> Path:
    """``out`` can be written as a new or replaced .fmt file (usage error otherwise)."""
    if out.suffix.lower() != f".{fmt}":
        raise _fail(f"{out} does not end in .{fmt}: name the file {out.stem}.{fmt}", "--out")
    if out.is_dir():
        raise _fail(f"{out} is a folder: give a file name", "--out")
    _check_folder(out.parent)
    return out


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise _fail(f"folder {folder} does not exist: create it first", "--out")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _fail(f"cannot write in {folder}: choose another place", "--out")


def _progress(length: int, label: str):
    return click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True)


def _per_day(data: ViewData, per_day: int) -> int:
    """``--per-day`` checked against the moments the scenario's frames hold (usage error)."""
    from dashboard.export import check_per_day

    try:
        return check_per_day(data["payload"], per_day)
    except ValueError as exc:
        raise _fail(str(exc), "--per-day") from None


def _note(fmt: str, message: str) -> None:
    click.echo(f"frontline export {fmt}: {message}", err=True)


def _check_size(data: ViewData, width: int, height: int) -> None:
    """The slide has room for its map at this size (usage error otherwise)."""
    from dashboard.export import slide_figure

    try:
        slide_figure(data, 0, width=width, height=height)
    except ValueError as exc:
        raise _fail(str(exc), "--height") from None


def _run(action: Callable[[], Any]) -> Any:
    """Run an exporter; a renderer failure, a file that could not be written whole or an OS
    error becomes a one-line error (exit 1)."""
    from dashboard.export import ExportError, RenderError

    try:
        return action()
    except (RenderError, ExportError, OSError) as exc:
        raise click.ClickException(str(exc).strip().splitlines()[0]) from None


def _still(fmt: str) -> click.Command:
    @click.command(name=fmt, help=STILL_HELP[fmt])
    @scenario_option
    @click.option("--date", "date", default=None, help="Day to draw, YYYY-MM-DD.")
    @click.option("--all", "all_days", is_flag=True, help="Every day: --out is a folder.")
    @district_option
    @click.option("--width", type=SIZE, default=1920, show_default=True)
    @click.option("--height", type=SIZE, default=1080, show_default=True)
    @palette_option
    @click.option(
        "--compare",
        "compare",
        default=None,
        help="Mark what changed since this day (A, YYYY-MM-DD, not after --date): changed "
        "districts outlined in the gaining side's colour, A's front line dashed; captioned "
        "'Changes 26 Nov → 6 Dec 2016'.",
    )
    @click.option(
        "--arrows",
        "arrows",
        is_flag=True,
        help="Draw the advance arrows: of the --compare window, or of the --window days "
        "before --date.",
    )
    @click.option(
        "--window",
        "window",
        type=click.IntRange(min=1),
        default=None,
        help=f"With --arrows and no --compare: days before --date the arrows cover "
        f"[default: {ARROW_WINDOW}].",
    )
    @_out_option(f"File to write (.{fmt}); with --all, the folder for YYYY-MM-DD.{fmt} files.")
    def command(
        scenario, date, all_days, district, width, height, palette, compare, arrows, window, out
    ):
        from dashboard.export import export_all_stills, export_still

        if all_days == (date is not None):
            raise click.UsageError("give either --date YYYY-MM-DD or --all")
        if all_days and (compare is not None or arrows):
            raise click.UsageError("--compare and --arrows go with --date, not with --all")
        if window is not None and not arrows:
            raise click.UsageError("--window goes with --arrows")
        if window is not None and compare is not None:
            raise click.UsageError("give --compare A or --window N, not both")
        sc, data = _load(scenario)
        ident = _district(sc, district)
        _check_size(data, width, height)
        opts = {"width": width, "height": height, "palette": palette, "district": ident}
        if not all_days:
            day = _day(sc, data, date, "--date")
            if compare is not None or arrows:
                opts |= _compare_opts(sc, data, day, compare, arrows, window)
            _check_file(out, fmt)
            click.echo(_run(lambda: export_still(data, day, fmt, out, **opts)))
            return
        if out.suffix.lower() == f".{fmt}" or (out.exists() and not out.is_dir()):
            raise _fail(f"with --all, {out} must be a folder", "--out")
        _check_folder(out.parent)
        _run(lambda: out.mkdir(exist_ok=True))
        n = len(data["payload"]["dates"])
        with _progress(n, f"Rendering {n} {fmt.upper()} files") as bar:
            written = _run(
                lambda: export_all_stills(data, fmt, out, on_image=lambda _p: bar.update(1), **opts)
            )
        click.echo(f"{out}{os.sep} ({len(written)} files)")

    return command


def _compare_opts(
    sc: Any, data: ViewData, day: int, compare: str | None, arrows: bool, window: int | None
) -> dict[str, Any]:
    """The compare data of a still: from --compare A to the slide's day, or (--arrows alone)
    the arrows of the --window days before it (from the first day at the earliest)."""
    from dashboard.compare import compare_payload

    dates = data["payload"]["dates"]
    if compare is not None:
        first = _day(sc, data, compare, "--compare")
        if first > day:
            raise _fail(
                f"--compare {dates[first]} is after --date {dates[day]}: compare with an "
                "earlier day",
                "--compare",
            )
    else:
        first = max(0, day - (ARROW_WINDOW if window is None else window))
    found = compare_payload(sc, dates[first], dates[day], data["payload"]["ids"], arrows=arrows)
    return {"compare": found, "marks": compare is not None}


def _no_compare(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        raise click.UsageError(
            f"--compare is not supported by 'export {ctx.info_name}': export a still with "
            f"'frontline export png --date B --compare {value}'",
            ctx,
        )


def _animation(fmt: str) -> click.Command:
    @click.command(name=fmt, help=ANIMATION_HELP[fmt])
    @scenario_option
    @click.option("--from", "start", default=None, help="First day (default: the first).")
    @click.option("--to", "end", default=None, help="Last day (default: the last).")
    @click.option(
        "--fps",
        type=click.FloatRange(min=0.1, max=60),
        default=None,
        help="Pictures a second.  [default: 2 days a second, 2 x --per-day pictures]",
    )
    @per_day_option
    @district_option
    @click.option("--width", type=SIZE, default=1280, show_default=True)
    @click.option("--height", type=SIZE, default=720, show_default=True)
    @palette_option
    @click.option(
        "--compare", default=None, expose_value=False, callback=_no_compare, help=NO_COMPARE
    )
    @_out_option(f"File to write (.{fmt}).")
    def command(scenario, start, end, fps, per_day, district, width, height, palette, out):
        from dashboard.export import moments, render_frames, video_size
        from dashboard.export.animation import DAYS_PER_SECOND, write_gif, write_mp4

        sc, data = _load(scenario)
        per_day = _per_day(data, per_day)
        fps = DAYS_PER_SECOND * per_day if fps is None else fps
        dates = data["payload"]["dates"]
        first = 0 if start is None else _day(sc, data, start, "--from")
        last = len(dates) - 1 if end is None else _day(sc, data, end, "--to")
        if first > last:
            raise _fail(f"{dates[first]} comes after --to {dates[last]}", "--from")
        ident = _district(sc, district)
        _check_file(out, fmt)
        if fmt == "mp4":
            try:
                w, h = video_size(width, height)
            except ValueError as exc:
                raise _fail(str(exc), "--width") from None
            if (w, h) != (width, height):
                _note(
                    fmt, f"{width}x{height} rounded down to {w}x{h} (H.264 needs multiples of 16)"
                )
            width, height = w, h
        _check_size(data, width, height)
        days = range(first, last + 1)
        n = len(moments(data["payload"], per_day, first, last))
        with _progress(n, f"Rendering {n} frames") as bar:
            frames = _run(
                lambda: render_frames(
                    data,
                    days,
                    width=width,
                    height=height,
                    palette=palette,
                    district=ident,
                    per_day=per_day,
                    on_frame=lambda _d: bar.update(1),
                )
            )
        writer = write_gif if fmt == "gif" else write_mp4
        click.echo(_run(lambda: writer(frames, out, fps=fps)))

    return command


@click.command(name="html")
@scenario_option
@palette_option
@per_day_option
@_out_option("File to write (.html).")
def _html(scenario, palette, per_day, out):
    """The whole battle as one standalone HTML page (works offline, opened from disk)."""
    from dashboard.export import export_html

    _sc, data = _load(scenario)
    per_day = _per_day(data, per_day)
    _check_file(out, "html")
    click.echo(_run(lambda: export_html(data, out, palette=palette, per_day=per_day)))


for _fmt in ("png", "svg"):
    export.add_command(_still(_fmt))
for _fmt in ("gif", "mp4"):
    export.add_command(_animation(_fmt))
export.add_command(_html)


def _story_deck(kind: str) -> click.Command:
    """``export pptx`` (PowerPoint) or ``export deck`` (HTML slideshow) of a story."""
    fmt = "pptx" if kind == "pptx" else "html"
    helps = {
        "pptx": "A story as a PowerPoint deck: a title slide, a 16:9 slide per step (the map, "
        "its date and caption; sources in the notes) and the sources.",
        "deck": "A story as one HTML slideshow that works from disk, offline (arrow keys, "
        "Home, End).",
    }

    @click.command(name=kind, help=helps[kind])
    @scenario_option
    @click.option("--story", "story", required=True, help="The story's name (stories/NAME.yaml).")
    @palette_option
    @_out_option(f"File to write (.{fmt}).")
    def command(scenario, story, palette, out):
        from dashboard.export.deck import StoryError, story_of

        _sc, data = _load(scenario)
        try:
            record = story_of(data, story)
        except StoryError as exc:
            raise _fail(str(exc), "--story") from None
        _check_file(out, fmt)
        n = len(record["steps"])
        with _progress(n, f"Rendering {n} steps") as bar:
            if kind == "pptx":
                from dashboard.export.pptx import export_pptx as write
            else:
                from dashboard.export.deck import export_deck as write
            written = _run(
                lambda: write(data, story, out, palette=palette, on_image=lambda _i: bar.update(1))
            )
        click.echo(written)

    return command


for _kind in ("pptx", "deck"):
    export.add_command(_story_deck(_kind))
