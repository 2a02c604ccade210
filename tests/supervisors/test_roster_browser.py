"""The roster, an agent's page, the fee flags and the charts in a real headless Chromium, on a 360 px phone and a
1280 px desk: no sideways scrolling, charts drawn, and a capacity change made with taps."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import local_today
from core.extensions import db
from dispatch.models import Agent, ServiceRequest
from tests.conftest import PHONE
from tests.supervisors.test_board_browser import SCREENSHOTS
from tests.supervisors.test_roster import BAD, GOOD, complete_job, sign_in_supervisor

DESK = {"width": 1280, "height": 900}
pytestmark = pytest.mark.browser


@pytest.fixture
def busy_district(make_agent, make_request, run_jobs):
    """Agents with long names, as real ones have, with rated work, a fee flag and a stale console."""
    first = make_agent("Mohammad Shafi Bhat Rainawari Khanyar")
    for score in (GOOD, GOOD, BAD):
        complete_job(make_request, run_jobs, score=score)
    complete_job(make_request, run_jobs, fee="120", reason="citizen asked for two extra certified copies of "
                                                           "the domicile certificate and the affidavit")
    overdue = make_request()
    db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id == overdue.id)
                       .values(psga_due_on=local_today() - timedelta(days=2)))
    db.session.commit()
    make_agent("Shazia Akhtar Qadri Nowhatta Safakadal", on_duty=False)
    make_agent("Ghulam Nabi Lone Habbakadal", district="Jammu")
    return first


def no_sideways_scroll(page, width: int, what: str) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{what} scrolls sideways at {width} px ({scroll} px wide)"


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


@pytest.mark.parametrize("viewport, suffix", [(PHONE, "360"), (DESK, "1280")])
def test_the_roster_and_the_charts_fit_the_screen_without_sideways_scroll(busy_district, client, client_page,
                                                                          viewport, suffix):
    sign_in_supervisor(client, "state1", None)
    page = client_page
    page.set_viewport_size(viewport)

    page.goto("http://localhost/board/agents")
    assert page.get_by_role("link", name="Mohammad Shafi Bhat Rainawari Khanyar").is_visible()
    assert page.locator("#roster tbody tr").count() == 3
    assert page.locator(f"#agent-{busy_district.id} .approval").inner_text().startswith("67%")
    shoot(page, f"supervisors-roster-{suffix}.png")
    no_sideways_scroll(page, viewport["width"], "the roster")

    page.goto("http://localhost/board/charts")
    assert page.locator("svg.chart-svg").count() == 7
    for chart in page.locator("svg.chart-svg").all():
        box = chart.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 20, "each chart is drawn at a readable size"
    assert page.locator("#chart-daily rect.bar").count() >= 1
    page.locator("#chart-approval-agent-section summary").click()
    assert page.locator("#chart-approval-agent-section details table").is_visible()
    shoot(page, f"supervisors-charts-{suffix}.png")
    no_sideways_scroll(page, viewport["width"], "the charts")

    page.goto("http://localhost/board/fee-flags")
    assert page.locator("#fee-flags tbody tr").count() == 1
    shoot(page, f"supervisors-fee-flags-{suffix}.png")
    no_sideways_scroll(page, viewport["width"], "the fee flags")


def test_a_supervisor_sets_an_agent_s_capacity_with_taps_on_a_phone(busy_district, client, client_page):
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    page = client_page
    page.goto("http://localhost/board/agents")
    page.get_by_role("link", name="Mohammad Shafi Bhat Rainawari Khanyar").click()
    page.wait_for_url(f"**/board/agents/{busy_district.id}")
    shoot(page, "supervisors-agent-360.png")
    no_sideways_scroll(page, PHONE["width"], "the agent's page")

    page.get_by_label("Jobs held at once").fill("6")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="Set capacity").click()
    assert posted.value.status == 302
    page.goto(f"http://localhost/board/agents/{busy_district.id}")
    assert page.get_by_text("Capacity changed.").is_visible()
    assert page.get_by_label("Jobs held at once").input_value() == "6"
    db.session.expire_all()
    assert db.session.get(Agent, busy_district.id).capacity == 6
