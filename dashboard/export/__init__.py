"""Exports of the map: still slides (PNG, SVG), animations (GIF, MP4), a standalone HTML page.

Every exporter takes the scenario's view data (:func:`dashboard.viewdata.load_view_data`)
and a target path, writes the whole file or nothing, and gives the same bytes for the same
data (SVG, HTML). Images are rendered by one warm headless Chromium per process (kaleido).
"""

from ._render import (
    KIND_PRIORITY,
    RenderError,
    atomic_output,
    caption,
    main_event,
    render,
    render_many,
    slide_figure,
    start_renderer,
)
from .animation import ANIMATION_FORMATS, export_animation, render_frames, video_size
from .frames import check_per_day, frame_names, moments, plot_frames
from .html import export_html, html_document, html_figure
from .output import ExportError, check_file
from .renderer import close_renderer, renderer_starts
from .still import STILL_FORMATS, export_all_stills, export_still, still_bytes

FORMATS: tuple[str, ...] = (*STILL_FORMATS, *ANIMATION_FORMATS, "html")

__all__ = [
    "ANIMATION_FORMATS",
    "FORMATS",
    "KIND_PRIORITY",
    "STILL_FORMATS",
    "ExportError",
    "RenderError",
    "atomic_output",
    "caption",
    "check_file",
    "check_per_day",
    "close_renderer",
    "export_all_stills",
    "export_animation",
    "export_html",
    "export_still",
    "frame_names",
    "html_document",
    "html_figure",
    "main_event",
    "moments",
    "plot_frames",
    "render",
    "render_frames",
    "render_many",
    "renderer_starts",
    "slide_figure",
    "start_renderer",
    "still_bytes",
    "video_size",
]
