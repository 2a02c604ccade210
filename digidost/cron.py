"""Periodic work, run by RQ's cron scheduler:  rq cron digidost.cron -u $REDIS_URL"""

from rq import cron

from dispatch.jobs import sweep

cron.register(sweep, "dispatch", interval=15, name="dispatch-sweeper")
