"""Supervisors' request lists, search, a request's timeline and CSV export, on the real database and jobs."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from agent_helpers import SERVICE_CODE, sign_in

from agents.accounts import create_account
from core.clock import utcnow
from core.extensions import db
from core.models import OutboxMessage
from core.roles import SUPERVISOR
from dispatch.models import AuditEvent, Offer, ServiceRequest
from dispatch.numbers import new_request_number
from dispatch.offers import accept_offer, decline_offer
from dispatch.requests import NewRequest, create_request
from dispatch.visits import complete_request, start_visit
from fees.models import FeeEntry, FeeNotification, Service
from ivr.models import Rating
from supervisors.requests import PAGE_SIZE, spreadsheet_safe

CITIZEN = "+919906012345"


@pytest.fixture
def sign_in_supervisor(client, service):
    """Sign in a supervisor of one district (None: state level); the client is then theirs."""

    def sign_in_as(district: str | None = None):
        username = f"sup-{district or 'state'}".lower()
        create_account(username, "Correct-horse-42", SUPERVISOR, district=district, temporary=False)
        sign_in(client, username)
        return client

    return sign_in_as


def _book(pin: str = "190001", phone: str = CITIZEN, name: str = "Rafiq Ahmad Dar") -> ServiceRequest:
    return create_request(NewRequest(service_code=SERVICE_CODE, pin_code=pin, citizen_phone=phone, citizen_name=name))


def _copies(model: ServiceRequest, count: int, start: datetime | None = None, **values) -> list[ServiceRequest]:
    """`count` more requests like `model`, one minute apart from `start` (oldest first)."""
    start = start or utcnow() - timedelta(days=1)
    columns = {c.key: getattr(model, c.key) for c in ServiceRequest.__table__.columns
               if c.key not in ("id", "number", "call_sid", "created_at")}
    made = [ServiceRequest(**(columns | values), number=new_request_number(), created_at=start + timedelta(minutes=i))
            for i in range(count)]
    db.session.add_all(made)
    db.session.commit()
    return made


def _numbers(page: str) -> list[str]:
    return re.findall(r'<tr id="row-(\d{9})"', page)


def _rows(page: str) -> str:
    """The list below the filter form (whose search box shows what was typed)."""
    return page[page.find('id="request-list"'):] if 'id="request-list"' in page else ""


def _set(request: ServiceRequest, **values) -> None:
    db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id == request.id).values(**values))
    db.session.commit()


def _csv(response) -> list[list[str]]:
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff"), "a byte-order mark, so that Excel reads UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def test_request_pages_and_the_csv_are_for_supervisors_only(client, service, make_agent):
    request = _book()
    for url in ("/board/requests", f"/board/requests/{request.id}", "/board/requests.csv"):
        assert client.get(url).status_code in (302, 401)
    make_agent()  # agent1, with a login
    sign_in(client, "agent1")
    for url in ("/board/requests", f"/board/requests/{request.id}", "/board/requests.csv"):
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("state, expected", [
    ("waiting", {"waiting", "escalated"}), ("new", {"fresh", "waiting"}), ("unassigned", {"escalated"}),
    ("offered", {"offered"}), ("assigned", {"assigned"}), ("visiting", {"visiting"}),
    ("completed", {"completed"}), ("cancelled", {"cancelled"}),
    ("", {"fresh", "waiting", "escalated", "offered", "assigned", "visiting", "completed", "cancelled"}),
])
def test_the_list_shows_requests_in_each_state_including_waiting_completed_and_cancelled(
        sign_in_supervisor, state, expected):
    client = sign_in_supervisor()
    model = _book()
    kinds = {"fresh": model}
    for kind, values in {"waiting": dict(wait_rounds=2), "escalated": dict(state="unassigned",
                                                                           escalation_reason="all_declined"),
                         "offered": dict(state="offered"), "assigned": dict(state="assigned"),
                         "visiting": dict(state="visiting"), "completed": dict(state="completed"),
                         "cancelled": dict(state="cancelled")}.items():
        kinds[kind] = _copies(model, 1, **values)[0]
    page = client.get(f"/board/requests?state={state}").get_data(as_text=True)
    assert set(_numbers(page)) == {kinds[kind].number for kind in expected}


def _second_service(code: str = "console_income") -> str:
    """Another service under the notification in force, for filtering by service."""
    notification = db.session.scalar(db.select(FeeNotification))
    db.session.add(Service(code=code, department="Revenue", category="certificates", name_en="Income Certificate",
                           name_hi="आय प्रमाण पत्र", name_ur="انکم سرٹیفکیٹ", documents=[], psga_days=7))
    db.session.flush()  # the service row before its fee entry (no relationship orders them)
    db.session.add(FeeEntry(notification_id=notification.id, service_code=code, government_fee=Decimal("0"),
                            service_fee=Decimal("50"), agent_share=Decimal("40"), government_share=Decimal("10")))
    db.session.commit()
    return code


def test_the_list_filters_by_district_service_and_local_booking_day(sign_in_supervisor):
    client = sign_in_supervisor()
    srinagar = _book()
    jammu = _book(pin="180001")
    other_service = create_request(NewRequest(service_code=_second_service(), pin_code="190001",
                                              citizen_phone=CITIZEN))
    # 20:00 UTC on 1 March is 01:30 on 2 March in J&K: the local day counts, not the UTC one.
    late_evening, = _copies(srinagar, 1, start=datetime(2026, 3, 1, 20, 0))
    early_utc, = _copies(srinagar, 1, start=datetime(2026, 3, 1, 10, 0))

    def shown(query: str) -> set[str]:
        response = client.get(f"/board/requests?{query}")
        assert response.status_code == 200
        return set(_numbers(response.get_data(as_text=True)))

    assert shown("district=Jammu") == {jammu.number}
    assert shown("district=Srinagar&service=console_income") == {other_service.number}
    assert shown(f"service={SERVICE_CODE}&district=Srinagar") == {srinagar.number, late_evening.number,
                                                                  early_utc.number}
    assert shown("from=2026-03-02&to=2026-03-02") == {late_evening.number}
    assert shown("from=2026-03-01&to=2026-03-01") == {early_utc.number}
    assert shown("to=2026-03-05") == {late_evening.number, early_utc.number}


def test_a_long_list_is_paged_fifty_at_a_time_newest_first_with_next_and_previous(sign_in_supervisor):
    client = sign_in_supervisor()
    model = _book()
    older = _copies(model, 2 * PAGE_SIZE + 10)  # 111 requests in all: three pages
    newest_first = [model.number] + [r.number for r in reversed(older)]

    first = client.get("/board/requests").get_data(as_text=True)
    assert _numbers(first) == newest_first[:PAGE_SIZE]
    assert "111 requests" in first and 'id="previous-page"' not in first
    second_url = re.search(r'id="next-page" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    second = client.get(second_url).get_data(as_text=True)
    assert _numbers(second) == newest_first[PAGE_SIZE:2 * PAGE_SIZE]
    assert 'id="previous-page"' in second
    third = client.get("/board/requests?page=3").get_data(as_text=True)
    assert _numbers(third) == newest_first[2 * PAGE_SIZE:] and 'id="next-page"' not in third
    assert len(_numbers(first) + _numbers(second) + _numbers(third)) == 111, "no cap on the rows"


def test_a_request_is_found_by_its_number_and_a_citizen_by_their_phone_masked_until_opened(sign_in_supervisor):
    client = sign_in_supervisor()
    wanted = _book(phone="+919906099887")
    again = _book(phone="+919906099887")
    _book(phone="+919906011111")

    by_number = client.get(f"/board/requests?q={wanted.number}").get_data(as_text=True)
    assert _numbers(by_number) == [wanted.number]
    for typed in ("9906099887", "+91 99060 99887", "099060-99887"):
        page = client.get("/board/requests", query_string={"q": typed}).get_data(as_text=True)
        assert set(_numbers(page)) == {wanted.number, again.number}
        assert "9906099887" not in _rows(page) and "**********887" in _rows(page), "numbers are masked in lists"
    opened = client.get(f"/board/requests/{wanted.id}").get_data(as_text=True)
    assert 'href="tel:+919906099887"' in opened, "the full number on the request page, to call the citizen"


@pytest.mark.parametrize("query, message", [
    ("state=lost", "Unknown state"), ("from=2026-02-30", "“from” date"), ("to=yesterday", "“to” date"),
    ("from=2026-03-05&to=2026-03-01", "is after"), ("service=nothing", "Unknown service"),
    ("district=Atlantis", "Unknown district"), ("q=123456789", "not a request number"),
    ("q=hello", "request number or a phone number"), ("page=0", "No such page"), ("page=x", "No such page"),
])
def test_bad_filters_give_a_clear_message_and_never_an_error(sign_in_supervisor, query, message):
    client = sign_in_supervisor()
    _book()
    page = client.get(f"/board/requests?{query}")
    assert page.status_code == 400 and message in page.get_data(as_text=True)
    assert 'id="request-filters"' in page.get_data(as_text=True), "the form is there to correct the filter"
    exported = client.get(f"/board/requests.csv?{query}")
    assert exported.status_code == 400 and message in exported.get_data(as_text=True)


def test_a_district_supervisor_never_sees_another_districts_request_by_id_list_search_or_csv(sign_in_supervisor):
    srinagar = _book(phone="+919906055555")
    jammu = _book(pin="180001", phone="+919906066666")
    client = sign_in_supervisor("Jammu")

    assert client.get(f"/board/requests/{srinagar.id}").status_code == 404
    assert client.get(f"/board/requests/{jammu.id}").status_code == 200
    for query in ("", "district=Srinagar", f"q={srinagar.number}", "q=9906055555", "state=new&district=Srinagar"):
        listed = client.get(f"/board/requests?{query}").get_data(as_text=True)
        assert srinagar.number not in _rows(listed) and "055555" not in _rows(listed)
        exported = [row[0] for row in _csv(client.get(f"/board/requests.csv?{query}"))[1:]]
        assert srinagar.number not in exported
    assert _numbers(client.get("/board/requests?district=Srinagar").get_data(as_text=True)) == [jammu.number]
    assert 'id="district"' not in client.get("/board/requests").get_data(as_text=True), "no district to pick"


def test_the_timeline_shows_offers_sms_audit_events_the_fee_and_the_rating_in_time_order(
        sign_in_supervisor, make_agent, run_jobs):
    first, second = make_agent("Ghulam Nabi Lone"), make_agent("Shabnam Akhtar")
    request = _book()
    run_jobs()
    offer = db.session.scalar(db.select(Offer).where(Offer.request_id == request.id))
    decliner = offer.agent_id
    decline_offer(offer.id, decliner, "too far today")
    run_jobs()
    offer = db.session.scalar(db.select(Offer).where(Offer.request_id == request.id, Offer.state == "live"))
    taker = offer.agent_id
    assert {decliner, taker} == {first.id, second.id}
    accept_offer(offer.id, taker)
    db.session.refresh(request)
    start_visit(request.id, taker, request.visit_code)
    complete_request(request.id, taker, "JK-DOM-2026-0042", Decimal("100"), "citizen paid for two copies")
    db.session.add(Rating(request_id=request.id, phone=request.citizen_phone, score=1, created_at=utcnow()))
    db.session.commit()
    run_jobs()
    names = {first.id: first.name, second.id: second.name}

    page = sign_in_supervisor().get(f"/board/requests/{request.id}").get_data(as_text=True)
    timeline = page[page.index('id="timeline"'):]
    events = [
        f"Offered to {names[decliner]}", "too far today", f"Offered to {names[taker]}", ">accepted<",
        "visit code matched", "completed", "SMS receipt", "Citizen rated the visit: good",
    ]
    positions = [timeline.find(text) for text in events]
    assert -1 not in positions, dict(zip(events, positions, strict=True))
    assert positions == sorted(positions), "events in time order"
    assert ">declined<" in timeline and " km " in timeline
    assert "SMS request_created" in timeline and ">sent<" in timeline
    assert timeline.find("SMS request_created") < timeline.find(f"Offered to {names[decliner]}")
    assert "**********345" in timeline and "+919906012345" not in timeline, "the SMS recipient is masked"
    receipt = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.request_id == request.id,
                                                               OutboxMessage.template == "receipt"))
    assert receipt.body in timeline, "the SMS body is shown"
    bodies = " ".join(re.findall(r'<blockquote class="sms-body">(.*?)</blockquote>', timeline, re.S))
    assert "••••" in bodies and not re.search(rf"(?<!\d){request.visit_code}(?!\d)", bodies), \
        "the live visit code is hidden from supervisors' eyes"
    audit_count = db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(AuditEvent.request_id == request.id))
    assert timeline.count('class="event event-audit"') == audit_count
    assert "JK-DOM-2026-0042" in page and "₹100" in page and 'id="fee-flag"' in page
    assert "IST" in timeline, "local times, with the zone"


def test_the_csv_has_a_bom_a_header_every_filtered_row_and_masked_phones(sign_in_supervisor):
    client = sign_in_supervisor()
    model = _book(phone="+919906077777", name="محمد یوسف")
    _copies(model, 2 * PAGE_SIZE)  # more than a page: the CSV is not paged
    _book(pin="180001")
    completed, = _copies(model, 1, state="completed", fee_collected=Decimal("80"))
    db.session.add(Rating(request_id=completed.id, phone=model.citizen_phone, score=3))
    db.session.commit()

    response = client.get("/board/requests.csv?district=Srinagar")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _csv(response)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["number", "created", "service_code", "service"] and "rating" in header
    assert len(body) == 2 * PAGE_SIZE + 2
    assert {row[header.index("district")] for row in body} == {"Srinagar"}
    assert {row[header.index("citizen_phone")] for row in body} == {"**********777"}
    assert "9906077777" not in response.get_data(as_text=True)
    done = next(row for row in body if row[0] == completed.number)
    assert done[header.index("fee_collected")] == "80.00" and done[header.index("rating")] == "bad"
    assert done[header.index("days_left")] == "" and done[header.index("due_on")] == str(model.psga_due_on)
    assert [row[0] for row in _csv(client.get("/board/requests.csv?state=completed"))[1:]] == [completed.number]
    assert len(_csv(client.get("/board/requests.csv?district=Jammu"))) == 2


def test_csv_cells_a_spreadsheet_would_run_as_a_formula_are_defused(sign_in_supervisor):
    client = sign_in_supervisor()
    request = _book(name="=HYPERLINK(\"http://evil\")")
    _set(request, escalation_reason="@SUM(1+1)")
    row = _csv(client.get("/board/requests.csv"))[1]
    assert "'@SUM(1+1)" in row


@pytest.mark.parametrize("cell, safe", [
    ("=1+1", "'=1+1"), ("+91", "'+91"), ("-2", "'-2"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
    ("Srinagar", "Srinagar"), ("", ""), (-3, -3), ("*****321", "*****321"),
])
def test_text_that_starts_like_a_formula_gets_a_quote_and_numbers_pass(cell, safe):
    assert spreadsheet_safe(cell) == safe


def test_the_nav_links_to_requests_and_the_board_links_each_request_to_its_page(sign_in_supervisor):
    client = sign_in_supervisor()
    request = _book()
    board = client.get("/board/").get_data(as_text=True)
    assert 'href="/board/requests"' in board
    assert f'href="/board/requests/{request.id}"' in board

