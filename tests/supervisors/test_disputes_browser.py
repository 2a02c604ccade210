"""The fee disputes, a case decided with taps, and the per agent view in a real headless Chromium: on a 360 px
phone and a 1280 px desk, in English and Urdu (right to left), without sideways scrolling."""

from __future__ import annotations

import pytest

from core.extensions import db
from dispatch.disputes import FeeDispute
from ivr.messages import answer_sms
from tests.conftest import PHONE
from tests.supervisors.test_roster import complete_job, sign_in_supervisor
from tests.supervisors.test_roster_browser import DESK, no_sideways_scroll, shoot

pytestmark = pytest.mark.browser


@pytest.fixture
def disputed(make_agent, make_request, run_jobs):
    """An agent with a long name, a dispute (paid Rs 250 against Rs 80) and a bad rating to follow up."""
    make_agent("Mohammad Shafi Bhat Rainawari Khanyar")
    first = complete_job(make_request, run_jobs)
    answer_sms(first.citizen_phone, "PAID 250", "SMb1")
    second = complete_job(make_request, run_jobs)
    answer_sms(second.citizen_phone, "3", "SMb2")
    return db.session.scalar(db.select(FeeDispute))


@pytest.mark.parametrize("viewport, suffix", [(PHONE, "360"), (DESK, "1280")])
@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_dispute_pages_fit_the_screen_and_a_case_is_decided_with_taps(disputed, client, client_page, viewport,
                                                                         suffix, language):
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    page = client_page
    page.set_viewport_size(viewport)
    page.goto(f"http://localhost/board/disputes?lang={language}")
    assert page.locator("#disputes tbody tr").count() == 1 and page.locator("#follow-ups tbody tr").count() == 1
    shoot(page, f"supervisors-disputes-{language}-{suffix}.png")
    no_sideways_scroll(page, viewport["width"], "the disputes")

    page.locator(f"#dispute-{disputed.id} a").first.click()
    page.wait_for_url(f"**/board/disputes/{disputed.id}")
    no_sideways_scroll(page, viewport["width"], "the case page")
    page.locator("input[name=decision][value=upheld]").check()
    page.locator("#decision-note").fill("Agent admitted taking Rs 170 more; refund ordered")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.locator("#decide-form button[type=submit]").click()
    assert posted.value.status == 302
    page.goto(f"http://localhost/board/disputes/{disputed.id}")
    assert "170.00" in page.locator("#decision").inner_text()
    shoot(page, f"supervisors-dispute-decided-{language}-{suffix}.png")

    page.goto("http://localhost/board/accountability")
    assert page.locator("#accountability tbody tr").count() == 1
    assert page.locator("#accountability .disputes-upheld").inner_text() == "1"
    shoot(page, f"supervisors-accountability-{language}-{suffix}.png")
    no_sideways_scroll(page, viewport["width"], "the per agent view")
