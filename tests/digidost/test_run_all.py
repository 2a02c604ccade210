"""`make run`'s command: one process tree with web, worker and sweeper on the embedded defaults; Ctrl-C stops it all."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from core.queues import _embedded_server_running

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except OSError:
        return 0, ""


@pytest.mark.slow
def test_run_all_serves_the_demo_and_ctrl_c_stops_every_process(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["DIGIDOST_INSTANCE"] = str(tmp_path / "instance")
    log = open(tmp_path / "run.log", "w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "run-all", "--port", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and _get(f"{base}/readyz")[0] != 200:
            assert process.poll() is None, open(tmp_path / "run.log").read()
            time.sleep(0.5)
        assert _get(f"{base}/readyz")[0] == 200, open(tmp_path / "run.log").read()
        status, page = _get(f"{base}/fees")
        assert status == 200 and "Domicile" in page
        assert _get(f"{base}/ivr/simulator")[0] == 200, "the demo serves the phone simulator"
        printed = open(tmp_path / "run.log").read()
        for path in ("/agents/", "/board/", "/ivr/simulator", "/fees"):
            assert f"{base}{path}" in printed
        assert "supervisor" in printed.lower()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "Listening at" not in open(tmp_path / "run.log").read():
            time.sleep(0.5)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    time.sleep(1)
    leftovers = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True, text=True).stdout.split()
    assert leftovers == [], f"processes left running: {leftovers}"
    # The embedded Redis daemonises out of the process group: it must have been stopped too.
    assert not _embedded_server_running(str(tmp_path / "instance" / "redis.db"))
    assert _get(f"{base}/healthz")[0] == 0
