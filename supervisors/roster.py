"""The agent roster of a district: presence, load, today's jobs, acceptance, approval and fee flags; and the
supervisor's changes to an agent (active, capacity, services, centre), each audited in its own transaction."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import update
from sqlalchemy.orm import joinedload

from agents.accounts import deactivate_account
from agents.models import UserAccount
from core.audit import record_security_event
from core.clock import local_today
from core.extensions import db
from dispatch.index import reindex_agent, stale_cutoff
from dispatch.models import ACCEPTED, DECLINED, EXPIRED, Agent, Centre, Offer, ServiceRequest
from dispatch.presence import go_off_duty
from dispatch.waiting import wake_waiting_near_agent
from fees.models import Service
from ivr.models import Rating
from supervisors.models import FeeFlagReview

GOOD = 1  # ivr.models.Rating.score: 1 good, 2 average, 3 bad
MIN_CAPACITY, MAX_CAPACITY = 1, 20
DECIDED = (ACCEPTED, DECLINED, EXPIRED)  # offers that ended with the agent (withdrawn ones were never theirs to end)
# The security log's names for roster changes (core.audit.EVENTS has no name of its own for a change of an
# agent's dispatch facts yet: "role_changed" is the nearest, what the agent may do).
EVENT_FOR = {"deactivate": "deactivated", "reactivate": "reactivated", "capacity": "agent_changed",
             "services": "agent_changed", "centre": "agent_changed"}


class RosterRefused(Exception):
    """A change to an agent cannot be made as asked; `code` says why (no_agent is a 404)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class RosterRow:
    """One agent as the roster shows them."""

    agent: Agent
    fresh: bool
    jobs_today: int
    offers_accepted: int
    offers_decided: int
    ratings_good: int
    ratings_total: int
    fee_flags: int
    fee_flags_open: int
    account_id: int | None

    @property
    def acceptance_percent(self) -> int | None:
        return round(100 * self.offers_accepted / self.offers_decided) if self.offers_decided else None

    @property
    def approval_percent(self) -> int | None:
        """Share of "good" among all the agent's ratings, as J&K reports approval (RAS)."""
        return round(100 * self.ratings_good / self.ratings_total) if self.ratings_total else None


def local_day_start(timezone_name: str) -> datetime:
    """Midnight of today on the local calendar, as a naive UTC instant (what the columns store)."""
    midnight = datetime.combine(local_today(timezone_name), time(0), tzinfo=ZoneInfo(timezone_name))
    return midnight.astimezone(UTC).replace(tzinfo=None)


def scoped_agent(agent_id: int, district: str | None) -> Agent | None:
    """The agent, if they exist and work in the supervisor's district (None: all districts)."""
    agent = db.session.get(Agent, agent_id)
    if agent is None or (district and agent.district != district):
        return None
    return agent


def agent_roster(district: str | None, agent_id: int | None = None) -> list[RosterRow]:
    """Every agent of the district (or one of them), by name, with their figures."""
    query = db.select(Agent).options(joinedload(Agent.centre)).order_by(Agent.district, Agent.name)
    if district:
        query = query.where(Agent.district == district)
    if agent_id is not None:
        query = query.where(Agent.id == agent_id)
    agents = list(db.session.scalars(query))
    ids = [agent.id for agent in agents]
    if not ids:
        return []
    day_start = local_day_start(current_app.config["DEFAULT_TIMEZONE"])
    jobs_today = dict(db.session.execute(
        db.select(ServiceRequest.assigned_agent_id, db.func.count())
        .where(ServiceRequest.assigned_agent_id.in_(ids), ServiceRequest.assigned_at >= day_start)
        .group_by(ServiceRequest.assigned_agent_id)).all())
    offers = Counter()
    for agent, state, count in db.session.execute(
            db.select(Offer.agent_id, Offer.state, db.func.count()).where(Offer.agent_id.in_(ids),
                                                                          Offer.state.in_(DECIDED))
            .group_by(Offer.agent_id, Offer.state)):
        offers[agent, state] = count
    ratings = Counter()
    for agent, score, count in db.session.execute(
            db.select(ServiceRequest.assigned_agent_id, Rating.score, db.func.count())
            .join(ServiceRequest, ServiceRequest.id == Rating.request_id)
            .where(ServiceRequest.assigned_agent_id.in_(ids))
            .group_by(ServiceRequest.assigned_agent_id, Rating.score)):
        ratings[agent, score == GOOD] += count
    flags = Counter()
    for agent, flagged, reviewed in db.session.execute(
            db.select(ServiceRequest.assigned_agent_id, db.func.count(), db.func.count(FeeFlagReview.id))
            .outerjoin(FeeFlagReview, FeeFlagReview.request_id == ServiceRequest.id)
            .where(ServiceRequest.assigned_agent_id.in_(ids), ServiceRequest.fee_flag_reason.is_not(None))
            .group_by(ServiceRequest.assigned_agent_id)):
        flags[agent, True], flags[agent, False] = reviewed, flagged - reviewed
    accounts = dict(db.session.execute(
        db.select(UserAccount.agent_id, UserAccount.id).where(UserAccount.agent_id.in_(ids))).all())
    cutoff = stale_cutoff()
    return [RosterRow(
        agent=agent, fresh=agent.last_seen_at is not None and agent.last_seen_at >= cutoff,
        jobs_today=jobs_today.get(agent.id, 0), offers_accepted=offers[agent.id, ACCEPTED],
        offers_decided=sum(offers[agent.id, state] for state in DECIDED),
        ratings_good=ratings[agent.id, True], ratings_total=ratings[agent.id, True] + ratings[agent.id, False],
        fee_flags=flags[agent.id, True] + flags[agent.id, False], fee_flags_open=flags[agent.id, False],
        account_id=accounts.get(agent.id)) for agent in agents]


def centres_of(district: str) -> list[Centre]:
    """The centres an agent of this district may work from."""
    return list(db.session.scalars(db.select(Centre).where(Centre.district == district).order_by(Centre.name)))


def services_offered() -> list[Service]:
    """The services an agent may be listed for."""
    return list(db.session.scalars(db.select(Service).where(Service.active.is_(True)).order_by(Service.name_en)))


def deactivate_agent(agent_id: int, district: str | None, actor: str) -> None:
    """Take an agent out of dispatch: inactive and off duty (a live offer goes to the next agent); their
    account can no longer sign in and its sessions end. Jobs they hold stay theirs until reassigned."""
    agent = _agent(agent_id, district)
    if not agent.active:
        return
    agent.active, agent.on_duty = False, False
    record_security_event(EVENT_FOR["deactivate"], actor, f"agent:{agent.id}", "agent deactivated")
    db.session.commit()
    go_off_duty(agent.id)  # withdraws a live offer and drops them from the index, after the commit
    account_id = db.session.scalar(db.select(UserAccount.id).where(UserAccount.agent_id == agent.id,
                                                                   UserAccount.active.is_(True)))
    if account_id is not None:
        deactivate_account(account_id, actor)


def reactivate_agent(agent_id: int, district: str | None, actor: str) -> None:
    """Let a deactivated agent work again: active, and their account may sign in (they come on duty themselves)."""
    agent = _agent(agent_id, district)
    if agent.active:
        return
    agent.active = True
    db.session.execute(update(UserAccount).where(UserAccount.agent_id == agent.id).values(active=True)
                       .execution_options(synchronize_session=False))
    record_security_event(EVENT_FOR["reactivate"], actor, f"agent:{agent.id}", "agent reactivated")
    db.session.commit()
    reindex_agent(agent.id)  # the spatial index's facts follow the database


def set_capacity(agent_id: int, district: str | None, capacity: int | None, actor: str) -> None:
    """How many jobs the agent may hold at once (1–20); a raise may let a waiting request reach them."""
    agent = _agent(agent_id, district)
    if capacity is None or not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
        raise RosterRefused("bad_capacity")
    if capacity == agent.capacity:
        return
    before, agent.capacity = agent.capacity, capacity
    record_security_event(EVENT_FOR["capacity"], actor, f"agent:{agent.id}", f"capacity {before} to {capacity}")
    db.session.commit()
    reindex_agent(agent.id)
    if capacity > before:
        wake_waiting_near_agent(agent.id)


def set_services(agent_id: int, district: str | None, codes: list[str] | None, actor: str) -> None:
    """The services the agent may deliver: a list of codes, or None for every service."""
    agent = _agent(agent_id, district)
    if codes is not None:
        known = {service.code for service in services_offered()}
        codes = sorted(set(codes))
        if not codes:
            raise RosterRefused("no_services")
        if not set(codes) <= known:
            raise RosterRefused("unknown_service")
    if codes == (sorted(agent.service_codes) if agent.service_codes is not None else None):
        return
    before, agent.service_codes = agent.service_codes, codes
    record_security_event(EVENT_FOR["services"], actor, f"agent:{agent.id}",
                          f"services {_codes(before)} to {_codes(codes)}")
    db.session.commit()
    reindex_agent(agent.id)
    wake_waiting_near_agent(agent.id)


def set_centre(agent_id: int, district: str | None, centre_id: int | None, actor: str) -> None:
    """The centre the agent works from: one in the agent's own district."""
    agent = _agent(agent_id, district)
    centre = db.session.get(Centre, centre_id) if centre_id else None
    if centre is None or centre.district != agent.district:
        raise RosterRefused("bad_centre")
    if centre.id == agent.centre_id:
        return
    before, agent.centre_id = agent.centre.code, centre.id
    record_security_event(EVENT_FOR["centre"], actor, f"agent:{agent.id}", f"centre {before} to {centre.code}")
    db.session.commit()


def _agent(agent_id: int, district: str | None) -> Agent:
    agent = scoped_agent(agent_id, district)
    if agent is None:
        raise RosterRefused("no_agent")
    return agent


def _codes(codes: list[str] | None) -> str:
    return "all" if codes is None else ",".join(codes)
