"""The project's import graph: no cycle, and the web server only where it belongs.

Every module of geodata/, timeline/ and dashboard/ (and assets/__init__.py, installed as
``dashboard.assets``) is read with ``ast``; its imports are collected wherever they are
written, at module level or inside a function (an import in a function runs as soon as the
function does), and relative imports are resolved. Imports under ``if TYPE_CHECKING:`` are
left out: they never run.

- The graph of project modules has no cycle.
- ``geodata`` and ``timeline`` (the data packages) reach none of dash, flask or plotly.
- The exports (``dashboard.export``), the view data (``dashboard.viewdata``) and the command
  line's export path (``dashboard.cli.export_cmd``) reach neither dash nor flask through any
  chain of project imports; and ``frontline export html``, run in a fresh interpreter, ends
  without either loaded.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
PACKAGES = ("geodata", "timeline", "dashboard")
# Folders installed under another name (pyproject.toml's package-dir).
RENAMED = {"assets": "dashboard.assets"}
WEB = frozenset({"dash", "flask"})
PLOTTING = frozenset({"plotly"})
# The modules that must work without the web server: every exporter, the view data and the
# command line's export path.
SERVERLESS = ("dashboard.export", "dashboard.viewdata", "dashboard.cli.export_cmd")


def module_files(root: Path, packages: Iterable[str], renamed: Mapping[str, str]) -> dict:
    """Module name -> file, for every ``.py`` file of ``packages`` (folders under ``root``)
    and the ``__init__.py`` of each folder in ``renamed`` (folder -> module name)."""
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    for folder, name in renamed.items():
        init = root / folder / "__init__.py"
        if init.is_file():
            found[name] = init
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement of the tree, at any depth, except under ``if TYPE_CHECKING``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        children = list(ast.iter_child_nodes(node))
        if isinstance(node, ast.If) and _type_checking(node):
            children = list(node.orelse)
        stack.extend(children)


def imported_names(module: str, is_package: bool, tree: ast.AST) -> set[str]:
    """The dotted names ``module`` imports, relative imports resolved: ``import a.b`` gives
    ``a.b``; ``from a import b`` gives ``a.b`` (which may be a module or a name defined in
    ``a``: see :func:`import_graph`)."""
    names: set[str] = set()
    for node in _imports(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            package = module.split(".") if is_package else module.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join([*package, base]) if base else ".".join(package)
        names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def landing(name: str, files: Mapping[str, Path]) -> str | None:
    """The project module an imported name lands on: the longest leading part of it that is
    a module (``dashboard.palettes.PALETTES`` -> ``dashboard.palettes``), or ``None`` when it
    is not the project's."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in files:
            return candidate
    return None


def import_graph(files: Mapping[str, Path]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """``(project, outside)``: for each module, the project modules it imports, and the
    top-level names of the other packages it imports.

    ``from pkg import mod`` is an edge to ``pkg.mod`` only: a package whose ``__init__``
    imports its own submodules does not make each of them depend back on it.
    """
    project: dict[str, set[str]] = {}
    outside: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names = imported_names(module, path.name == "__init__.py", tree)
        targets = {landing(n, files) for n in names}
        project[module] = {t for t in targets if t is not None} - {module}
        outside[module] = {n.split(".")[0] for n in names if landing(n, files) is None}
    return project, outside


def find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """One cycle of the graph as its modules in order (the first repeated at the end), or
    ``None`` when the graph has none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if state.get(start):
            continue
        path = [start]
        iters = [iter(sorted(graph.get(start, ())))]
        state[start] = 1
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(sorted(graph.get(nxt, ()))))
    return None


def chain_to(
    graph: Mapping[str, Iterable[str]],
    outside: Mapping[str, Iterable[str]],
    start: str,
    banned: frozenset[str],
) -> list[str] | None:
    """The shortest chain of project imports from ``start`` to a module importing one of
    ``banned`` (ending with that package's name), or ``None`` when there is none."""
    came_from: dict[str, str | None] = {start: None}
    queue = [start]
    for module in queue:
        hit = sorted(set(outside.get(module, ())) & banned)
        if hit:
            chain = [hit[0], module]
            while came_from[chain[-1]] is not None:
                chain.append(came_from[chain[-1]])
            return chain[::-1]
        for nxt in sorted(graph.get(module, ())):
            if nxt not in came_from:
                came_from[nxt] = module
                queue.append(nxt)
    return None


@pytest.fixture(scope="module")
def graph():
    return import_graph(module_files(ROOT, PACKAGES, RENAMED))


# --- the project ---------------------------------------------------------------------------


def test_every_package_is_read(graph):
    project, _ = graph
    for name in (*PACKAGES, *RENAMED.values(), *SERVERLESS, "dashboard.app"):
        assert name in project
    assert "dashboard.viewdata" in project["dashboard.app"]
    assert "dashboard.export._render" in project["dashboard.export"]


def test_the_module_graph_has_no_cycle(graph):
    project, _ = graph
    cycle = find_cycle(project)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or ())


@pytest.mark.parametrize("package", ["geodata", "timeline"])
def test_the_data_packages_reach_no_web_or_plotting_library(graph, package):
    project, outside = graph
    for module in (m for m in project if m == package or m.startswith(package + ".")):
        chain = chain_to(project, outside, module, WEB | PLOTTING)
        assert chain is None, " -> ".join(chain or ())


@pytest.mark.parametrize("root", SERVERLESS)
def test_exports_view_data_and_the_export_command_reach_neither_dash_nor_flask(graph, root):
    project, outside = graph
    modules = [m for m in project if m == root or m.startswith(root + ".")]
    assert modules
    for module in modules:
        chain = chain_to(project, outside, module, WEB)
        assert chain is None, " -> ".join(chain or ())


def test_the_app_does_reach_dash_and_flask(graph):
    """The check above can see the web server when it is there."""
    project, outside = graph
    assert chain_to(project, outside, "dashboard.app", frozenset({"dash"})) == [
        "dashboard.app",
        "dash",
    ]
    chain = chain_to(project, outside, "dashboard.cli", frozenset({"flask"}))
    assert chain is not None and chain[-2:] == ["dashboard.app", "flask"]


def test_frontline_export_html_runs_without_dash_or_flask(tmp_path):
    out = tmp_path / "battle.html"
    runner = textwrap.dedent(
        f"""
        import json, sys
        from dashboard.cli import main
        try:
            main(["export", "html", "--scenario", {str(MINI)!r}, "--out", {str(out)!r}])
        except SystemExit as exc:
            code = exc.code
        else:
            code = 0
        loaded = sorted(m for m in ("dash", "flask", "dashboard.export") if m in sys.modules)
        print(json.dumps({{"code": code, "loaded": loaded}}))
        """
    )
    env = {**os.environ, "FRONTLINE_CACHE": "0"}  # derive the view data in this run, too
    done = subprocess.run(
        [sys.executable, "-c", runner],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] in (0, None), done.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert result["loaded"] == ["dashboard.export"]  # the check sees what was loaded


# --- the checks themselves, on tiny packages --------------------------------------------------


def _package(root: Path, files: Mapping[str, str]) -> dict[str, set[str]]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    project, _ = import_graph(module_files(root, ["pkg"], {}))
    return project


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path):
    project = _package(
        tmp_path,
        {
            "pkg/__init__.py": "from .a import run\n",
            "pkg/a.py": "from pkg.b import helper\n\ndef run():\n    return helper()\n",
            "pkg/b.py": "def helper():\n    from . import a\n    return a\n",
        },
    )
    assert project["pkg"] == {"pkg.a"}
    assert project["pkg.a"] == {"pkg.b"}
    assert project["pkg.b"] == {"pkg.a"}
    assert find_cycle(project) == ["pkg.a", "pkg.b", "pkg.a"]


def test_relative_imports_resolve_and_type_checking_ones_are_left_out(tmp_path):
    project = _package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/sub/__init__.py": "from .leaf import x\n",
            "pkg/sub/leaf.py": (
                "from typing import TYPE_CHECKING\n"
                "from .. import top\n"
                "from ..top import y\n"
                "if TYPE_CHECKING:\n"
                "    from pkg.sub import x\n"
                "x = 1\n"
            ),
            "pkg/top.py": "import json\ny = 2\n",
        },
    )
    assert project["pkg.sub"] == {"pkg.sub.leaf"}
    assert project["pkg.sub.leaf"] == {"pkg.top"}
    assert find_cycle(project) is None


def test_a_chain_to_a_banned_package_is_reported(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "pkg" / "a.py").write_text("def f():\n    from pkg import b\n", encoding="utf-8")
    (tmp_path / "pkg" / "b.py").write_text("import flask.json\n", encoding="utf-8")
    project, outside = import_graph(module_files(tmp_path, ["pkg"], {}))
    assert chain_to(project, outside, "pkg.a", WEB) == ["pkg.a", "pkg.b", "flask"]
    assert chain_to(project, outside, "pkg", WEB) is None
