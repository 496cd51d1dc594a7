"""The browser's ES modules (``assets/js/*.mjs``) as one classic inline script (pure).

A page opened from disk cannot import modules, and the ``/embed`` page is one document, so
:func:`inline_script` takes an entry module, follows its relative imports and writes every
module it needs, dependencies first, as a function whose scope holds the module's code and
which returns its exports; imports are bound from those objects. The script ends by calling
one function the entry exports (the modules themselves do nothing when loaded). Same
modules in, same bytes out.

Only the forms the project's modules use are accepted, and anything else fails with
:class:`ModuleFormError`, naming the module and the line:

- ``import { a, b } from "./x.mjs";`` at the top of the module (before any other code; the
  braces may span lines), with a relative path to another ``.mjs`` file under the root;
- ``export function name(...)``, ``export const NAME = ...`` and ``export class Name``
  declarations at the start of a line.

No default exports, no ``export { ... }`` lists, no ``import * as``, no renaming with
``as``, no dynamic ``import(...)`` and no ``import.meta``. A module's text must not hold
``<!--`` (it would change how the HTML parser reads the script); ``</script`` is written
``<\\/script``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path, PurePosixPath

IMPORT = re.compile(
    r'import\s*\{(?P<names>[^{}]*)\}\s*from\s*"(?P<path>\.{1,2}/[^"]+\.mjs)"\s*;', re.S
)
EXPORT = re.compile(r"^export\s+(?:(?:function|class)\s+(?P<decl>[A-Za-z_$][\w$]*)\b"
                    r"|const\s+(?P<const>[A-Za-z_$][\w$]*)\s*=)")  # fmt: skip
IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")
DYNAMIC = re.compile(r"\bimport\s*(?:\(|\.\s*meta\b)")
KEYWORD_AT_START = re.compile(r"^\s*(import|export)\b")


class ModuleFormError(ValueError):
    """A module uses a form the inliner does not accept (the message names module and line)."""


@dataclass(frozen=True)
class Module:
    """One parsed module: its name (path under the root), imports, exports and code."""

    name: str
    imports: tuple[tuple[str, tuple[str, ...]], ...]  # (module name, names), in order
    exports: tuple[str, ...]
    body: str  # the code with its imports removed and ``export`` dropped


def modules_root() -> Path:
    """The folder of the browser modules (``assets/js`` inside ``dashboard.assets``)."""
    return Path(str(files("dashboard.assets"))) / "js"


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _comment_line(stripped: str) -> bool:
    return stripped.startswith(("//", "/*", "*"))


def _skip_space_and_comments(text: str, i: int) -> int:
    """The index of the first character at or after ``i`` that is not space or a comment."""
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end + 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = len(text) if end < 0 else end + 2
        else:
            return i


def parse_module(name: str, text: str) -> Module:
    """Parse the module ``name`` (a path under the root, e.g. ``"embed.mjs"``) from ``text``.

    Raises :class:`ModuleFormError` on any form the inliner does not accept.
    """

    def fail(line: int, why: str) -> ModuleFormError:
        return ModuleFormError(f"{name}, line {line}: {why}")

    imports: list[tuple[str, tuple[str, ...]]] = []
    pieces: list[str] = []
    i = 0
    # The header: comments and imports, up to the first other code.
    while True:
        start = _skip_space_and_comments(text, i)
        if not re.match(r"import\b", text[start : start + 7]):
            break
        found = IMPORT.match(text, start)
        if not found:
            raise fail(_line_of(text, start), 'only `import { a, b } from "./x.mjs";` is accepted')
        names = tuple(n.strip() for n in found["names"].split(",") if n.strip())
        bad = [n for n in names if not IDENTIFIER.match(n)]
        if bad or not names:
            raise fail(_line_of(text, start), f"cannot import {bad or 'nothing'} (no `as`)")
        target = PurePosixPath(name).parent / found["path"]
        imports.append((_normal(target, name, _line_of(text, start)), names))
        pieces.append(text[i:start])
        # Keep the line count, so lines in the script match the module's.
        pieces.append("\n" * found.group(0).count("\n"))
        i = found.end()
    rest = text[i:]
    offset = _line_of(text, i) - 1

    exports: list[str] = []
    lines = rest.split("\n")
    for k, line in enumerate(lines):
        number = offset + k + 1
        stripped = line.strip()
        if "<!--" in line:
            raise fail(number, "`<!--` cannot be inlined in a script element")
        if _comment_line(stripped):
            continue
        if DYNAMIC.search(line):
            raise fail(number, "dynamic import() and import.meta are not accepted")
        keyword = KEYWORD_AT_START.match(line)
        if not keyword:
            continue
        if keyword[1] == "import" or line[0].isspace():
            raise fail(number, f"`{keyword[1]}` is accepted only at the top level, as documented")
        found = EXPORT.match(line)
        if not found:
            raise fail(
                number,
                "only `export function f`, `export const NAME =` and `export class C` are "
                "accepted (no default exports, no `export { ... }`)",
            )
        exported = found["decl"] or found["const"]
        if exported in exports:
            raise fail(number, f"`{exported}` is exported twice")
        exports.append(exported)
        lines[k] = line[len("export") :].lstrip()
    body = "".join(pieces) + "\n".join(lines)
    body = re.sub(r"</(script)", r"<\\/\1", body, flags=re.I)
    return Module(name, tuple(imports), tuple(exports), body)


def _normal(target: PurePosixPath, importer: str, line: int) -> str:
    parts: list[str] = []
    for part in target.parts:
        if part == "..":
            if not parts:
                raise ModuleFormError(f"{importer}, line {line}: {target} is outside the modules")
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


@lru_cache(maxsize=64)
def _read(root: str, name: str, mtime_ns: int) -> Module:
    """A module parsed (cached by its path and modification time; read-only)."""
    return parse_module(name, (Path(root) / name).read_text(encoding="utf-8"))


def load(root: Path, name: str) -> Module:
    path = root / name
    if not path.is_file():
        raise FileNotFoundError(f"no module {name} under {root}")
    return _read(str(root), name, path.stat().st_mtime_ns)


def module_order(entry: str, root: Path | None = None) -> list[Module]:
    """``entry`` and every module it imports, dependencies first (a cycle is an error)."""
    root = modules_root() if root is None else root
    order: list[Module] = []
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in done:
            return
        if name in path:
            raise ModuleFormError(f"import cycle: {' -> '.join((*path, name))}")
        module = load(root, name)
        for dep, names in module.imports:
            visit(dep, (*path, name))
            missing = [n for n in names if n not in load(root, dep).exports]
            if missing:
                raise ModuleFormError(f"{name}: {dep} does not export {', '.join(missing)}")
        done.add(name)
        order.append(module)

    visit(entry, ())
    return order


def inline_script(entry: str, start: str, root: Path | None = None) -> str:
    """One classic script: the module ``entry`` (a path under ``root``, by default
    :func:`modules_root`) and its imports, then a call of the function ``start`` it exports.
    """
    modules = module_order(entry, root)
    if start not in modules[-1].exports:
        raise ModuleFormError(f"{entry} does not export {start}")
    out = ["(function () {", '"use strict";', "var modules = {};"]
    for module in modules:
        bindings = "".join(
            f"const {{ {', '.join(names)} }} = modules[{_js_string(dep)}];\n"
            for dep, names in module.imports
        )
        exported = ", ".join(f"{n}: {n}" for n in module.exports)
        out.append(
            f"// {module.name}\n"
            f"modules[{_js_string(module.name)}] = (function () {{\n"
            f'"use strict";\n{bindings}{module.body.strip()}\n'
            f"return Object.freeze({{ {exported} }});\n"
            "})();"
        )
    out.append(f"modules[{_js_string(entry)}].{start}();")
    out.append("})();")
    return "\n".join(out) + "\n"


def _js_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
