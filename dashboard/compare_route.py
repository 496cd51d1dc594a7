"""``/_frontline/arrows?from=A&to=B``: the advance arrows of a window of days, as JSON;
``/_frontline/compare?from=A&to=B``: the whole comparison, for ``/embed?compare=``.

The compare view computes its list of changes in the browser (assets/js/compare.mjs), but the
arrows need geometry (the territory each faction held, the districts' neighbours), so the
page asks this route for them once per window: :func:`dashboard.compare.compare_payload`'s
``arrows`` (districts by their index in the payload's ``ids``), with the window's days and
caption. ``/embed`` holds no payload to compute the changes from, so it asks the second
route for everything it draws: the changed districts (``compare_payload``'s ``rows``), the
front line of day A, the arrows, the factions' labels and colours. An answer depends only
on the scenario and the two days, so it is cached by the browser (``Cache-Control``,
``ETag``) and, per app, in a small bounded cache here.

Bad dates get a 400 with one line naming the parameter and the fix; ``from`` after ``to``
too.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Response, request

from dashboard.viewdata import ViewData

ARROWS_ROUTE = "/_frontline/arrows"
COMPARE_ROUTE = "/_frontline/compare"
MAX_WINDOWS = 128  # windows kept per app (each answer is a few kilobytes)
ISO_LENGTH = 10


def _bad(message: str) -> Response:
    return Response(message + "\n", status=400, mimetype="text/plain")


def _day(dates: list[str], name: str, value: str | None) -> str:
    if value is None or value == "":
        raise ValueError(f"give ?{name}=YYYY-MM-DD (a day from {dates[0]} to {dates[-1]})")
    text = value[:40]
    try:
        if len(value) != ISO_LENGTH:
            raise ValueError
        iso = date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"?{name}={text!r} is not a date: use YYYY-MM-DD") from None
    if iso not in dates:
        raise ValueError(
            f"?{name}={iso} is outside the battle: use a day from {dates[0]} to {dates[-1]}"
        )
    return iso


def arrows_answer(scenario: Any, ids: list[str], start: str, end: str) -> dict[str, Any]:
    """The route's JSON for the window ``start``..``end`` (ISO days, ``start <= end``)."""
    from dashboard.compare import compare_payload

    full = compare_payload(scenario, start, end, ids, arrows=True)
    return {
        "from": full["from"],
        "to": full["to"],
        "caption": full["caption"],
        "arrows": full["arrows"],
    }


def compare_answer(scenario: Any, payload: dict[str, Any], start: str, end: str) -> dict[str, Any]:
    """The compare route's JSON for the window ``start``..``end``: :func:`compare_payload`
    with ``front_from`` (day A's front line, ``[lons, lats]``), the factions' ``labels``, the
    ``palettes``' colours and the ``overlay``'s style (:data:`dashboard.compare.OVERLAY`)."""
    from dashboard.compare import OVERLAY, compare_payload

    full = compare_payload(scenario, start, end, list(payload["ids"]), arrows=True)
    fronts = payload.get("fronts") or []
    a = list(payload["dates"]).index(start)
    front = fronts[a][:2] if a < len(fronts) else [[], []]
    return {
        **full,
        "front_from": front,
        "labels": payload["map"]["labels"],
        "palettes": payload["palettes"],
        "overlay": OVERLAY,
    }


def register_arrows(app: Any, data: ViewData, route: Callable[[str], str]) -> list[str]:
    """Serve the arrows and compare routes on ``app`` (rules made by ``route``); returns
    the rules."""
    payload = data["payload"]
    dates = list(payload["dates"])
    ids = list(payload["ids"])
    lock = threading.Lock()
    held: dict[str, Any] = {}
    answers: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()

    def scenario() -> Any:
        with lock:
            if "scenario" not in held:
                from timeline import load_scenario

                held["scenario"] = load_scenario(data.scenario)
            return held["scenario"]

    def answer(kind: str) -> Response:
        try:
            start = _day(dates, "from", request.args.get("from"))
            end = _day(dates, "to", request.args.get("to"))
        except ValueError as exc:
            return _bad(str(exc))
        if start > end:
            return _bad(f"?from={start} is after ?to={end}: the first day must come first")
        key = (kind, start, end)
        with lock:
            body = answers.get(key)
            if body is not None:
                answers.move_to_end(key)
        if body is None:
            if kind == "arrows":
                made = arrows_answer(scenario(), ids, start, end)
            else:
                made = compare_answer(scenario(), payload, start, end)
            body = json.dumps(made, ensure_ascii=False, separators=(",", ":")).encode()
            with lock:
                answers[key] = body
                while len(answers) > MAX_WINDOWS:
                    answers.popitem(last=False)
        etag = hashlib.sha256(body).hexdigest()[:32]
        if any(tag.split(":")[0] == etag for tag in request.if_none_match.as_set()):
            return Response(status=304, headers={"ETag": f'"{etag}"'})
        return Response(
            body,
            mimetype="application/json",
            headers={"ETag": f'"{etag}"', "Cache-Control": "public, max-age=3600"},
        )

    rules = [route(ARROWS_ROUTE), route(COMPARE_ROUTE)]
    app.server.add_url_rule(rules[0], "frontline_arrows", lambda: answer("arrows"))
    app.server.add_url_rule(rules[1], "frontline_compare", lambda: answer("compare"))
    return rules
