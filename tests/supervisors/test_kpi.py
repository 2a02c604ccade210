"""The KPI feed at /api/kpi: a bearer token, figures of the requests made in a period (overall, by district, by
service), and a JSON error for a period that makes no sense."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.clock import local_today, utcnow
from core.extensions import db
from dispatch.models import Offer, ServiceRequest
from dispatch.offers import accept_offer
from dispatch.requests import NewRequest, confirmed_on, create_request
from dispatch.visits import complete_request, start_visit
from ivr.models import Rating
from supervisors.kpi import BadPeriod, Period, breached, percentile, period_from

KPI_TOKEN = "kpi-token-for-the-state-dashboard-0123"
BEARER = {"Authorization": f"Bearer {KPI_TOKEN}"}
GOOD, BAD = 1, 3


@pytest.fixture
def kpi_app(app):
    app.config["KPI_TOKEN"] = KPI_TOKEN
    return app


def citizen_request(service_code: str = "domicile", pin: str = "190001", number: int = 0) -> ServiceRequest:
    return create_request(NewRequest(service_code=service_code, pin_code=pin,
                                     citizen_phone=f"+91987660{number:04d}"))


def delivered(request: ServiceRequest, run_jobs, score: int | None) -> ServiceRequest:
    """Offered by the real dispatch job, accepted, visited with the citizen's code, completed, rated."""
    run_jobs()
    offer = db.session.scalar(db.select(Offer).where(Offer.request_id == request.id, Offer.state == "live"))
    accept_offer(offer.id, offer.agent_id)
    start_visit(request.id, offer.agent_id, db.session.get(ServiceRequest, request.id).visit_code)
    complete_request(request.id, offer.agent_id, f"APP-{request.id}", request.total_fee)
    if score is not None:
        db.session.add(Rating(request_id=request.id, phone=request.citizen_phone, score=score))
        db.session.commit()
    return request


def at_known_moments(request: ServiceRequest, created, assigned_after: int | None = None,
                     completed_after: int | None = None, due_on: date | None = None) -> None:
    """Move the request's moments to known ones (the use cases stamp them with the real clock)."""
    values = {"created_at": created}
    if assigned_after is not None:
        values["assigned_at"] = created + timedelta(seconds=assigned_after)
    if completed_after is not None:
        values["completed_at"] = created + timedelta(seconds=completed_after)
    if due_on is not None:
        values["psga_due_on"] = due_on
    db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id == request.id).values(**values))
    db.session.commit()


@pytest.fixture
def known_requests(kpi_app, catalogue, make_agent, run_jobs):
    """Four requests of the last days and one of 40 days ago:
    Srinagar, domicile: completed in 1 h (assigned after 60 s), rated good, on time;
    Srinagar, domicile: completed in 2 h (assigned after 120 s), rated bad, a day past its PSGA deadline;
    Srinagar, character certificate: assigned after 300 s, not visited, its deadline passed yesterday;
    Jammu, domicile: no agent within reach (unassigned);
    Srinagar, domicile, 40 days ago: completed, outside the default period."""
    make_agent()
    base = utcnow() - timedelta(days=2)
    timezone_name = kpi_app.config["DEFAULT_TIMEZONE"]
    on_time = delivered(citizen_request(number=1), run_jobs, GOOD)
    at_known_moments(on_time, base, assigned_after=60, completed_after=3600)
    late = delivered(citizen_request(number=2), run_jobs, BAD)
    completed_on = confirmed_on(base + timedelta(seconds=7200), timezone_name)
    at_known_moments(late, base, assigned_after=120, completed_after=7200, due_on=completed_on - timedelta(days=1))
    held = citizen_request("character_cert", number=3)
    run_jobs()
    offer = db.session.scalar(db.select(Offer).where(Offer.request_id == held.id, Offer.state == "live"))
    accept_offer(offer.id, offer.agent_id)
    at_known_moments(held, base, assigned_after=300, due_on=local_today(timezone_name) - timedelta(days=1))
    far = citizen_request(pin="180001", number=4)
    run_jobs()
    at_known_moments(far, base)
    old = delivered(citizen_request(number=5), run_jobs, GOOD)
    at_known_moments(old, utcnow() - timedelta(days=40), assigned_after=30, completed_after=600)
    return {"on_time": on_time, "late": late, "held": held, "far": far, "old": old}


def test_the_feed_needs_the_bearer_token(kpi_app, client):
    for headers in ({}, {"Authorization": "Bearer wrong-token"}, {"Authorization": f"Basic {KPI_TOKEN}"},
                    {"Authorization": KPI_TOKEN}):
        response = client.get("/api/kpi", headers=headers)
        assert response.status_code == 401, headers
        assert response.is_json and response.json["error"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_feed_is_off_while_no_token_is_set(app, client):
    assert client.get("/api/kpi", headers=BEARER).status_code == 404


def test_the_feed_counts_the_requests_of_the_last_30_days(known_requests, client):
    response = client.get("/api/kpi", headers=BEARER)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    feed = response.json
    today = local_today()
    assert feed["period"] == {"from": (today - timedelta(days=29)).isoformat(), "to": today.isoformat(),
                              "timezone": "Asia/Kolkata"}
    assert feed["generated_at"].endswith("Z")
    overall = feed["overall"]
    assert overall["requests"] == 4, "the request of 40 days ago is outside the period"
    assert overall["by_state"] == {"new": 0, "offered": 0, "assigned": 1, "visiting": 0, "unassigned": 1,
                                   "completed": 2, "cancelled": 0}
    assert overall["statutory_breaches"] == 2, "one completed a day late, one still held past its deadline"
    assert overall["approval"] == {"ratings": 2, "good": 1, "average": 0, "bad": 1, "approval_percent": 50.0}
    # Assigned after 60, 120 and 300 s: median 120, 90th percentile 120 + 0.8 × 180.
    assert overall["time_to_assign_seconds"] == {"count": 3, "median": 120.0, "p90": 264.0}
    # Completed after 3600 and 7200 s: median 5400, 90th percentile 3600 + 0.9 × 3600.
    assert overall["time_to_complete_seconds"] == {"count": 2, "median": 5400.0, "p90": 6840.0}


def test_the_feed_breaks_the_figures_down_by_district_and_by_service(known_requests, client):
    feed = client.get("/api/kpi", headers=BEARER).json
    assert set(feed["by_district"]) == {"Srinagar", "Jammu"}
    srinagar, jammu = feed["by_district"]["Srinagar"], feed["by_district"]["Jammu"]
    assert srinagar["requests"] == 3 and srinagar["statutory_breaches"] == 2
    assert srinagar["approval"]["approval_percent"] == 50.0
    assert jammu["requests"] == 1 and jammu["by_state"]["unassigned"] == 1
    assert jammu["time_to_assign_seconds"] == {"count": 0, "median": None, "p90": None}
    assert jammu["approval"]["approval_percent"] is None
    assert set(feed["by_service"]) == {"domicile", "character_cert"}
    domicile, character = feed["by_service"]["domicile"], feed["by_service"]["character_cert"]
    assert domicile["requests"] == 3 and domicile["by_state"]["completed"] == 2
    assert domicile["time_to_assign_seconds"] == {"count": 2, "median": 90.0, "p90": 114.0}
    assert character["by_state"]["assigned"] == 1 and character["statutory_breaches"] == 1


def test_an_asked_period_takes_in_older_requests(known_requests, client):
    today = local_today()
    asked = client.get(f"/api/kpi?from={(today - timedelta(days=45)).isoformat()}&to={today.isoformat()}",
                       headers=BEARER).json
    assert asked["overall"]["requests"] == 5
    assert asked["overall"]["approval"]["good"] == 2
    assert asked["overall"]["time_to_complete_seconds"]["count"] == 3
    only_old = client.get(f"/api/kpi?from={(today - timedelta(days=45)).isoformat()}"
                          f"&to={(today - timedelta(days=35)).isoformat()}", headers=BEARER).json
    assert only_old["overall"]["requests"] == 1 and only_old["overall"]["by_state"]["completed"] == 1


@pytest.mark.parametrize("query", ["from=2026-13-01", "from=yesterday", "to=25/11/2026", "from=20261101",
                                   "from=2026-11-20&to=2026-11-01", "from=2024-01-01&to=2026-01-01"])
def test_a_period_that_makes_no_sense_is_refused_with_a_json_error(kpi_app, client, query):
    response = client.get(f"/api/kpi?{query}", headers=BEARER)
    assert response.status_code == 400
    assert response.is_json and response.json["error"]


def test_the_default_period_is_the_30_days_up_to_today():
    assert period_from(None, None, date(2026, 11, 25)) == Period(date(2026, 10, 27), date(2026, 11, 25))
    assert period_from("2026-11-01", None, date(2026, 11, 25)) == Period(date(2026, 11, 1), date(2026, 11, 25))
    with pytest.raises(BadPeriod):
        period_from("2026-11-26", "2026-11-25", date(2026, 11, 25))


def test_a_period_of_local_days_starts_at_local_midnight():
    start, end = Period(date(2026, 11, 1), date(2026, 11, 1)).utc_bounds("Asia/Kolkata")
    assert (start.isoformat(), end.isoformat()) == ("2026-10-31T18:30:00", "2026-11-01T18:30:00")


def test_percentiles_interpolate_between_the_nearest_ranks():
    assert percentile([], 0.5) is None
    assert percentile([7.0], 0.9) == 7.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([60.0, 120.0, 300.0], 0.9) == pytest.approx(264.0)


def test_a_deadline_is_breached_by_late_delivery_or_by_none_at_all_but_not_by_a_cancellation():
    due, today = date(2026, 11, 10), date(2026, 11, 20)
    assert not breached("completed", due, date(2026, 11, 10), today)
    assert breached("completed", due, date(2026, 11, 11), today)
    assert breached("assigned", due, None, today)
    assert not breached("assigned", due, None, date(2026, 11, 10))
    assert not breached("cancelled", due, None, today)
