"""The lookup benchmark keeps working: its tiny mode runs end to end (no assertion on time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_lookup_benchmark_runs_in_its_tiny_mode():
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "lookup.py"), "--smoke"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    [row] = [line for line in run.stdout.splitlines() if line.strip().startswith("300 ")]
    assert "naive 3/3" in row, "the index and the naive scan choose the same agents"
    assert "geo+sql 20/20" in row
