"""The engine imports nothing from Django: neither the barter solver nor the clearing engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_engine_imports_no_django_module():
    code = (
        "import sys, matching.engine, matching.engine.cli, matching.engine.synthetic;"
        "from matching.engine import solve;"
        "solve({'max_cycle_length': None, 'objective': 'value', 'participants': [],"
        " 'offers': [], 'wants': []});"
        "from matching.engine import clear, check_clearing;"
        "doc = {'participants': [], 'obligations': []};"
        "assert check_clearing(doc, clear(doc)) == [];"
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')];"
        "assert not bad, bad"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
