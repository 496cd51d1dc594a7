"""``frontline export site``: the whole dashboard as static files (see :mod:`dashboard.site`).

Its own module, apart from :mod:`dashboard.cli.export_cmd`: building the site crawls the
Dash app, while the other exports run without the web server. ``dashboard/cli/__init__.py``
adds it to the ``export`` group.
"""

from __future__ import annotations

from typing import Any

import click

from ._common import scenario_option
from .export_cmd import _fail, _load, _note, _out_option, _progress, _run


@click.command(name="site")
@scenario_option
@click.option(
    "--base-url",
    "base_url",
    default="/",
    show_default=True,
    help="Where the site will be published: a path (/atlas/) or an address "
    "(https://example.org/atlas/); the pages name their files under its path.",
)
@click.option("--force", is_flag=True, help="Replace --out even when it is not empty.")
@_out_option("Folder to write the site to (new or empty).")
def site(scenario, base_url, force, out):
    """The whole dashboard as static files (pages, /embed, /sources, downloads) for any host."""
    from dashboard.export import ExportError
    from dashboard.export.site import check_out, site_prefix
    from dashboard.site import export_site

    try:
        site_prefix(base_url)
    except ValueError as exc:
        raise _fail(str(exc), "--base-url") from None
    try:
        check_out(out, force)
    except ExportError as exc:
        raise _fail(str(exc), "--out") from None
    _sc, data = _load(scenario)
    bars: dict[str, Any] = {}

    def progress(label: str, done: int, total: int) -> None:
        if label not in bars:
            for bar in bars.values():
                bar.render_finish()
            bars[label] = _progress(total, f"Rendering {total} {label}")
        bars[label].update(done - bars[label].pos)

    report = _run(
        lambda: export_site(data, out, base_url=base_url, force=force, on_progress=progress)
    )
    for bar in bars.values():
        bar.render_finish()
    _note(
        "site",
        f"{report.files} files, {report.bytes / 1e6:.1f} MB, {report.images} images "
        f"rendered; {report.seconds:.0f} s ("
        + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in report.steps)
        + ")",
    )
    click.echo(report.out)
