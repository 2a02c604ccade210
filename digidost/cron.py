"""Periodic work, run by RQ's cron scheduler:  rq cron digidost.cron -u $REDIS_URL

Both jobs are idempotent and safe to run from several cron processes at once.
"""

from rq import cron

from digidost.worker import worker_app
from dispatch.appeals import file_auto_appeals
from dispatch.jobs import sweep

cron.register(sweep, "dispatch", interval=worker_app().config["SWEEP_INTERVAL_SECONDS"], name="dispatch-sweeper")
cron.register(file_auto_appeals, "default", interval=3600, name="psga-auto-appeal")
