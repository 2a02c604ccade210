"""The dispatch benchmark keeps working: its tiny mode runs end to end (no timing is asserted)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_dispatch_benchmark_runs_in_its_tiny_mode(tmp_path):
    figures = tmp_path / "figures.json"
    subprocess.run([sys.executable, "bench/dispatch_load.py", "--smoke", "--json", str(figures)], cwd=ROOT,
                   check=True, timeout=300, capture_output=True)
    result = json.loads(figures.read_text())
    assert result["backlog"]["offered"] == result["backlog"]["requests"] == 10
    assert result["latency"]["offered"] == result["latency"]["requests"] == 5
    assert result["expiry"]["moved_on"] == result["expiry"]["offers"] == 3
