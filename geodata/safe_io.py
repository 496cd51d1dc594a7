"""The one way scenario files are read: bounded, typed and reported as ``file:line``.

Every scenario file (``scenario.yaml``, ``sources.yaml``, ``events.yaml``, ``control.csv``,
the GeoJSON layers, ``candidates.json``, the ingest's lexicons) goes through this module, so
that no input can hurt the process that reads it:

- only a regular file is opened (a FIFO, a device such as ``/dev/zero`` or a folder is
  refused before it is read), and no more than its size limit is ever read
  (:data:`SIZE_LIMITS`, by suffix);
- bytes that are not UTF-8 are reported at their ``file:line`` with the fix;
- JSON nested deeper than :data:`MAX_DEPTH` is refused with its line instead of exhausting
  the interpreter's stack;
- YAML is composed by a loader that refuses aliases (``*name``) before anything is expanded
  (so an "alias bomb" costs nothing) and nesting deeper than :data:`MAX_DEPTH`.

Every problem raises :class:`~geodata.errors.DataError`; its message never quotes more than
a few dozen characters of the file.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError

MIB = 1024 * 1024
SIZE_LIMITS = {
    ".geojson": 64 * MIB,
    ".json": 16 * MIB,
    ".csv": 16 * MIB,
    ".yaml": 4 * MIB,
    ".yml": 4 * MIB,
}
"""The largest file read, by suffix (other suffixes: :data:`DEFAULT_LIMIT`). The bundled
scenario's largest file, ``districts.geojson``, is under 1 MB."""
DEFAULT_LIMIT = 16 * MIB
MAX_DEPTH = 64
"""Deepest nesting of lists and mappings accepted in YAML and JSON (a GeoJSON MultiPolygon
needs 7 levels)."""
BRIEF_CHARS = 60

__all__ = [
    "MAX_DEPTH",
    "SIZE_LIMITS",
    "brief",
    "check_file",
    "decode",
    "parse_json",
    "parse_yaml",
    "read_bytes",
    "read_json",
    "read_text",
    "read_yaml",
    "size_limit",
]


def size_limit(path: str | Path) -> int:
    """The size limit of ``path`` (by its suffix), in bytes."""
    return SIZE_LIMITS.get(Path(path).suffix.lower(), DEFAULT_LIMIT)


def brief(value: Any, chars: int = BRIEF_CHARS) -> str:
    """``repr(value)`` cut to about ``chars`` characters, for messages naming a bad value."""
    text = repr(value) if not isinstance(value, list | dict) else _brief_container(value, chars)
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _brief_container(value: list | dict, chars: int) -> str:
    # repr() of a large (or alias-shared) structure would walk all of it: stop early.
    parts: list[str] = []
    size = 0
    items = value.items() if isinstance(value, dict) else value
    for entry in items:
        if isinstance(value, dict):
            key, val = entry
            part = f"{brief(key, chars)}: {brief(val, chars)}"
        else:
            part = brief(entry, chars)
        parts.append(part)
        size += len(part) + 2
        if size > chars:
            break
    inner = ", ".join(parts)
    return "{" + inner + "}" if isinstance(value, dict) else "[" + inner + "]"


def _mb(size: int) -> str:
    return f"{size / MIB:.1f} MB" if size >= MIB else f"{size / 1024:.0f} KB"


def check_file(path: str | Path, *, limit: int | None = None) -> bool:
    """Whether ``path`` exists; :class:`DataError` if it does but is not a regular file or
    is over its size limit (the checks of :func:`read_bytes`, without reading it)."""
    path = Path(path)
    limit = size_limit(path) if limit is None else limit
    try:
        info = path.stat()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise DataError(
            f"cannot be read: {exc.strerror}", where=str(path), hint="check its permissions"
        ) from exc
    _require_regular(path, info, limit)
    return True


def _require_regular(path: Path, info: os.stat_result, limit: int) -> None:
    """Refuse (:class:`DataError`) what is not a regular file or is larger than ``limit``."""
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else _special(info.st_mode)
        raise DataError(
            f"is {what}, not a regular file",
            where=str(path),
            hint="point it at an ordinary file: scenario files are read whole",
        )
    if info.st_size > limit:
        raise _too_large(path, info.st_size, limit)


def read_bytes(path: str | Path, *, limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path``, refused (:class:`DataError`) when it is
    missing, not a regular file (a folder, FIFO or device) or larger than ``limit``
    (default :func:`size_limit`). Never blocks on a FIFO, never reads past the limit."""
    path = Path(path)
    limit = size_limit(path) if limit is None else limit
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as exc:
        raise DataError(
            "file not found", where=str(path), hint="create it, or pass the scenario folder"
        ) from exc
    except IsADirectoryError as exc:
        raise DataError("is a folder, not a file", where=str(path), hint="pass a file") from exc
    except OSError as exc:
        raise DataError(
            f"cannot be read: {exc.strerror}", where=str(path), hint="check its permissions"
        ) from exc
    with os.fdopen(fd, "rb", buffering=0) as handle:
        _require_regular(path, os.fstat(fd), limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            try:
                chunk = handle.read(min(limit + 1 - size, MIB))
            except OSError as exc:
                raise DataError(
                    f"cannot be read: {exc.strerror}", where=str(path), hint="check the file"
                ) from exc
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            raise _too_large(path, size, limit)
    return b"".join(chunks)


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _too_large(path: Path, size: int, limit: int) -> DataError:
    return DataError(
        f"is {_mb(size)}, over the {_mb(limit)} limit for a {path.suffix or 'scenario'} file",
        where=str(path),
        hint="a scenario file this large is not expected: check it is the right file, "
        "or simplify it",
    )


def read_text(path: str | Path, *, limit: int | None = None) -> str:
    """The text of ``path`` (see :func:`read_bytes`), decoded as UTF-8 (a leading byte order
    mark is dropped); bytes that are not UTF-8 raise :class:`DataError` at ``file:line``."""
    path = Path(path)
    return decode(read_bytes(path, limit=limit), path)


def decode(raw: bytes, path: str | Path) -> str:
    """``raw`` (the bytes of ``path``) as UTF-8 text without a byte order mark; bytes that
    are not UTF-8 raise :class:`DataError` at ``file:line``."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataError(
            f"byte 0x{raw[exc.start]:02x} at column {column} is not UTF-8 text",
            where=f"{path}:{line}",
            hint="save the file with the UTF-8 encoding, or retype that character",
        ) from None
    return text.removeprefix("\ufeff")


# -- JSON --------------------------------------------------------------------------------------

_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}\n]')


def read_json(path: str | Path, *, limit: int | None = None, hint: str | None = None) -> Any:
    """The JSON value of ``path`` (see :func:`read_text`); syntax errors and nesting deeper
    than :data:`MAX_DEPTH` raise :class:`DataError` at ``file:line``."""
    return parse_json(read_text(path, limit=limit), path, hint=hint)


def parse_json(text: str, path: str | Path, *, hint: str | None = None) -> Any:
    """The JSON value of ``text`` (the text of ``path``), as :func:`read_json`."""
    deep = _json_too_deep(text)
    if deep is not None:
        raise DataError(
            f"nested more than {MAX_DEPTH} levels deep",
            where=f"{path}:{deep}",
            hint="a scenario file needs only a few levels: check the brackets there",
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"not JSON: {exc.msg}",
            where=f"{path}:{exc.lineno}:{exc.colno}",
            hint=hint or "fix the JSON syntax at that position",
        ) from None


def _json_too_deep(text: str) -> int | None:
    """The line where the nesting of ``text`` first exceeds :data:`MAX_DEPTH`, if it does.
    Strings are skipped; the count is cheap next to parsing."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    line = 1
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif token in "]}":
            depth -= 1
        elif token == "\n":
            line += 1
    return None


# -- YAML --------------------------------------------------------------------------------------


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, composing with no alias and no deeper than :data:`MAX_DEPTH`.

    The check runs while the node graph is composed, before anything is constructed: an
    alias is refused where it is written, so nothing is ever expanded."""

    def __init__(self, text: str, path: Path, offset: int = 0):
        super().__init__(text)
        self._path = path
        self._offset = offset
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise DataError(
                f"YAML alias *{str(event.anchor)[:30]} is not accepted",
                where=f"{self._path}:{event.start_mark.line + 1 + self._offset}",
                hint="write the value out in full: anchors and aliases are refused so that "
                "loading stays small and fast",
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise DataError(
                f"nested more than {MAX_DEPTH} levels deep",
                where=f"{self._path}:{event.start_mark.line + 1 + self._offset}",
                hint="a scenario file needs only a few levels: check the brackets and "
                "indentation there",
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_yaml(path: str | Path, *, limit: int | None = None) -> tuple[Any, yaml.Node | None]:
    """The YAML document of ``path`` and its node (for line numbers), ``(None, None)`` for an
    empty file. Aliases, deep nesting and syntax errors raise :class:`DataError` at
    ``file:line``; see :func:`read_text` for what else is refused."""
    path = Path(path)
    return parse_yaml(read_text(path, limit=limit), path)


def parse_yaml(text: str, path: str | Path, *, first_line: int = 1) -> tuple[Any, Any]:
    """The YAML document of ``text`` and its node, as :func:`read_yaml`; ``text`` is part of
    ``path`` starting at line ``first_line`` (e.g. a document's front matter)."""
    path = Path(path)
    loader = _BoundedLoader(text, path, first_line - 1)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        raise DataError(
            f"not valid YAML: {exc.problem or exc.context}",
            where=f"{path}:{line}",
            hint="check indentation, colons and quotes",
        ) from None
    except yaml.YAMLError as exc:  # e.g. a control character the reader refuses
        line = _yaml_error_line(exc, text) + first_line - 1
        raise DataError(
            f"not valid YAML: {str(exc).splitlines()[0]}",
            where=f"{path}:{line}",
            hint="remove control characters and check the syntax there",
        ) from None
    finally:
        loader.dispose()
    return data, node


def _yaml_error_line(exc: yaml.YAMLError, text: str) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return mark.line + 1
    position = getattr(exc, "position", None)  # a ReaderError: a character index
    return 1 if not isinstance(position, int) else text.count("\n", 0, position) + 1
