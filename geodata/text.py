"""Repairing mojibake: UTF-8 text that was decoded as cp1252 or latin-1.

Copied web pages often carry ``Maâ€™saraniyah`` for ``Ma’saraniyah``: each byte of a UTF-8
character became a character of its own. :func:`repair_mojibake` undoes that wherever it
occurs and leaves correctly decoded text as it is. The gazetteer, the curation script and
the ingest of source documents all repair text through it. Pure: the standard library only.
"""

from __future__ import annotations

__all__ = ["repair_mojibake"]

# cp1252 gives the bytes 0x80-0x9f printable characters; the others map to themselves.
_CP1252 = {bytes([b]).decode("cp1252", "ignore"): b for b in range(0x80, 0xA0)}
_CP1252.pop("", None)
_PASSES = 3  # text broken twice needs two passes


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 decoded as cp1252 or latin-1 (``â€™`` -> ``’``), run by run.

    Each run of characters that stand for bytes 0x80-0xff is decoded as UTF-8 where it forms
    whole UTF-8 characters and kept where it does not, so one correct ``’`` or ``ž`` next to
    a broken ``â€™`` does not stop the repair; text broken twice is repaired twice.

    >>> repair_mojibake("Maâ€™saraniyah â€“ ðŸ‡·ðŸ‡º")
    'Ma’saraniyah – 🇷🇺'
    """
    for _ in range(_PASSES):
        fixed = _repair_runs(text)
        if fixed == text:
            break
        text = fixed
    return text


def _byte_of(ch: str) -> int | None:
    code = ord(ch)
    if 0x80 <= code <= 0xFF:
        return code
    return _CP1252.get(ch)


def _repair_runs(text: str) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if _byte_of(text[i]) is None:
            out.append(text[i])
            i += 1
            continue
        j = i
        while j < n and _byte_of(text[j]) is not None:
            j += 1
        out.append(_decode_run(text[i:j]))
        i = j
    return "".join(out)


def _decode_run(run: str) -> str:
    raw = bytes(_byte_of(c) or 0 for c in run)
    out: list[str] = []
    i = 0
    while i < len(raw):
        lead = raw[i]
        size = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4
        if 0xC2 <= lead <= 0xF4 and i + size <= len(raw):
            try:
                out.append(raw[i : i + size].decode("utf-8"))
                i += size
                continue
            except UnicodeDecodeError:
                pass
        out.append(run[i])
        i += 1
    return "".join(out)
