"""The core: agents as dispatchable resources, requests, matching, offers, RQ jobs, sweeper, timelines."""
