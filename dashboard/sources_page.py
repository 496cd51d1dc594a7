"""``/sources``: every document of a scenario and what it supports, and the coverage report.

:func:`source_audit` reads a scenario's ``sources.yaml``, ``events.yaml`` and ``control.csv``
and gives, per document, the link a reader can open (or that it is offline), the events
citing it (with the section and passage they cite) and the control changes those events
justify. :func:`coverage` and :func:`day_coverage` count the same (``frontline sources``);
:func:`sources_document` renders it as one server-rendered HTML page (no script, every text
escaped) whose rows link back to the dashboard's view of that day and district.
:func:`register_sources` serves it under the app's route prefix, like ``/embed``.

Nothing here imports Dash or Flask (the command line's report reads it too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from geodata.paths import control_path, events_path, scenario_info_path, sources_path
from timeline.io import load_control, load_events, load_scenario_info, load_sources
from timeline.model import Event, ScenarioInfo, Source, citation_link

SOURCES_ROUTE = "sources"
ENDPOINT = "frontline_sources"

__all__ = [
    "Audit",
    "Change",
    "Citation",
    "coverage",
    "day_coverage",
    "register_sources",
    "source_audit",
    "sources_document",
]


@dataclass(frozen=True)
class Citation:
    """One event's citation of a document: where the link goes and what it names."""

    event: Event
    section: str | None
    passage: str | None
    url: str | None
    target: str


@dataclass(frozen=True)
class Change:
    """One row of ``control.csv`` whose event cites the document."""

    date: date
    district: str
    event: str
    confidence: str


@dataclass(frozen=True)
class Audit:
    """A scenario's documents, and per document its citations and the changes behind them."""

    info: ScenarioInfo
    sources: tuple[Source, ...]
    citations: dict[str, tuple[Citation, ...]]
    changes: dict[str, tuple[Change, ...]]


def source_audit(scenario: str | Path | None = None) -> Audit:
    """The :class:`Audit` of a scenario folder (``None``: the bundled scenario)."""
    info = load_scenario_info(scenario_info_path(scenario))
    sources = load_sources(sources_path(scenario))
    events = load_events(events_path(scenario))
    control = load_control(control_path(scenario), info.faction_ids)
    citations: dict[str, list[Citation]] = {sid: [] for sid in sources}
    for event in sorted(events, key=lambda e: (e.date, e.id)):
        for ref in event.sources:
            source = sources.get(ref.id)
            if source is None:
                continue
            url, target = citation_link(source, ref.section)
            citations[ref.id].append(Citation(event, ref.section, ref.passage, url, target))
    by_event: dict[str, set[str]] = {}
    for event in events:
        by_event.setdefault(event.id, set()).update(r.id for r in event.sources)
    changes: dict[str, list[Change]] = {sid: [] for sid in sources}
    for row in control.sort_values(["date", "district"]).itertuples(index=False):
        for sid in sorted(by_event.get(row.event, ())):
            if sid in changes:
                day = row.date.date() if hasattr(row.date, "date") else row.date
                changes[sid].append(Change(day, row.district, row.event, str(row.confidence)))
    return Audit(
        info,
        tuple(sources.values()),
        {k: tuple(v) for k, v in citations.items()},
        {k: tuple(v) for k, v in changes.items()},
    )


def _address(source: Source) -> str | None:
    url, _ = citation_link(source, None)
    return url


def coverage(audit: Audit) -> list[dict[str, Any]]:
    """Per document: its link (``None``: offline), how many events and control changes cite
    it, and the first and last day it covers."""
    rows = []
    for source in audit.sources:
        cites = audit.citations[source.id]
        days = sorted({c.event.date for c in cites} | {c.date for c in audit.changes[source.id]})
        rows.append(
            {
                "id": source.id,
                "kind": source.kind,
                "outlet": source.outlet,
                "date": source.date.isoformat(),
                "language": source.language,
                "url": _address(source),
                "offline": _address(source) is None,
                "events": len({c.event.id for c in cites}),
                "changes": len(audit.changes[source.id]),
                "first_day": days[0].isoformat() if days else None,
                "last_day": days[-1].isoformat() if days else None,
            }
        )
    return rows


def day_coverage(audit: Audit) -> list[dict[str, Any]]:
    """Per day of the battle (and every other day an event is dated): the documents that
    cover it (cited by an event of that day or by a control change of that day)."""
    covered: dict[date, set[str]] = {}
    day = audit.info.start
    while day <= audit.info.end:
        covered[day] = set()
        day += timedelta(days=1)
    for sid, cites in audit.citations.items():
        for c in cites:
            covered.setdefault(c.event.date, set()).add(sid)
    for sid, changes in audit.changes.items():
        for ch in changes:
            covered.setdefault(ch.date, set()).add(sid)
    return [
        {"date": d.isoformat(), "count": len(ids), "sources": sorted(ids)}
        for d, ids in sorted(covered.items())
    ]


def _view(day: date, district: str | None = None) -> str:
    """The dashboard's view of a day (and district), relative to this page."""
    query = {"date": day.isoformat()}
    if district:
        query["district"] = district
    return "./?" + urlencode(query)


def _link(url: str | None, text: str) -> str:
    if url is None:
        return escape(text)
    return f'<a href="{escape(url)}" rel="noopener noreferrer">{escape(text)}</a>'


def _source_html(source: Source, audit: Audit) -> str:
    url = _address(source)
    head = [
        f'<section class="source" id="{escape(source.id)}">',
        f"<h2>{escape(source.outlet)}: {escape(source.title)}</h2>",
        '<p class="meta">',
        f"<code>{escape(source.id)}</code> · {escape(source.kind)} · "
        f"{escape(source.date.isoformat())} · {escape(source.language.upper())} · ",
        _link(url, url or "") if url else '<span class="offline">offline: no public address</span>',
        "</p>",
    ]
    cites = audit.citations[source.id]
    changes = audit.changes[source.id]
    head.append(
        f"<p>Cited by {len({c.event.id for c in cites})} events; "
        f"behind {len(changes)} control changes.</p>"
    )
    if cites:
        head.append("<h3>Events</h3><ul class='events'>")
        for c in cites:
            e = c.event
            place = c.section or ""
            if c.passage:
                place = f"{place}, “{c.passage}”" if place else f"“{c.passage}”"
            where = f" ({_link(c.url, place)})" if place else ""
            districts = ", ".join(
                f'<a href="{escape(_view(e.date, d))}">{escape(d)}</a>' for d in e.districts
            )
            head.append(
                f'<li><a href="{escape(_view(e.date))}">{escape(e.date.isoformat())}</a> '
                f"<code>{escape(e.id)}</code> {escape(e.title)}{where}"
                + (f" — districts: {districts}" if districts else "")
                + "</li>"
            )
        head.append("</ul>")
    if changes:
        head.append("<h3>Control changes</h3><ul class='changes'>")
        for ch in changes:
            head.append(
                f'<li><a href="{escape(_view(ch.date, ch.district))}">'
                f"{escape(ch.date.isoformat())} {escape(ch.district)}</a> "
                f"({escape(ch.confidence)}; event <code>{escape(ch.event)}</code>)</li>"
            )
        head.append("</ul>")
    head.append("</section>")
    return "\n".join(head)


_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 980px; padding: 16px; }
h1 { font-size: 22px; } h2 { font-size: 16px; margin: 18px 0 4px; } h3 { font-size: 13px; }
.meta { color: #555; } .offline { border: 1px dashed #777; padding: 0 4px; color: #555; }
section.source { border-top: 1px solid #ccc; } ul { padding-left: 18px; }
"""


def sources_document(audit: Audit) -> str:
    """The ``/sources`` page of ``audit`` (an HTML document; all text escaped)."""
    toc = "".join(
        f'<li><a href="#{escape(s.id)}">{escape(s.outlet)}: {escape(s.title)}</a></li>'
        for s in audit.sources
    )
    body = "\n".join(_source_html(s, audit) for s in audit.sources)
    title = f"Sources: {audit.info.title}"
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        '<p><a href="./">Back to the map</a>. Every document the timeline uses, with the '
        "events that cite it and the control changes they justify. A document with no public "
        "address is marked offline.</p>"
        f"<ul class='toc'>{toc}</ul>\n{body}\n</body></html>\n"
    )


def register_sources(app: Any, data: Any) -> str:
    """Serve ``/sources`` of ``data``'s scenario (a :class:`dashboard.viewdata.ViewData`) under
    the app's route prefix; return its path. Registering twice is harmless. The page is built
    on first use and kept (read-only); the response class is the app server's own, so this
    module needs no web framework."""
    path = app.config.routes_pathname_prefix + SOURCES_ROUTE
    if ENDPOINT in app.server.view_functions:
        return path
    from dashboard.security import page_policy

    scenario = getattr(data, "scenario", None)
    response_class = app.server.response_class
    policy = page_policy([])
    built: list[bytes] = []

    def page() -> Any:
        if not built:
            built.append(sources_document(source_audit(scenario)).encode("utf-8"))
        response = response_class(built[0], mimetype="text/html")
        response.headers["Cache-Control"] = "public, max-age=300"
        # The page runs no script at all.
        response.headers["Content-Security-Policy"] = policy
        return response

    app.server.add_url_rule(path, endpoint=ENDPOINT, view_func=page, methods=["GET"])
    return path
