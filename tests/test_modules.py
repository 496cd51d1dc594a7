"""The inliner of the browser modules (``dashboard/export/modules.py``).

Every module under ``assets/js`` must be in a form the inliner accepts, since the standalone
export and ``/embed`` inline them: a new module with another form fails here. The inlined
script must run as the modules do (checked by node on small modules written here).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from dashboard.export.modules import (
    ModuleFormError,
    inline_script,
    module_order,
    modules_root,
    parse_module,
)

ENTRIES = [("embed.mjs", "startEmbed"), ("standalone.mjs", "startStandalone")]


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to check the inlined scripts (node 20 or newer)")
    return node


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_every_browser_module_is_in_a_form_the_inliner_accepts():
    names = sorted(p.relative_to(modules_root()).as_posix() for p in modules_root().rglob("*.mjs"))
    assert {"embed.mjs", "standalone.mjs", "unpack.mjs", "playback.mjs"} <= set(names)
    for name in names:
        order = module_order(name)  # parses it and every module it imports
        assert order[-1].name == name


@pytest.mark.parametrize(("entry", "start"), ENTRIES)
def test_the_pages_scripts_are_valid_and_the_same_every_time(entry, start, tmp_path):
    script = inline_script(entry, start)
    assert script == inline_script(entry, start)
    assert "// playback.mjs" in script and f".{start}();" in script
    assert not [line for line in script.splitlines() if line.startswith(("import ", "export "))]
    assert "<!--" not in script and "</script" not in script.lower()
    path = tmp_path / "page.js"
    path.write_text(script, encoding="utf-8")
    done = subprocess.run([_node(), "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_inlined_script_runs_as_the_modules_do(tmp_path):
    root = _write(
        tmp_path / "js",
        {
            "lib/maths.mjs": "export const TWO = 2;\n"
            "export function double(x) {\n  return x * TWO;\n}\n",
            "words.mjs": 'import { double } from "./lib/maths.mjs";\n\n'
            "/** A class too. */\nexport class Shout {\n"
            "  say(w) {\n    return `${w}!`.repeat(double(1));\n  }\n}\n"
            'const hidden = "not exported";\nexport const SEEN = [hidden.length];\n',
            "main.mjs": "// The entry.\n"
            'import {\n  Shout,\n  SEEN,\n} from "./words.mjs";\n'
            'import { TWO, double } from "./lib/maths.mjs";\n\n'
            "export function start() {\n"
            '  console.log(JSON.stringify([new Shout().say("a"), SEEN, TWO, double(5), '
            'typeof hidden, "</script>"]));\n'
            "}\n",
        },
    )
    script = inline_script("main.mjs", "start", root)
    assert [m.name for m in module_order("main.mjs", root)] == [
        "lib/maths.mjs",
        "words.mjs",
        "main.mjs",
    ]
    assert "<\\/script>" in script  # cannot end the page's script element
    node = _node()
    as_script = subprocess.run([node, "-e", script], capture_output=True, text=True)
    as_modules = subprocess.run(
        [node, "--input-type=module", "-e",
         f'import {{ start }} from "{(root / "main.mjs").as_uri()}"; start();'],
        capture_output=True, text=True,
    )  # fmt: skip
    assert as_script.returncode == 0, as_script.stderr
    assert as_script.stdout == as_modules.stdout
    assert as_script.stdout.strip() == '["a!a!",[12],2,10,"undefined","</script>"]'


BAD = [
    ("export default function f() {}\n", 1, "no default exports"),
    ("const a = 1;\nexport { a };\n", 2, "no default exports"),
    ('import * as m from "./m.mjs";\n', 1, "only `import { a, b }"),
    ('import m from "./m.mjs";\n', 1, "only `import { a, b }"),
    ('import { a as b } from "./m.mjs";\n', 1, "no `as`"),
    ('import { a } from "m.mjs";\n', 1, "only `import { a, b }"),
    ('const a = 1;\nimport { b } from "./m.mjs";\n', 2, "only at the top level"),
    ("\n\nconst m = import('./m.mjs');\n", 3, "dynamic import"),
    ("const here = import.meta.url;\n", 1, "dynamic import"),
    ("export let a = 1;\n", 1, "no default exports"),
    ("if (x) {\n  export const a = 1;\n}\n", 2, "only at the top level"),
    ("const s = '<!-- x';\n", 1, "<!--"),
    ("export function a() {}\nexport const a = 2;\n", 2, "exported twice"),
]


@pytest.mark.parametrize(("text", "line", "why"), BAD, ids=[b[2] + str(b[1]) for b in BAD])
def test_other_forms_fail_naming_the_module_and_the_line(text, line, why):
    with pytest.raises(ModuleFormError, match=r"^bad.mjs, line ") as caught:
        parse_module("bad.mjs", "/* A module. */\n" + text)
    assert f"line {line + 1}:" in str(caught.value) and why in str(caught.value)


def test_missing_modules_names_and_cycles_are_errors(tmp_path):
    root = _write(
        tmp_path,
        {
            "a.mjs": 'import { b } from "./b.mjs";\nexport function a() {}\n',
            "b.mjs": 'import { a } from "./a.mjs";\nexport function b() {}\n',
            "c.mjs": 'import { nope } from "./d.mjs";\nexport function c() {}\n',
            "d.mjs": "export const yes = 1;\n",
            "e.mjs": 'import { x } from "./gone.mjs";\n',
            "f.mjs": 'import { x } from "../outside.mjs";\n',
        },
    )
    with pytest.raises(ModuleFormError, match=r"import cycle: a.mjs -> b.mjs -> a.mjs"):
        module_order("a.mjs", root)
    with pytest.raises(ModuleFormError, match=r"c.mjs: d.mjs does not export nope"):
        module_order("c.mjs", root)
    with pytest.raises(FileNotFoundError, match=r"gone.mjs"):
        module_order("e.mjs", root)
    with pytest.raises(ModuleFormError, match=r"f.mjs, line 1: .* is outside the modules"):
        module_order("f.mjs", root)
    with pytest.raises(ModuleFormError, match=r"d.mjs does not export start"):
        inline_script("d.mjs", "start", root)
