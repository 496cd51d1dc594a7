"""Breaking text the way the source documents were broken, for the repair tests."""

from __future__ import annotations


def as_cp1252(text: str) -> str:
    """What a UTF-8 text looks like when read as cp1252 (bytes it lacks become C1 codes)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)
