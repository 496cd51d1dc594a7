"""Animations: one slide per day, as a looping GIF (Pillow) or an H.264 MP4 (ffmpeg).

Frames come from the warm renderer as PNG bytes (the date and caption are part of each
slide). With ``per_day`` N > 1 each day is followed by N - 1 interpolated moments (see
:func:`dashboard.export.moments`), so the front moves smoothly, as in the dashboard's
playback; ``(days - 1) * N + 1`` frames in all. The MP4 uses the ffmpeg binary shipped
with the ``imageio-ffmpeg`` wheel, with ``libx264`` and ``yuv420p`` so every player opens it;
that encoder needs a width and height that are multiples of 16 (:func:`video_size`).
"""

from __future__ import annotations

import contextlib
import errno
import io
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PIL import Image

from ._render import render_many, slide_spec
from .frames import moments
from .output import ExportError, atomic_output

ANIMATION_FORMATS = ("gif", "mp4")
MACRO_BLOCK = 16
DAYS_PER_SECOND = 2.0  # the default pace: 2 days a second, whatever the moments per day
GIF_FRAME_COLOURS = 24  # the main colours of each frame, kept exactly in the GIF palette
GIF_EXACT_COLOURS = 160  # at most this many of them; the rest of the palette is a median cut
GIF_PALETTE_SAMPLE = 6  # of about this many frames
MP4_CRF = 25  # H.264 quality (lower is better and larger); imageio's default quality 5
LAST_FRAME_MS = 2000  # a GIF holds its last day this long


def video_size(width: int, height: int) -> tuple[int, int]:
    """``width`` and ``height`` rounded down to multiples of 16 (ValueError if that gives 0)."""
    w, h = width - width % MACRO_BLOCK, height - height % MACRO_BLOCK
    if w <= 0 or h <= 0:
        raise ValueError(f"{width}x{height} is too small for a video: use at least 16x16")
    return w, h


def render_frames(
    data: Mapping[str, Any],
    days: Sequence[int],
    *,
    width: int,
    height: int,
    palette: str = "conventional",
    district: str | None = None,
    per_day: int = 1,
    on_frame: Callable[[int], None] | None = None,
) -> list[Image.Image]:
    """The slides of ``days`` as RGB images; ``on_frame(day)`` is called after each one.

    With ``per_day`` > 1, ``days`` must be consecutive and each but the last is followed by
    its interpolated moments (``on_frame`` is then called once per picture, with its day).
    """
    days = list(days)
    if per_day == 1:
        pictures: list[tuple[int, int | None]] = [(day, None) for day in days]
    else:
        if not days or days != list(range(days[0], days[-1] + 1)):
            raise ValueError("interpolated moments need consecutive days")
        pictures = moments(data["payload"], per_day, days[0], days[-1])
    figs = (
        slide_spec(
            data,
            day,
            width=width,
            height=height,
            palette=palette,
            district=district,
            frame=frame,
        )
        for day, frame in pictures
    )
    frames = []
    for (day, _frame), png in zip(pictures, render_many(figs, "png", width, height)):
        with Image.open(io.BytesIO(png)) as im:
            frames.append(im.convert("RGB"))
        if on_frame is not None:
            on_frame(day)
    return frames


def gif_palette(frames: Sequence[Image.Image]) -> list[tuple[int, int, int]]:
    """One palette (at most 256 colours) for every frame of a GIF.

    The slides are mostly flat colours (the page, the fills, the text), so the main colours
    of every frame (its most frequent ones, counted on a quarter-size copy) are kept exactly,
    the most frequent first; the rest of the palette is a median cut of a sample of frames,
    for the anti-aliased edges.
    """
    main: dict[tuple[int, int, int], int] = {}
    for frame in frames:
        small = frame.convert("RGB").reduce(4)
        counts = sorted(small.getcolors(small.width * small.height), reverse=True)
        for count, colour in counts[:GIF_FRAME_COLOURS]:
            main[colour] = max(main.get(colour, 0), count)
    chosen = sorted(main, key=lambda colour: (-main[colour], colour))[:GIF_EXACT_COLOURS]
    step = max(1, len(frames) // GIF_PALETTE_SAMPLE)
    sample = list(frames[::step])
    w, h = sample[0].size
    sheet = Image.new("RGB", (w, h * len(sample)))
    for i, frame in enumerate(sample):
        sheet.paste(frame.convert("RGB"), (0, h * i))
    cut = sheet.quantize(256 - len(chosen), method=Image.Quantize.MEDIANCUT)
    flat = cut.getpalette() or []
    known = set(chosen)
    for i in range(0, min(len(flat), 3 * (256 - len(chosen))), 3):
        colour = (flat[i], flat[i + 1], flat[i + 2])
        if colour not in known:
            chosen.append(colour)
            known.add(colour)
    return chosen


class _PaletteMap:
    """RGB frames to palette indices, each colour to its nearest palette colour (exactly:
    Pillow's own palette conversion looks colours up at reduced precision, which turns the
    white page light grey). Colours are looked up in a table filled as they are met."""

    def __init__(self, palette: Sequence[tuple[int, int, int]]) -> None:
        import numpy as np

        self._np = np
        self.palette = palette
        self._colours = np.asarray(palette, dtype=np.int32)
        self._index = np.zeros(1 << 24, dtype=np.uint8)
        self._known = np.zeros(1 << 24, dtype=bool)

    def __call__(self, frame: Image.Image) -> Image.Image:
        np = self._np
        rgb = np.asarray(frame.convert("RGB"), dtype=np.uint32)
        codes = (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
        new = np.unique(codes[~self._known[codes]])
        if new.size:
            parts = np.stack([new >> 16, (new >> 8) & 255, new & 255], axis=1).astype(np.int32)
            for start in range(0, len(parts), 4096):  # bounded memory: 4096 x 256 distances
                chunk = parts[start : start + 4096]
                dist = ((chunk[:, None, :] - self._colours[None, :, :]) ** 2).sum(axis=2)
                self._index[new[start : start + 4096]] = dist.argmin(axis=1)
            self._known[new] = True
        out = Image.fromarray(self._index[codes], mode="P")
        out.putpalette([c for colour in self.palette for c in colour])
        return out


def write_gif(frames: Sequence[Image.Image], out: Path, *, fps: float) -> Path:
    """A looping GIF of ``frames`` at ``fps`` frames per second, written atomically and
    checked (every frame decodes) before it takes the name ``out``.

    Every frame uses one shared palette (:func:`gif_palette`): the colours do not flicker
    from frame to frame, and what stays the same between frames is stored once.
    """
    if not frames:
        raise ValueError("no frames to write")
    duration = max(20, round(1000 / fps))
    # The last day stays on screen for at least LAST_FRAME_MS before the loop starts over.
    durations = [duration] * (len(frames) - 1) + [max(duration, LAST_FRAME_MS)]
    to_palette = _PaletteMap(gif_palette(frames))
    pictures = [to_palette(frame) for frame in frames]
    # The check counts what the GIF shows in units of one frame: the held last day counts
    # as the frames it lasts.
    shown = len(pictures) - 1 + round(max(duration, LAST_FRAME_MS) / duration)
    with atomic_output(out, "gif", frames=shown, frame_ms=duration) as tmp:
        pictures[0].save(
            tmp,
            format="GIF",
            save_all=True,
            append_images=pictures[1:],
            duration=durations if len(frames) > 1 else max(duration, LAST_FRAME_MS),
            loop=0,
            optimize=True,
        )
    return Path(out)


def write_mp4(frames: Sequence[Image.Image], out: Path, *, fps: float) -> Path:
    """An H.264 MP4 (yuv420p) of ``frames`` at ``fps``, written atomically and checked
    (ffmpeg ended well and decodes as many frames as it was given) before it takes the name
    ``out``.

    Every frame must have the same size, a multiple of 16 in both directions. ffmpeg (the
    binary of the ``imageio-ffmpeg`` wheel) is driven directly: imageio ignores its exit
    status, which let a video cut short by a full disk pass as written. Its messages are
    kept, not printed; the last one becomes the error. It runs in its own process group, so
    a Ctrl-C in the terminal reaches only this process, which stops it.
    """
    import subprocess
    import tempfile
    from fractions import Fraction

    import imageio_ffmpeg

    if not frames:
        raise ValueError("no frames to write")
    w, h = frames[0].size
    if (w, h) != video_size(w, h):
        raise ValueError(f"{w}x{h} is not a multiple of 16 in both directions")
    rate = str(Fraction(fps).limit_denominator())
    with atomic_output(out, "mp4", frames=len(frames)) as tmp:
        cmd = [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-y", "-loglevel", "error", "-nostdin",
            "-f", "rawvideo", "-vcodec", "rawvideo", "-s", f"{w}x{h}",
            "-pix_fmt", "rgb24", "-r", rate, "-i", "pipe:0", "-an",
            "-vcodec", "libx264", "-pix_fmt", "yuv420p", "-crf", str(MP4_CRF),
            "-f", "mp4", str(tmp),
        ]  # fmt: skip
        with tempfile.TemporaryFile() as log:
            proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log,
                start_new_session=True,
            )  # fmt: skip
            try:
                assert proc.stdin is not None
                with contextlib.suppress(BrokenPipeError):  # ffmpeg gave up: its log says why
                    for frame in frames:
                        proc.stdin.write(frame.convert("RGB").tobytes())
                    proc.stdin.close()
                code = proc.wait()
            except BaseException:
                proc.kill()
                proc.wait()
                raise
            log.seek(0)
            said = log.read().decode("utf-8", "replace").strip().splitlines()
        if code != 0:
            last = said[-1] if said else f"exit status {code}"
            if "No space left" in last or "File too large" in last:
                raise OSError(errno.ENOSPC, last)
            raise ExportError(f"{out}: ffmpeg could not write the video: {last[:200]}")
    return Path(out)


def export_animation(
    data: Mapping[str, Any],
    fmt: str,
    out: Path,
    *,
    days: Sequence[int] | None = None,
    width: int = 1280,
    height: int = 720,
    fps: float | None = None,
    palette: str = "conventional",
    district: str | None = None,
    per_day: int = 1,
    on_frame: Callable[[int], None] | None = None,
) -> Path:
    """Render ``days`` (default: all) and write them as a GIF or an MP4 to ``out``.

    ``fps`` is pictures per second (default: :data:`DAYS_PER_SECOND` days a second, that is
    ``2 * per_day`` pictures); ``per_day`` moments a day as in :func:`render_frames`.
    """
    if fmt not in ANIMATION_FORMATS:
        raise ValueError(f"unknown animation format {fmt!r}: choose gif or mp4")
    fps = DAYS_PER_SECOND * per_day if fps is None else fps
    if fps <= 0:
        raise ValueError("fps must be positive")
    if fmt == "mp4" and (width, height) != video_size(width, height):
        raise ValueError(f"{width}x{height}: an MP4 needs multiples of 16 (see video_size)")
    chosen = list(range(len(data["payload"]["dates"]))) if days is None else list(days)
    frames = render_frames(
        data,
        chosen,
        width=width,
        height=height,
        palette=palette,
        district=district,
        per_day=per_day,
        on_frame=on_frame,
    )
    writer = write_gif if fmt == "gif" else write_mp4
    return writer(frames, out, fps=fps)
