"""The PowerPoint deck of a story (python-pptx): a 16:9 slide per step, a title, the sources.

:func:`deck_pptx` (pure but for python-pptx's own work in memory) builds the deck from the
words of :mod:`dashboard.export.deck` and the steps' 1920x1080 PNGs:

- a title slide: the story's title and summary, the scenario, the days it spans;
- one slide per step: its heading (the slide's title placeholder, so the outline and screen
  readers list it), the map picture at full resolution with the day's text alternative as
  its alt text (``descr`` of the picture's ``cNvPr``), the date line and the caption beside
  it; the speaker notes hold the caption, the events (date, title, summary) and every source
  cited (outlet, title, section, address or "offline");
- the sources slide(s): every source the steps cite with its address, then the credits and
  the licence.

:func:`export_pptx` renders the pictures, writes the file atomically and opens it again with
python-pptx to check the slide count before it takes its name.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt

from . import deck as _deck
from .deck import (
    deck_credits,
    slide_count,
    source_line,
    source_pages,
    step_text,
    story_sources,
    title_lines,
)
from .output import ExportError, atomic_output

SLIDE_W, SLIDE_H = Inches(13 + 1 / 3), Inches(7.5)  # 16:9, PowerPoint's widescreen
LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5  # of python-pptx's default template
INK = RGBColor(0x1A, 0x1A, 0x1A)
MUTED = RGBColor(0x55, 0x55, 0x55)
LINK = RGBColor(0x1A, 0x4F, 0x8B)
MARGIN = Inches(0.35)
PICTURE_W = Inches(9.6)  # 1920 px at 200 dpi; 5.4 in high
TOP = Inches(1.15)


def _box(slide: Any, left: int, top: int, width: int, height: int) -> Any:
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    return frame


def _para(frame: Any, text: str, size: float, *, colour=INK, bold=False, first=False) -> Any:
    p = frame.paragraphs[0] if first else frame.add_paragraph()
    run = p.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = colour
    return p


def _link(p: Any, url: str, size: float) -> None:
    run = p.add_run()
    run.text = url
    run.font.size = Pt(size)
    run.font.color.rgb = LINK
    run.hyperlink.address = url


def _title(slide: Any, text: str, size: float = 30) -> None:
    shape = slide.shapes.title
    shape.left, shape.top = MARGIN, Inches(0.25)
    shape.width, shape.height = SLIDE_W - 2 * MARGIN, Inches(0.8)
    shape.text = text
    frame = shape.text_frame
    frame.word_wrap = True
    for p in frame.paragraphs:
        p.alignment = 1  # left
        for run in p.runs:
            run.font.size = Pt(size)
            run.font.bold = True
            run.font.color.rgb = INK


def _footer(slide: Any, text: str) -> None:
    frame = _box(slide, MARGIN, SLIDE_H - Inches(0.55), SLIDE_W - 2 * MARGIN, Inches(0.4))
    _para(frame, text, 10, colour=MUTED, first=True)


def notes_text(text: Mapping[str, Any]) -> str:
    """The speaker notes of a step: its caption, events and sources, as plain lines."""
    lines = [text["title"], text["date"], "", text["caption"], "", "Events:"]
    for e in text["events"]:
        lines.append(f"- {e['date']}: {e['title']}." + (f" {e['summary']}" if e["summary"] else ""))
    lines += ["", "Sources:"]
    for src in text["sources"]:
        section = f", section {src['section']}" if src.get("section") else ""
        where = src["url"] or "offline (no public address)"
        lines.append(f"- {source_line(src)}{section}: {where}")
    return "\n".join(lines)


def set_alt_text(picture: Any, text: str) -> None:
    """The picture's alt text (what PowerPoint shows under Alt Text and reads aloud)."""
    picture._element.nvPicPr.cNvPr.set("descr", text)


def deck_pptx(data: Mapping[str, Any], story: Mapping[str, Any], images: Sequence[bytes]) -> bytes:
    """The deck of ``story`` with the steps' PNG ``images``, as PPTX bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    texts = [step_text(data, s) for s in story["steps"]]
    head = title_lines(data, story)
    footer = f"{story['title']} · Frontline Atlas"

    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    title.left, title.top = Inches(0.8), Inches(1.6)
    title.width, title.height = SLIDE_W - Inches(1.6), Inches(1.9)
    title.text = head["title"]
    subtitle.left, subtitle.top = Inches(0.8), Inches(3.7)
    subtitle.width, subtitle.height = SLIDE_W - Inches(1.6), Inches(3.0)
    frame = subtitle.text_frame
    frame.word_wrap = True
    _para(frame, head["summary"], 20, first=True)
    _para(frame, head["scenario"], 16, colour=MUTED)
    _para(frame, head["span"], 16, colour=MUTED)
    slide.notes_slide.notes_text_frame.text = f"{head['title']}\n\n{head['summary']}"

    side_left = MARGIN + PICTURE_W + Inches(0.25)
    side_w = SLIDE_W - side_left - MARGIN
    for i, (text, image) in enumerate(zip(texts, images, strict=True)):
        slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
        _title(slide, text["title"])
        picture = slide.shapes.add_picture(io.BytesIO(image), MARGIN, TOP, width=PICTURE_W)
        picture.name = f"Map, step {i + 1}"
        set_alt_text(picture, text["alt"])
        side = _box(slide, side_left, TOP, side_w, Inches(5.4))
        _para(side, f"Step {i + 1} of {len(texts)}", 11, colour=MUTED, first=True)
        _para(side, text["date"], 15, bold=True).space_after = Pt(8)
        _para(side, text["caption"], 14).space_after = Pt(8)
        outlets = sorted({s["outlet"] for s in text["sources"]})
        if outlets:
            _para(side, "Sources: " + "; ".join(outlets) + " (see the notes)", 10, colour=MUTED)
        _footer(slide, footer)
        slide.notes_slide.notes_text_frame.text = notes_text(text)

    sources = story_sources(texts)
    pages = source_pages(sources)
    credits, licence = deck_credits(data)
    for j, page in enumerate(pages):
        slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
        more = f" ({j + 1} of {len(pages)})" if len(pages) > 1 else ""
        _title(slide, f"Sources{more}")
        frame = _box(slide, MARGIN, TOP, SLIDE_W - 2 * MARGIN, SLIDE_H - TOP - Inches(0.7))
        first = True
        for src in page:
            p = _para(frame, source_line(src) + ". ", 13, first=first)
            first = False
            if src.get("base"):
                _link(p, src["base"], 13)
            else:
                run = p.add_run()
                run.text = "Offline: no public address."
                run.font.size = Pt(13)
            p.space_after = Pt(6)
        if j == len(pages) - 1:
            _para(frame, "Credits", 14, bold=True, first=first).space_before = Pt(14)
            _para(frame, credits, 11, colour=MUTED)
            _para(frame, f"{licence} Made with Frontline Atlas.", 11, colour=MUTED)
        _footer(slide, footer)
        slide.notes_slide.notes_text_frame.text = "\n".join(
            f"{source_line(s)}: {s.get('base') or 'offline'}" for s in page
        )
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def check_pptx(path: Path, slides: int) -> None:
    """:class:`ExportError` unless ``path`` opens with python-pptx holding ``slides`` slides."""
    try:
        count = len(Presentation(str(path)).slides)
    except Exception as exc:  # any failure to open means a bad file
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:120]
        raise ExportError(f"the PPTX written does not open ({first}; is the disk full?)") from None
    if count != slides:
        raise ExportError(f"the PPTX written holds {count} of {slides} slides")


def export_pptx(
    data: Mapping[str, Any],
    name: str,
    out: Path,
    *,
    palette: str = "conventional",
    on_image: Callable[[int], None] | None = None,
    images: Sequence[bytes] | None = None,
) -> Path:
    """Write the PPTX deck of the story ``name`` to ``out`` (atomically, checked)."""
    story, images = _deck.story_images(data, name, palette, on_image, images)
    deck = deck_pptx(data, story, images)
    n = slide_count(story, len(story_sources([step_text(data, s) for s in story["steps"]])))
    with atomic_output(out) as tmp:
        tmp.write_bytes(deck)
        check_pptx(tmp, n)
    return Path(out)


__all__ = ["check_pptx", "deck_pptx", "export_pptx", "notes_text", "set_alt_text"]
