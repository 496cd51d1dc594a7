"""Decks of a story: its steps as slides, for a talk or a class (the PPTX is in ``pptx.py``).

A story (``stories/NAME.yaml``, read by :mod:`timeline.stories`, carried by the payload as
``payload["stories"]``) is a title, a summary and steps; each step a day of the map, an
optional district in focus and zoom, a heading, a caption and the events (and sources) it
rests on. This module turns one into what both decks show:

- :func:`story_of` finds a story by name (:class:`StoryError`, one line, otherwise);
- :func:`step_still` is the ONE place that decides each step's picture (day, outlined and
  centred district, zoom, palette, compared day) and :func:`still_spec` draws it as a
  1920x1080 slide figure; :func:`render_steps` renders every step's PNG in one run of the
  warm renderer (a few at once);
- :func:`step_text` gives a step's words: heading, date line, caption, the picture's alt
  text (the day's text alternative, :mod:`dashboard.describe`), its events and sources;
  :func:`story_sources` every source the steps cite; :func:`deck_credits` the credits and
  licence;
- :func:`deck_document` / :func:`export_deck` write the self-contained HTML slideshow: the
  pictures inlined as ``data:`` URIs, the script ``assets/js/deck.mjs`` inlined
  (:mod:`dashboard.export.modules`), a Content-Security-Policy that allows nothing from
  outside the file, so it works from disk with no network.

A step with ``compare`` is the compare slide of its window (what changed since the earlier
day marked, see :func:`still_spec`); its date line says which day it is compared with.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ._render import FONT_FAMILY, INK, MUTED, render_many, slide_spec
from .html import script_json
from .modules import inline_script
from .output import ExportError, atomic_output
from .still import MAP_ASPECT, compare_spec, zoomed

STEP_SIZE = (1920, 1080)
ENTRY = ("deck.mjs", "startDeck")
HOW_TO_ADD = (
    "add one as stories/NAME.yaml in the scenario folder (see dashboard/SLIDES.md, "
    "'Write a story') and check it with 'frontline validate'"
)


class StoryError(ValueError):
    """No story of that name (or none at all); the message is the one line to show."""


def story_names(data: Mapping[str, Any]) -> list[str]:
    return sorted((data["payload"].get("stories") or {}).keys())


def story_of(data: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The story ``name`` of the view data (its :func:`timeline.stories.story_record`)."""
    stories = data["payload"].get("stories") or {}
    if not stories:
        raise StoryError(f"the scenario has no stories: {HOW_TO_ADD}")
    if name not in stories:
        raise StoryError(f"unknown story {name[:60]!r}: choose one of {', '.join(sorted(stories))}")
    return stories[name]


def slide_count(story: Mapping[str, Any], sources: int) -> int:
    """Slides of a deck: the title, one a step, and the sources slides (with the credits)."""
    return 1 + len(story["steps"]) + len(source_pages(list(range(sources))))


# --- the picture of a step ------------------------------------------------------------------


@dataclass(frozen=True)
class StillOptions:
    """What a step's picture shows: the ``day`` (index of the payload's dates), the
    ``district`` outlined (and centred on when zoomed), ``zoom`` (``None``: whole map),
    ``palette``, and ``compare_day`` (the earlier day a compare step is measured from)."""

    day: int
    district: str | None = None
    zoom: float | None = None
    palette: str = "conventional"
    compare_day: int | None = None


def step_still(step: Mapping[str, Any], palette: str = "conventional") -> StillOptions:
    """The one function that decides a step's picture from the step (a story record's)."""
    return StillOptions(
        day=step["day"],
        district=step.get("focus"),
        zoom=step.get("zoom"),
        palette=palette,
        compare_day=step.get("compare_day"),
    )


def still_spec(
    data: Mapping[str, Any], opts: StillOptions, *, width: int = 1920, height: int = 1080
) -> dict[str, Any]:
    """The slide figure (dict) of a step's picture: the day's map, the focus outlined and,
    zoomed, centred. A compare step is the compare slide of ``frontline export png --compare``
    (:func:`dashboard.export.still.compare_spec`): the districts changed since
    ``opts.compare_day`` marked, that day's front line dashed, the caption counting them."""
    view = zoomed(data, opts.district, opts.zoom, aspect=MAP_ASPECT * width / height * 9 / 16)
    if opts.compare_day is not None and opts.compare_day != opts.day:
        from dashboard.compare import compare_payload
        from timeline import load_scenario

        payload = data["payload"]
        compare = compare_payload(
            load_scenario(getattr(data, "scenario", None)),
            payload["dates"][opts.compare_day],
            payload["dates"][opts.day],
            payload["ids"],
            arrows=False,
        )
        return compare_spec(
            view,
            opts.day,
            compare,
            width=width,
            height=height,
            palette=opts.palette,
            district=opts.district,
        )
    return slide_spec(
        view, opts.day, width=width, height=height, palette=opts.palette, district=opts.district
    )


def render_steps(
    data: Mapping[str, Any],
    story: Mapping[str, Any],
    *,
    palette: str = "conventional",
    on_image: Callable[[int], None] | None = None,
) -> list[bytes]:
    """Every step's picture as 1920x1080 PNG bytes, in order, rendered by the process's warm
    renderer (a few at once); ``on_image(i)`` is told of each."""
    width, height = STEP_SIZE
    figs = (still_spec(data, step_still(s, palette)) for s in story["steps"])
    images = []
    for i, image in enumerate(render_many(figs, "png", width, height)):
        images.append(image)
        if on_image is not None:
            on_image(i)
    return images


# --- the words of a step --------------------------------------------------------------------


def date_line(payload: Mapping[str, Any], step: Mapping[str, Any]) -> str:
    """'Monday 28 November 2016', with ', compared with Saturday 26 November 2016'."""
    text = payload["long_labels"][step["day"]]
    if step.get("compare_day") is not None:
        text += f", compared with {payload['long_labels'][step['compare_day']]}"
    return text


def alt_text(payload: Mapping[str, Any], step: Mapping[str, Any]) -> str:
    """The picture's alt text: a map of the day, then the day's text alternative."""
    descriptions = payload.get("descriptions") or []
    day = step["day"]
    what = "Map of control by district"
    if step.get("focus") in payload["ids"]:
        name = payload["names"][payload["ids"].index(step["focus"])]
        closer = " (closer in)" if step.get("zoom") and step["zoom"] > 1 else ""
        what += f", centred on {name}{closer}, outlined"
    text = descriptions[day] if day < len(descriptions) else payload["long_labels"][day]
    return f"{what}. {text}"


def _source_entry(ref: Mapping[str, Any]) -> dict[str, Any]:
    url = ref.get("url")
    return {
        "id": ref["id"],
        "outlet": ref.get("outlet") or ref["id"],
        "title": ref.get("title") or "",
        "date": ref.get("date") or "",
        "section": ref.get("section"),
        "url": url,
        "base": url.split("#", 1)[0] if url else None,
    }


def _extra_sources(data: Mapping[str, Any], ids: Sequence[str]) -> list[dict[str, Any]]:
    """Sources a step names by id beyond its events', from the scenario's sources.yaml."""
    if not ids:
        return []
    from timeline import load_scenario
    from timeline.model import citation_link

    sources = load_scenario(getattr(data, "scenario", None)).sources
    out = []
    for ident in ids:
        src = sources.get(ident)
        if src is None:
            continue
        url, _target = citation_link(src, None)
        date = src.date.isoformat() if hasattr(src.date, "isoformat") else str(src.date or "")
        ref = {"id": ident, "outlet": src.outlet, "title": src.title, "date": date, "url": url}
        out.append(_source_entry(ref))
    return out


def step_text(data: Mapping[str, Any], step: Mapping[str, Any]) -> dict[str, Any]:
    """A step's words: ``title``, ``date`` (the date line), ``caption``, ``alt``, ``events``
    (date, title, summary of each) and ``sources`` (one per source and section cited)."""
    payload = data["payload"]
    by_id = {e["id"]: e for e in payload["events"]}
    events = [by_id[i] for i in step["events"] if i in by_id]
    sources: list[dict[str, Any]] = []
    seen: set[tuple[str, Any]] = set()
    for entry in [
        *(_source_entry(r) for e in events for r in e["sources"]),
        *_extra_sources(data, step.get("sources") or ()),
    ]:
        if (entry["id"], entry["section"]) not in seen:
            seen.add((entry["id"], entry["section"]))
            sources.append(entry)
    return {
        "title": step.get("title") or payload["long_labels"][step["day"]],
        "date": date_line(payload, step),
        "caption": step["caption"],
        "alt": alt_text(payload, step),
        "events": [
            {"date": e["date"], "title": e["title"], "summary": e.get("summary") or ""}
            for e in events
        ],
        "sources": sources,
    }


def story_sources(texts: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every source the steps cite, once each (first cited first), with its address."""
    out: dict[str, dict[str, Any]] = {}
    for text in texts:
        for src in text["sources"]:
            out.setdefault(src["id"], src)
    return list(out.values())


def source_line(src: Mapping[str, Any]) -> str:
    """'Wikipedia, Aleppo offensive (…) (2023-10-19)' (the address goes apart)."""
    date = f" ({src['date']})" if src.get("date") else ""
    return f"{src['outlet']}, {src['title']}{date}" if src.get("title") else src["outlet"] + date


SOURCES_PER_PAGE = 9


def source_pages(sources: Sequence[Any]) -> list[list[Any]]:
    """The sources split into slides of at most :data:`SOURCES_PER_PAGE` (at least one)."""
    pages = [
        list(sources[i : i + SOURCES_PER_PAGE]) for i in range(0, len(sources), SOURCES_PER_PAGE)
    ]
    return pages or [[]]


def deck_credits(data: Mapping[str, Any]) -> tuple[str, str]:
    """The data credits and the licence line every deck ends with."""
    from timeline.diff import LICENCE

    credits = " ".join(str(data.get("credits") or "").split())
    return credits, LICENCE + "."


def title_lines(data: Mapping[str, Any], story: Mapping[str, Any]) -> dict[str, str]:
    """The title slide's words: the story's title and summary, the scenario and the span."""
    payload = data["payload"]
    steps = story["steps"]
    first, last = payload["long_labels"][steps[0]["day"]], payload["long_labels"][steps[-1]["day"]]
    count = f"{len(steps)} step{'s' if len(steps) != 1 else ''}"
    return {
        "title": story["title"],
        "summary": story.get("summary") or "",
        "scenario": payload.get("title") or "Frontline Atlas",
        "span": f"{first} to {last} · {count}",
    }


# --- the HTML slideshow ---------------------------------------------------------------------

_STYLE = """
html, body { margin: 0; height: 100%; }
body { font-family: FONT; color: INK; background: #ffffff; display: flex;
  flex-direction: column; }
main { flex: 1 1 auto; min-height: 0; position: relative; }
.slide { position: absolute; inset: 0; padding: 16px 24px; box-sizing: border-box;
  overflow: auto; }
.slide[hidden] { display: none; }
.title-slide, .sources-slide { max-width: 1100px; margin: 0 auto; padding-top: 8vh; }
.title-slide h1 { font-size: 2.6rem; margin: 0 0 16px; }
.title-slide .summary { font-size: 1.35rem; line-height: 1.4; }
.muted, .date { color: MUTED; }
.step { display: grid; grid-template-columns: minmax(0, 3fr) minmax(16rem, 1fr); gap: 20px;
  align-items: start; }
.step figure { margin: 0; }
.step img { width: 100%; height: auto; max-height: calc(100vh - 110px); object-fit: contain;
  display: block; }
.step h2 { margin: 0 0 6px; font-size: 1.6rem; }
.step .date { margin: 0 0 12px; font-weight: 600; }
.step .caption { font-size: 1.15rem; line-height: 1.45; }
.refs { font-size: 0.9rem; color: MUTED; padding-left: 1.1em; }
.refs li { margin-bottom: 4px; }
.refs a { overflow-wrap: anywhere; }
.sources-slide .refs { font-size: 1.05rem; }
.step-no { color: MUTED; margin: 0 0 4px; font-size: 0.9rem; }
nav { display: flex; align-items: center; justify-content: center; gap: 10px;
  padding: 8px; border-top: 1px solid #dddddd; }
nav button { font: inherit; min-width: 5.5em; height: 34px; }
#counter { min-width: 5em; text-align: center; font-variant-numeric: tabular-nums; }
a { color: #1a4f8b; }
a:focus-visible, button:focus-visible { outline: 3px solid #1a4f8b; outline-offset: 2px; }
@media (max-width: 800px) { .step { grid-template-columns: 1fr; } }
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>{title} · Frontline Atlas</title>
<style>{style}</style>
</head>
<body>
<main id="deck" aria-roledescription="slide deck" aria-label="{title}">
{slides}
</main>
<nav id="controls" aria-label="Slides">
<button id="first" type="button" aria-label="First slide">Home</button>
<button id="prev" type="button" aria-label="Previous slide">&#8592; Back</button>
<span id="counter" role="status" aria-live="polite">1 / {count}</span>
<button id="next" type="button" aria-label="Next slide">Next &#8594;</button>
<button id="last" type="button" aria-label="Last slide">End</button>
</nav>
<script type="application/json" id="deck-meta">{meta}</script>
<script>{script}</script>
</body>
</html>
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _ref_items(sources: Sequence[Mapping[str, Any]], *, base: bool = False) -> str:
    items = []
    for src in sources:
        section = f", section {_e(src['section'])}" if src.get("section") and not base else ""
        url = src.get("base") if base else src.get("url")
        where = (
            f' <a href="{_e(url)}" rel="noopener noreferrer">{_e(url)}</a>'
            if url
            else " <span>(offline: no public address)</span>"
        )
        items.append(f"<li>{_e(source_line(src))}{section}.{where}</li>")
    return "\n".join(items)


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def deck_document(
    data: Mapping[str, Any],
    story: Mapping[str, Any],
    images: Sequence[bytes],
) -> str:
    """The HTML slideshow of ``story`` with the steps' PNG ``images`` (pure)."""
    texts = [step_text(data, s) for s in story["steps"]]
    head = title_lines(data, story)
    sources = story_sources(texts)
    pages = source_pages(sources)
    credits, licence = deck_credits(data)
    n = 1 + len(texts) + len(pages)
    slides = [
        f'<section class="slide title-slide" id="slide-1" aria-roledescription="slide" '
        f'aria-label="1 of {n}: {_e(head["title"])}">\n<h1>{_e(head["title"])}</h1>\n'
        f'<p class="summary">{_e(head["summary"])}</p>\n<p>{_e(head["scenario"])}</p>\n'
        f'<p class="muted">{_e(head["span"])}</p>\n<p class="muted">Next slide: &#8594;, '
        "Page Down or the Next button; first and last: Home and End.</p>\n</section>"
    ]
    for i, (text, image) in enumerate(zip(texts, images, strict=True)):
        k = i + 2
        uri = "data:image/png;base64," + base64.b64encode(image).decode("ascii")
        slides.append(
            f'<section class="slide step" id="slide-{k}" aria-roledescription="slide" '
            f'aria-label="{k} of {n}: {_e(text["title"])}" hidden>\n'
            f'<figure><img src="{uri}" width="{STEP_SIZE[0]}" height="{STEP_SIZE[1]}" '
            f'alt="{_e(text["alt"])}"></figure>\n<div class="text">\n'
            f'<p class="step-no">Step {i + 1} of {len(texts)}</p>\n'
            f"<h2>{_e(text['title'])}</h2>\n"
            f'<p class="date">{_e(text["date"])}</p>\n'
            f'<p class="caption">{_e(text["caption"])}</p>\n'
            f'<h3 class="muted">Sources</h3>\n<ul class="refs">\n{_ref_items(text["sources"])}\n'
            "</ul>\n</div>\n</section>"
        )
    for j, page in enumerate(pages):
        k = 2 + len(texts) + j
        more = f" ({j + 1} of {len(pages)})" if len(pages) > 1 else ""
        tail = (
            f'<h3>Credits</h3>\n<p class="muted">{_e(credits)}</p>\n<p class="muted">'
            f"{_e(licence)} Made with Frontline Atlas.</p>\n"
            if j == len(pages) - 1
            else ""
        )
        slides.append(
            f'<section class="slide sources-slide" id="slide-{k}" aria-roledescription="slide" '
            f'aria-label="{k} of {n}: Sources{more}" hidden>\n<h2>Sources{more}</h2>\n'
            f'<ul class="refs">\n{_ref_items(page, base=True)}\n</ul>\n{tail}</section>'
        )
    style = _STYLE.replace("FONT", FONT_FAMILY).replace("MUTED", MUTED).replace("INK", INK).strip()
    script = inline_script(*ENTRY)
    csp = (
        f"default-src 'none'; img-src data:; style-src {_sha(style)}; "
        f"script-src {_sha(script)}; base-uri 'none'; form-action 'none'"
    )
    meta = {"count": n, "story": story["name"], "dates": [t["date"] for t in texts]}
    return _PAGE.format(
        csp=_e(csp),
        title=_e(story["title"]),
        style=style,
        slides="\n".join(slides),
        count=n,
        meta=script_json(meta),
        script=script,
    )


class _Sections(HTMLParser):
    """Counts the slides of a deck page as an HTML parser reads it."""

    def __init__(self) -> None:
        super().__init__()
        self.slides = 0
        self.images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "section" and "slide" in classes:
            self.slides += 1
        if tag == "img":
            self.images += 1


def check_deck_page(path: Path, slides: int, images: int) -> None:
    """:class:`ExportError` unless ``path`` parses as HTML holding ``slides`` slides and
    ``images`` pictures."""
    parser = _Sections()
    try:
        parser.feed(Path(path).read_text(encoding="utf-8"))
        parser.close()
    except (UnicodeDecodeError, ValueError) as exc:
        raise ExportError(f"the deck written does not parse: {exc}") from None
    if (parser.slides, parser.images) != (slides, images):
        raise ExportError(
            f"the deck written holds {parser.slides} slides and {parser.images} pictures, "
            f"not {slides} and {images} (is the disk full?)"
        )


def story_images(
    data: Mapping[str, Any],
    name: str,
    palette: str,
    on_image: Callable[[int], None] | None,
    images: Sequence[bytes] | None,
) -> tuple[Mapping[str, Any], Sequence[bytes]]:
    """The story ``name`` (see :func:`story_of`) and its steps' pictures: ``images`` when
    given, else rendered (:func:`render_steps`). Shared by both decks."""
    story = story_of(data, name)
    if images is None:
        images = render_steps(data, story, palette=palette, on_image=on_image)
    return story, images


def export_deck(
    data: Mapping[str, Any],
    name: str,
    out: Path,
    *,
    palette: str = "conventional",
    on_image: Callable[[int], None] | None = None,
    images: Sequence[bytes] | None = None,
) -> Path:
    """Write the HTML slideshow of the story ``name`` to ``out`` (atomically, checked)."""
    story, images = story_images(data, name, palette, on_image, images)
    page = deck_document(data, story, images)
    texts_sources = story_sources([step_text(data, s) for s in story["steps"]])
    n = slide_count(story, len(texts_sources))
    with atomic_output(out, "html") as tmp:
        tmp.write_bytes(page.encode("utf-8"))
        check_deck_page(tmp, n, len(story["steps"]))
    return Path(out)
