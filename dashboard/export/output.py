"""Writing export files so that a file on disk is always a whole, readable one.

:func:`atomic_output` hands out a temporary file next to the target (``.NAME.part-*``),
checks what was written (:func:`check_file`: a decodable header and, for animations, the
frame count the encoder was given), flushes it to disk and only then renames it onto the
target. Any failure (a full disk, an encoder that gave up, a check that fails, a signal)
removes the temporary file, leaves the target as it was, and surfaces as one
:class:`ExportError` line naming the file and what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


class ExportError(RuntimeError):
    """An export file could not be written whole; the message is the one line to show."""


def _reason(exc: OSError, target: Path) -> str:
    if exc.errno in _FULL:
        return f"cannot write {target}: the disk is full (free some space or choose another --out)"
    what = exc.strerror or str(exc)
    return f"cannot write {target}: {what[:1].lower() + what[1:]}"


def check_file(
    path: Path, fmt: str, *, frames: int | None = None, frame_ms: int | None = None
) -> None:
    """Raise :class:`ExportError` unless ``path`` is a complete ``fmt`` file.

    ``frames`` is the pictures an animation was given: an MP4 must hold that many; a GIF
    must show them for as long, ``frame_ms`` each (Pillow stores a picture equal to the one
    before it as a longer showing of that one, so a GIF may hold fewer).
    """
    path = Path(path)
    problem = _problem(path, fmt, frames, frame_ms)
    if problem:
        raise ExportError(f"the {fmt.upper()} written is not complete: {problem}")


def _problem(path: Path, fmt: str, frames: int | None, frame_ms: int | None) -> str | None:
    size = path.stat().st_size
    if size == 0:
        return "it is empty (is the disk full?)"
    if fmt in ("png", "gif"):
        from PIL import Image

        durations = []
        try:
            with Image.open(path) as im:
                if im.format != fmt.upper():
                    return f"it is not a {fmt.upper()} file"
                for i in range(getattr(im, "n_frames", 1)):
                    im.seek(i)
                    im.load()  # decodes every frame: a cut file fails here
                    durations.append(im.info.get("duration") or 0)
        except Exception as exc:  # any decoding failure means a bad file
            return f"it does not decode ({_first(exc)}; is the disk full?)"
        if frames is not None and frame_ms:
            # A GIF stores centiseconds (125 ms becomes 120): count each stored picture as
            # the whole number of ``frame_ms`` it is nearest to.
            shown = sum(round(d / frame_ms) for d in durations)
            if shown != frames:
                return f"it shows {shown} of {frames} frames (is the disk full?)"
        return None
    if fmt == "svg":
        with path.open("rb") as fh:
            head = fh.read(256).lstrip()
            fh.seek(max(0, size - 64))
            tail = fh.read().rstrip()
        if not (head.startswith(b"<svg") or head.startswith(b"<?xml")):
            return "it does not start as an SVG document"
        if not tail.endswith(b"</svg>"):
            return "it is cut short (is the disk full?)"
        return None
    if fmt == "html":
        with path.open("rb") as fh:
            fh.seek(max(0, size - 64))
            if not fh.read().rstrip().lower().endswith(b"</html>"):
                return "it is cut short (is the disk full?)"
        return None
    if fmt == "mp4":
        import imageio_ffmpeg

        try:
            n, _secs = imageio_ffmpeg.count_frames_and_secs(str(path))
        except (RuntimeError, OSError, ValueError) as exc:
            return f"it does not decode ({_first(exc)}; is the disk full?)"
        if frames is not None and n != frames:
            return f"it holds {n} of {frames} frames (is the disk full?)"
        return None
    raise ValueError(f"no check for {fmt!r} files")


def _first(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:120] if lines else type(exc).__name__


@contextlib.contextmanager
def atomic_output(
    target: Path, fmt: str | None = None, *, frames: int | None = None, frame_ms: int | None = None
) -> Iterator[Path]:
    """A temporary path next to ``target``; checked as a ``fmt`` file holding ``frames``
    pictures of ``frame_ms`` each (:func:`check_file`, when ``fmt`` is given), flushed and
    renamed onto ``target`` when the block ends cleanly.

    On any error (a signal included) the temporary file is removed and ``target`` is left
    as it was; an :class:`OSError` (a full disk...) comes out as one :class:`ExportError`
    line naming ``target``.
    """
    target = Path(target)
    try:
        # The suffix stays last: some writers (ffmpeg) choose the container from it.
        fd, name = tempfile.mkstemp(
            prefix=f".{target.stem}.part-", suffix=target.suffix, dir=target.parent
        )
    except OSError as exc:
        raise ExportError(_reason(exc, target)) from None
    os.close(fd)
    tmp = Path(name)
    try:
        try:
            yield tmp
            if fmt is not None:
                try:
                    check_file(tmp, fmt, frames=frames, frame_ms=frame_ms)
                except ExportError as exc:
                    raise ExportError(f"{target}: {exc}") from None
            with tmp.open("rb+") as fh:
                os.fsync(fh.fileno())
            tmp.chmod(target.stat().st_mode & 0o777 if target.exists() else 0o644)
            tmp.replace(target)
        except OSError as exc:
            raise ExportError(_reason(exc, target)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
