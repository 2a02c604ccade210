"""Prometheus metrics: the system of record's figures read at scrape time, queue lengths, webhook latency.

Counts come from the database when Prometheus scrapes, never from a process's memory, so every gunicorn worker
answers the same. Webhook latency is measured in each process: with several workers, PROMETHEUS_MULTIPROC_DIR
(set in the environment before start, the same folder for all of them) lets prometheus_client add them up.
"""

from __future__ import annotations

from collections.abc import Iterator
from time import perf_counter

from flask import g, request
from prometheus_client import REGISTRY, CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from core.extensions import db
from core.models import FAILED, PENDING, SENDING, SENT, OutboxMessage
from dispatch.matching import ESCALATION_REASONS
from dispatch.models import (
    ACCEPTED,
    CANCELLED,
    COMPLETED,
    DECLINED,
    EXPIRED,
    LIVE,
    OPEN_STATES,
    UNASSIGNED,
    WITHDRAWN,
    Offer,
    ServiceRequest,
)
from supervisors.board import queue_lengths

REQUEST_STATES = (*OPEN_STATES, COMPLETED, CANCELLED)
OFFER_OUTCOMES = (LIVE, ACCEPTED, DECLINED, EXPIRED, WITHDRAWN)
SMS_STATUSES = (PENDING, SENDING, SENT, FAILED)
# Twilio's webhooks by endpoint; Twilio gives up on an answer after 15 s.
IVR_WEBHOOKS = {"ivr.voice": "voice", "ivr.step": "step", "sms_webhook.sms": "sms", "ivr.status": "status"}

WEBHOOK_SECONDS = Histogram(
    "digidost_ivr_webhook_seconds", "Time to answer one Twilio webhook, by webhook", ["webhook"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 15.0),
)


def start_webhook_clock() -> None:
    """Note when an IVR webhook request began (before the app's other hooks, signature check and view)."""
    if request.endpoint in IVR_WEBHOOKS:
        g.webhook_started = perf_counter()


def observe_webhook(response):
    """Record how long the IVR webhook took, whatever its answer (TwiML, 403 unsigned, 429)."""
    started = g.pop("webhook_started", None)
    if started is not None:
        WEBHOOK_SECONDS.labels(IVR_WEBHOOKS[request.endpoint]).observe(perf_counter() - started)
    return response


def counts_by(column, known: tuple[str, ...], *where) -> dict[str, int]:
    """Rows per value of a column, every known value present (zero when none)."""
    query = db.select(column, db.func.count()).where(*where).group_by(column)
    return dict.fromkeys(known, 0) | {str(value): n for value, n in db.session.execute(query).all()}


class StoreCollector(Collector):
    """Requests by state, offers by outcome, escalations by reason, SMS by status, RQ queue lengths."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        yield _gauge("digidost_requests", "Requests by state", "state",
                     counts_by(ServiceRequest.state, REQUEST_STATES))
        yield _gauge("digidost_offers", "Offers by outcome (live while deciding), since the start", "outcome",
                     counts_by(Offer.state, OFFER_OUTCOMES))
        yield _gauge("digidost_escalations", "Requests flagged for supervisors (unassigned), by reason", "reason",
                     counts_by(ServiceRequest.escalation_reason, ESCALATION_REASONS,
                               ServiceRequest.state == UNASSIGNED, ServiceRequest.escalation_reason.is_not(None)))
        yield _gauge("digidost_sms", "SMS of the outbox by status", "status",
                     counts_by(OutboxMessage.status, SMS_STATUSES))
        lengths = queue_lengths()
        yield GaugeMetricFamily("digidost_redis_up", "Whether Redis answered this scrape", value=int(bool(lengths)))
        if lengths:
            yield _gauge("digidost_queue_length", "Jobs waiting in each RQ queue", "queue", lengths)


class _ThisProcess(Collector):
    """The default registry: this process's webhook histograms and its process and Python figures."""

    def collect(self):
        return REGISTRY.collect()


def exposition(multiprocess_dir: str = "") -> bytes:
    """The text Prometheus scrapes: the store's figures, plus webhook latency of one process or of all."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(StoreCollector())
    if multiprocess_dir:
        multiprocess.MultiProcessCollector(registry, path=multiprocess_dir)
    else:
        registry.register(_ThisProcess())
    return generate_latest(registry)


def _gauge(name: str, documentation: str, label: str, values: dict[str, int]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=[label])
    for key, value in sorted(values.items()):
        family.add_metric([key], value)
    return family
