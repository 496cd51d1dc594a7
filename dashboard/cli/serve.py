"""``frontline serve``: the dashboard under a production WSGI server.

The listening socket is bound here, before anything is printed, and handed to the server
(``fd://``): a port already taken is one line and exit 1, not "serving on" followed by the
server's retries.
"""

from __future__ import annotations

import errno
import socket
import sys
from pathlib import Path

import click


@click.command()
@click.option(
    "--scenario",
    "scenarios",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Scenario folder; repeat it to serve several battles, each at /<folder name>/ with "
    "an index of them at /. Default: the bundled Aleppo 2016 scenario at /.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port", default=8050, show_default=True, type=click.IntRange(1, 65535), help="TCP port."
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes. The server keeps no per-user state, so any number behaves alike.",
)
@click.option(
    "--warm",
    is_flag=True,
    help="Before serving, render every day's still (PNG) in every palette into the disk "
    "cache; without it a still is rendered when first asked for.",
)
def serve(scenarios: tuple[Path, ...], host: str, port: int, workers: int, warm: bool) -> None:
    """Serve the dashboard at http://HOST:PORT (debug off, compressed responses); with
    several --scenario, each battle at http://HOST:PORT/<folder name>/."""
    from dashboard.multi import create_server, scenario_slug

    wsgi_app = create_server(scenarios)
    listener = _listen(host, port)
    if warm:
        try:
            _warm(scenarios)
        except BaseException:
            listener.close()
            raise
    click.echo(f"Frontline Atlas: serving on http://{host}:{port} ({workers} worker(s))", err=True)
    if len(scenarios) > 1:
        for folder in scenarios:
            click.echo(f"  {folder}: http://{host}:{port}/{scenario_slug(folder)}/", err=True)
    if sys.platform == "win32":  # pragma: no cover - gunicorn needs fork()
        import waitress

        waitress.serve(wsgi_app, sockets=[listener], threads=4 * workers)
        return
    _run_gunicorn(wsgi_app, listener=listener, workers=workers)


def _warm(scenarios: tuple[Path, ...]) -> None:
    """Render the missing stills of every served battle into the disk cache, then close the
    renderer: the workers fork from this process and each starts its own when it needs one."""
    from dashboard.export import RenderError, close_renderer
    from dashboard.export.warm import warm_stills
    from dashboard.viewdata import load_view_data

    made = 0
    try:
        for folder in scenarios or (None,):
            made += warm_stills(load_view_data(folder))
    except RenderError as exc:
        raise click.ClickException(f"--warm: {exc}") from None
    finally:
        close_renderer()
    click.echo(f"Frontline Atlas: {made} still(s) rendered into the disk cache", err=True)


def _listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port``, or a one-line error (exit 1) saying why not."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        )[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise click.ClickException(f"cannot listen on {host}: {exc} (check --host)") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise click.ClickException(
                f"port {port} on {host} is already in use: stop the program using it "
                "or choose another --port"
            ) from None
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {exc.strerror or exc} (check --host and --port)"
        ) from None
    sock.set_inheritable(True)
    return sock


def _freeze_heap() -> None:
    """Move everything built so far (the scenario's data, the layout, the figures) out of the
    garbage collector's sight. The app never frees it, so collecting it only costs time:
    a full collection walking it stalls a request now and then. Forked workers then also
    share those pages with the master instead of copying them when the collector touches
    them."""
    import gc

    gc.collect()
    gc.freeze()


def _run_gunicorn(wsgi_app, *, listener: socket.socket, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    # gunicorn takes the descriptor over (it makes its own socket of it and closes this
    # one): detached, the socket object here can never close that number again later.
    fd = listener.detach()

    class _App(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"fd://{fd}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            # Renders take at most 4 threads (dashboard.downloads.RenderGate): the others
            # stay free for pages, the payload and assets.
            self.cfg.set("threads", 8)
            self.cfg.set("preload_app", True)
            self.cfg.set("accesslog", None)
            self.cfg.set("loglevel", "warning")
            self.cfg.set("timeout", 60)

        def load(self):
            return wsgi_app

    _freeze_heap()
    _App().run()
