"""Time every step of full IVR calls against the app served by gunicorn, signed exactly like Twilio.

    .venv/bin/python bench/ivr_call.py [--calls 30] [--workers 2]

Sets up a temporary SQLite database and instance folder (schema from the migrations, the demo seed), starts
gunicorn on a free port, walks complete calls (new request, status, hang-up) over HTTP and prints the
median, 90th percentile and slowest step time.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKEN = "bench-auth-token"
LOG = open(os.environ.get("BENCH_LOG", os.devnull), "w")  # the server's log, when asked for
CALLER = "+919906012345"
SRINAGAR_PIN = "190001"


def prepare(workdir: Path) -> dict[str, str]:
    """The environment of the served app, with its tables created and the demo seeded."""
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}", DIGIDOST_INSTANCE=str(workdir),
               TWILIO_AUTH_TOKEN=TOKEN, PUBLIC_BASE_URL="")
    env.pop("REDIS_URL", None)  # the embedded Redis of the instance folder
    subprocess.run([str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "db", "upgrade"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "seed-demo"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before answering")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1):
                return
        except OSError:  # not listening yet, or still importing
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer in time")


class Caller:
    """One call over HTTP; every POST signed with Twilio's RequestValidator."""

    def __init__(self, base: str, call_sid: str, timings: list[tuple[float, str]]):
        from twilio.request_validator import RequestValidator

        self.base, self.call_sid, self.timings = base, call_sid, timings
        self.validator = RequestValidator(TOKEN)
        self.twiml: ET.Element | None = None

    def post(self, path: str, **params: str) -> ET.Element:
        params = {"CallSid": self.call_sid, "From": CALLER, "To": "+911447", **params}
        url = self.base + path
        request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), method="POST",
                                         headers={"X-Twilio-Signature": self.validator.compute_signature(url, params)})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        self.timings.append((time.perf_counter() - started, f"{path} {params.get('Digits', '')}".strip()))
        self.twiml = ET.fromstring(body)
        return self.twiml

    def press(self, digits: str) -> ET.Element:
        return self.post(self.twiml.find("./Gather").get("action"), Digits=digits)

    def heard(self) -> str:
        return " ".join((v.text or "") for v in self.twiml.iter() if v.tag in ("Say", "Play"))


def option_for(heard: str, label: str) -> str:
    """The key the menu just offered for a label ("For Certificates, press 2.")."""
    match = re.search(rf"For {re.escape(label)}, press (\d)", heard)
    if not match:
        raise SystemExit(f"the menu offered no {label!r}: {heard[:200]}")
    return match.group(1)


def full_call(base: str, index: int, timings: list[tuple[float, str]]) -> str:
    """A new request from the first ring to the goodbye, then a status call for it; the request number."""
    call = Caller(base, f"CAbench{index:08d}{int(time.time()):010d}", timings)
    call.post("/ivr/voice")
    if call.twiml.find("./Gather") is not None and "For English" in call.heard():
        call.press("1")
    call.press("1")
    call.press(option_for(call.heard(), "Certificates"))
    call.press(option_for(call.heard(), "Domicile certificate"))
    call.press(SRINAGAR_PIN + "#")
    call.press("1")
    call.press("1")
    number = "".join(str(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"].index(w))
                     for w in re.findall(r"\b(zero|one|two|three|four|five|six|seven|eight|nine)\b",
                                         call.heard()))[:9]
    call.post("/ivr/status", CallStatus="completed")
    status = Caller(base, f"CAstatus{index:08d}{int(time.time()):010d}", timings)
    status.post("/ivr/voice")
    status.press("2")
    status.press(number + "#")
    if "looking for an agent" not in status.heard() and "coming to you" not in status.heard():
        raise SystemExit(f"unexpected status for {number}: {status.heard()[:200]}")
    status.post("/ivr/status", CallStatus="completed")
    return number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="digidost-ivr-bench-") as tmp:
        env = prepare(Path(tmp))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "wsgi:app", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
             "--log-level", "warning"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=LOG)
        try:
            wait_until_up(base, server)
            timings: list[tuple[float, str]] = []
            Caller(base, "CAwarmup", []).post("/ivr/voice")  # each worker's first request pays its imports
            started = time.perf_counter()
            numbers = [full_call(base, i, timings) for i in range(args.calls)]
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=10)
    ms = sorted(t * 1000 for t, _step in timings)
    slowest = max(timings)
    print(f"{args.calls} full calls ({len(set(numbers))} requests booked, each then looked up by a status call), "
          f"{len(ms)} signed webhook steps over HTTP, gunicorn -w {args.workers}, SQLite, in {elapsed:.1f} s")
    print(f"step time: median {statistics.median(ms):.1f} ms, p90 {ms[int(len(ms) * 0.9)]:.1f} ms, "
          f"max {ms[-1]:.1f} ms (at {slowest[1]})")
    warm = timings[len(timings) // 2:]  # the second half: every worker has loaded its data (PIN gazetteer, fees)
    print(f"second half only: median {statistics.median(t * 1000 for t, _ in warm):.1f} ms, "
          f"max {max(warm)[0] * 1000:.1f} ms (at {max(warm)[1]})")


if __name__ == "__main__":
    main()
