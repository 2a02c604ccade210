"""`make run`: one command for the whole system on the embedded defaults (honcho runs the processes)."""

from __future__ import annotations

import os
import sys

from flask import Flask
from flask_migrate import upgrade
from honcho.manager import Manager


def run_all(app: Flask, port: int) -> None:
    """Migrate, seed, print URLs and logins, then run web + worker + sweeper until Ctrl-C."""
    from digidost.demo import seed_demo

    redis_url = app.config["REDIS_URL"]  # the embedded server lives as long as this process
    with app.app_context():
        upgrade()
        logins = seed_demo()
    bin_dir = os.path.dirname(sys.executable)
    env = dict(os.environ, REDIS_URL=redis_url, DATABASE_URL=app.config["DATABASE_URL"],
               DIGIDOST_INSTANCE=app.instance_path, IVR_SIMULATOR="true", PYTHONUNBUFFERED="1")
    base = f"http://127.0.0.1:{port}"
    print("\nDigiDost 1447 is starting:", flush=True)
    print(f"  Agent console      {base}/agents/   (supervisors sign in there too)", flush=True)
    print(f"  Supervisor board   {base}/board/   (requests, agents, fee flags, charts from its menu)", flush=True)
    print(f"  Phone simulator    {base}/ivr/simulator", flush=True)
    print(f"  Public fee list    {base}/fees", flush=True)
    print(f"  Health / ready     {base}/healthz  {base}/readyz", flush=True)
    for line in logins:
        print(f"  {line}", flush=True)
    print("  Ctrl-C stops everything.\n", flush=True)
    manager = Manager()
    manager.add_process("web", f"{bin_dir}/gunicorn --workers 2 --threads 4 --bind 127.0.0.1:{port} wsgi:app",
                        env=env)
    manager.add_process("worker", f"{sys.executable} -m digidost.worker", env=env)
    manager.add_process("sweeper", f"{sys.executable} -m digidost.sweeper", env=env)
    manager.loop()
    sys.exit(manager.returncode)
