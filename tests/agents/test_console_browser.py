"""End to end in a real headless Chromium: the agent console on a 360 px phone screen, against a live server,
the real database and Redis, and real RQ jobs."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from agent_helpers import PASSWORD
from werkzeug.serving import make_server

from core.clock import utcnow
from core.extensions import db
from core.models import OutboxMessage
from dispatch.jobs import sweep
from dispatch.models import Offer, ServiceRequest
from dispatch.offers import accept_offer
from tests.conftest import PHONE

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(app):
    """The app served over HTTP from a background thread, on a free port, against the test database and Redis."""
    app.config.update(AGENT_POLL_SECONDS=1)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized page that records every request leaving the live server (there must be none)."""
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale="en-IN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.foreign_requests = []
    own = urlsplit(live_server).netloc

    def keep_local(route):
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            page.foreign_requests.append(route.request.url)
            route.abort()

    page.route("**/*", keep_local)
    yield page
    assert page.foreign_requests == [], "the console must not load anything from the internet"
    context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} scrolls sideways on a 360 px screen ({width} px)"


def sign_in(page, identifier: str, password: str = PASSWORD) -> None:
    page.goto("/agents/sign-in")
    page.get_by_label("Username or mobile number").fill(identifier)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def latest_sms(template: str) -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.template == template)
                              .order_by(OutboxMessage.id.desc())).first()


def wait_until_due(offer: Offer) -> None:
    left = (offer.expires_at - utcnow()).total_seconds()
    if left > 0:
        time.sleep(left + 0.05)


def test_an_agent_takes_a_job_from_live_offer_to_receipt(phone, make_agent, make_request, run_jobs):
    agent = make_agent("Ghulam Nabi", on_duty=False)
    sign_in(phone, "agent1")
    phone.wait_for_url("**/agents/")
    screenshot(phone, "01-console-off-duty")
    phone.get_by_role("button", name="Go on duty").click()
    phone.get_by_text("You are on duty").wait_for()
    phone.evaluate("window.stillTheSamePage = true")

    request = make_request("Haleema Begum")
    run_jobs()  # the dispatch job, as a worker runs it
    offer = phone.locator(".offer")
    offer.wait_for()
    assert phone.evaluate("window.stillTheSamePage") is True, "the offer must appear without a reload"
    assert "Domicile Certificate" in offer.inner_text() and "Rs 80.00" in offer.inner_text()
    assert "Haleema" not in offer.inner_text()
    screenshot(phone, "02-live-offer")

    offer.get_by_role("button", name="Accept").click()
    phone.get_by_role("link", name=re.compile(r"Call \+91")).wait_for()
    assert "Haleema Begum" in phone.content()
    screenshot(phone, "03-job-accepted")

    run_jobs()  # the SMS to the citizen with the visit code
    code = re.search(r"\b(\d{4})$", latest_sms("agent_assigned").body).group(1)
    phone.get_by_label("Visit code from the citizen's SMS").fill(code)
    phone.get_by_role("button", name="Start visit").click()
    phone.get_by_text("Visit started.").wait_for()
    screenshot(phone, "04-visit-started")

    phone.get_by_label("Application number from the department").fill("JK-DOM-2025-4711")
    assert phone.get_by_label("Fee collected (Rs)").input_value() == "80.00"
    phone.get_by_role("button", name="Complete", exact=True).click()
    phone.get_by_text("Job completed.").wait_for()
    screenshot(phone, "05-job-completed")

    run_jobs()  # the receipt SMS
    receipt = latest_sms("receipt")
    assert receipt.to_number == request.citizen_phone
    for part in ("Domicile Certificate", "JK-DOM-2025-4711", "Rs 80.00", "Ghulam Nabi", agent.centre.name):
        assert part in receipt.body
    phone.get_by_role("link", name="History").click()
    phone.get_by_text("Rs 40.00").first.wait_for()
    screenshot(phone, "06-history-and-earnings")


def test_an_agent_declines_an_offer_with_a_reason(phone, make_agent, make_request, run_jobs):
    make_agent()
    sign_in(phone, "agent1")
    request = make_request()
    run_jobs()
    offer = phone.locator(".offer")
    offer.wait_for()
    offer.get_by_text("Decline", exact=True).click()
    offer.get_by_label("Reason for declining").select_option("too_far")
    screenshot(phone, "07-decline-reason")
    offer.get_by_role("button", name="Decline offer").click()
    phone.get_by_text("Offer declined.").wait_for()
    db.session.expire_all()
    declined = db.session.scalar(db.select(Offer).where(Offer.request_id == request.id))
    assert (declined.state, declined.reason) == ("declined", "too_far")


def test_an_offer_expiring_while_the_page_is_open_is_shown_as_expired_then_leaves(
        app, phone, make_agent, make_request, run_jobs):
    make_agent()
    sign_in(phone, "agent1")
    app.config["OFFER_TTL_SECONDS"] = 3
    make_request()
    run_jobs()
    offer = phone.locator(".offer")
    offer.wait_for()
    offer.get_by_text("This offer has expired.").wait_for()
    assert offer.get_by_role("button", name="Accept").is_disabled()
    screenshot(phone, "08-offer-expired")
    wait_until_due(db.session.scalar(db.select(Offer)))
    sweep()  # what the periodic sweeper does: the offer expires on the server too
    phone.locator(".no-offers").wait_for()
    phone.locator(".offer").wait_for(state="detached")


def test_five_wrong_passwords_lock_the_account_in_the_browser_without_saying_so(phone, make_agent):
    make_agent()
    for _ in range(5):
        sign_in(phone, "agent1", "Wrong-pass-99")
        phone.get_by_text("Wrong username, mobile number or password.").wait_for()
    sign_in(phone, "agent1")
    phone.get_by_text("Wrong username, mobile number or password.").wait_for()
    assert phone.url.endswith("/agents/sign-in")
    screenshot(phone, "09-sign-in-locked")


def test_a_wrong_visit_code_is_refused_with_the_attempts_left(phone, make_agent, offered):
    make_agent()
    offer = offered()
    accept_offer(offer.id, offer.agent_id)
    request = db.session.get(ServiceRequest, offer.request_id)
    sign_in(phone, "agent1")
    phone.goto(f"/agents/jobs/{request.id}")
    phone.get_by_label("Visit code from the citizen's SMS").fill(f"{(int(request.visit_code) + 1) % 10_000:04d}")
    phone.get_by_role("button", name="Start visit").click()
    phone.get_by_text("Wrong visit code. 4 attempts left.").wait_for()
    screenshot(phone, "10-wrong-visit-code")
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request.id).state == "assigned"


def test_another_agents_job_id_in_the_url_gives_404(phone, make_agent, offered):
    make_agent()
    offer = offered()
    accept_offer(offer.id, offer.agent_id)
    make_agent(on_duty=False)
    sign_in(phone, "agent2")
    phone.wait_for_url("**/agents/")
    response = phone.goto(f"/agents/jobs/{offer.request_id}")
    assert response.status == 404
    assert "does not exist" in phone.content() and "Rafiq" not in phone.content()


def test_the_console_in_urdu_reads_right_to_left(phone, make_agent):
    make_agent()
    sign_in(phone, "agent1")
    phone.wait_for_url("**/agents/")
    phone.get_by_label("Language").select_option("ur")
    phone.get_by_role("button", name="Change").click()
    phone.get_by_text("پیشکشیں").first.wait_for()
    assert phone.locator("html").get_attribute("dir") == "rtl"
    screenshot(phone, "11-console-urdu")
