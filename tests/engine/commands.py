"""Running the engine's command line and loading its JSON Schemas, for the tests."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_engine(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python -m matching.engine ARGS`` from the repository root, its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "matching.engine", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def engine_schema(name: str) -> dict:
    """One of the JSON Schemas of ``matching/engine/schema/``."""
    text = resources.files("matching.engine").joinpath("schema", name).read_text("utf-8")
    return json.loads(text)
