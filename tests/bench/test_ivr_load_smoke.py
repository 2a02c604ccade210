"""The IVR load benchmark keeps working: its tiny mode plays whole calls against both servers (no assertion on time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_ivr_load_benchmark_runs_in_its_tiny_mode():
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "ivr_load.py"), "--smoke"], cwd=ROOT,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    rows = [line.split("|") for line in run.stdout.splitlines() if line.startswith(("| menus", "| booking"))]
    assert {(row[1].strip(), row[2].strip()) for row in rows} == {
        ("menus", "ours"), ("menus", "bare"), ("booking", "ours"), ("booking", "bare")}
    assert all(row[-2].strip() == "0" for row in rows), "no errors in any phase"
    kinds = {line.split("|")[1].strip() for line in run.stdout.splitlines() if line.startswith("| ")}
    assert {"start", "menu", "pin", "confirm", "status", "end"} <= kinds
