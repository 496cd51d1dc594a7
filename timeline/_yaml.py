"""YAML reading that remembers line numbers, and typed field access with problem reporting.

Each item of a top-level YAML list becomes an :class:`Item`: its parsed mapping plus the
line of the item and of each of its keys (from the YAML node marks, 1-based), so that a
problem can be reported as ``file:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from geodata.errors import DataError
from geodata.safe_io import brief, read_yaml

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def as_date(value: Any) -> date | None:
    """A ``date`` from a YAML date or a ``YYYY-MM-DD`` string; ``None`` if it is neither."""
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


_TYPE_NAMES = {list: "a list", dict: "a mapping", bool: "true/false", int: "a number"}


def _not(value: Any) -> str:
    """ ", not a list" (and so on) for a value of the wrong type; empty for text and null."""
    if value is None or isinstance(value, str):
        return ""
    name = _TYPE_NAMES.get(type(value))
    if name is None:
        name = "a date" if isinstance(value, date) else f"a {type(value).__name__}"
    return f", not {name}"


@dataclass(frozen=True)
class Item:
    """One YAML mapping with the file it came from and the lines of its parts."""

    path: Path
    data: dict
    line: int
    node: yaml.Node | None

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def line_of(self, key: str, index: int | None = None) -> int:
        """The line of ``key``'s value (or of its ``index``-th element); the item's otherwise."""
        if not isinstance(self.node, yaml.MappingNode):
            return self.line
        for key_node, value_node in self.node.value:
            value = getattr(key_node, "value", None)
            if value == key or (not isinstance(key, str) and value == str(key)):
                if (
                    index is not None
                    and isinstance(value_node, yaml.SequenceNode)
                    and 0 <= index < len(value_node.value)
                ):
                    return value_node.value[index].start_mark.line + 1
                return value_node.start_mark.line + 1
        return self.line

    def where(self, key: str | None = None, index: int | None = None) -> str:
        line = self.line if key is None else self.line_of(key, index)
        return f"{self.path}:{line}"

    def problem(
        self,
        key: str | None,
        message: str,
        problems: list[DataError],
        hint: str | None = None,
        index: int | None = None,
    ) -> None:
        problems.append(DataError(message, where=self.where(key, index), hint=hint))

    def _label(self) -> str:
        ident = self.data.get("id")
        return f"item {ident!r}" if isinstance(ident, str) else "item"

    def check_keys(self, required: set[str], optional: set[str], problems: list[DataError]) -> bool:
        """Report missing and unknown keys; ``True`` if there are none."""
        missing = sorted(required - self.data.keys())
        unknown = sorted(self.data.keys() - required - optional, key=str)
        if missing:
            self.problem(
                None,
                f"{self._label()} lacks {', '.join(missing)}",
                problems,
                hint="add the missing keys",
            )
        if unknown:
            self.problem(
                unknown[0],
                f"{self._label()} has unknown keys {brief(unknown, 100)}",
                problems,
                hint=f"allowed: {', '.join(sorted(required | optional))}",
            )
        return not missing and not unknown

    def text(
        self,
        key: str,
        problems: list[DataError],
        *,
        required: bool = True,
        hint: str | None = None,
    ) -> str | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(
                key,
                f"{self._label()}: {key} must be non-empty text{_not(value)}",
                problems,
                hint=hint,
            )
            return None
        return value.strip()

    def slug(self, key: str, problems: list[DataError]) -> str | None:
        value = self.text(key, problems)
        if value is not None and not _SLUG.fullmatch(value):
            self.problem(
                key,
                f"{key} {brief(value)} is not a slug",
                problems,
                hint="lower-case letters, digits and single hyphens",
            )
            return None
        return value

    def day(self, key: str, problems: list[DataError], *, required: bool = True) -> date | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        day = as_date(value)
        if day is None:
            self.problem(
                key,
                f"{self._label()}: {key} {brief(value)} is not a valid YYYY-MM-DD day",
                problems,
            )
        return day

    def choice(
        self,
        key: str,
        allowed: set[str] | frozenset[str],
        problems: list[DataError],
        *,
        required: bool = True,
    ) -> str | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or value not in allowed:
            self.problem(
                key,
                f"{self._label()}: {key} {brief(value)} is not allowed",
                problems,
                hint=f"use one of {', '.join(sorted(allowed))}",
            )
            return None
        return value

    def str_list(
        self, key: str, problems: list[DataError], *, required: bool = True
    ) -> list[str] | None:
        value = self.data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, f"{self._label()}: {key} must be a list of ids (may be [])", problems)
            return None
        return value


def _compose(path: Path) -> tuple[Any, yaml.Node | None]:
    """The document and its node, read by the one safe reader (:mod:`geodata.safe_io`):
    bounded in size and depth, aliases refused, every problem a :class:`DataError`."""
    return read_yaml(path)


def read_yaml_list(path: str | Path) -> tuple[list[Item], list[DataError]]:
    """The items of a YAML file holding a list of mappings, and the problems found."""
    path = Path(path)
    problems: list[DataError] = []
    try:
        data, node = _compose(path)
    except DataError as exc:
        return [], [exc]
    if data is None:
        return [], []
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        return [], [
            DataError(
                "expected a YAML list of mappings",
                where=f"{path}:1",
                hint="start each item with '- id: ...'",
            )
        ]
    items = []
    for raw, child in zip(data, node.value, strict=True):
        line = child.start_mark.line + 1
        if not isinstance(raw, dict):
            problems.append(
                DataError(
                    f"list item {brief(raw)} is not a mapping",
                    where=f"{path}:{line}",
                    hint="write each item as key: value lines under its '- '",
                )
            )
            continue
        items.append(Item(path, raw, line, child))
    return items, problems


def read_yaml_mapping(path: str | Path) -> Item:
    """A YAML file holding one mapping, as an :class:`Item`; :class:`DataError` otherwise."""
    path = Path(path)
    data, node = _compose(path)
    if not isinstance(data, dict):
        raise DataError("expected a YAML mapping", where=f"{path}:1")
    return Item(path, data, 1, node)
