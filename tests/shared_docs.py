"""Where the shared source documents and reference geodata are.

They sit beside the repository (``../shared``), as on the team's machines and in CI; set
``FRONTLINE_SHARED`` to point elsewhere. Tests that need them skip on a machine that lacks
them, except in CI (``CI=true``), where a missing folder fails the test: nothing is skipped
there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRONTLINE_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
REFERENCE = SHARED / "geodata-reference"


def require(folder: Path) -> Path:
    """``folder`` if it exists; otherwise skip the test (fail it in CI)."""
    if folder.is_dir():
        return folder
    message = f"{folder} is not here (set FRONTLINE_SHARED to the shared folder)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)
