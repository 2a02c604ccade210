"""Charts drawn server-side as SVG: the pure drawing (parsed back with xml.etree) and the district-scoped figures."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from core.clock import local_today, utcnow
from core.extensions import db
from dispatch.models import ServiceRequest
from ivr.models import Rating
from supervisors.charts import approval_by, breaches_by_district, requests_per_day, times_by_district
from supervisors.svg import Column, Row, Series, horizontal_bars, nice_ceiling, percentile, stacked_columns
from tests.supervisors.test_roster import BAD, GOOD, complete_job, sign_in_supervisor

SVG = "{http://www.w3.org/2000/svg}"
MEDIAN, P90 = Series("median", "#0b5cab"), Series("90th percentile", "#9a5b00")
IST = ZoneInfo("Asia/Kolkata")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar"]


def texts(root: ET.Element, kind: str) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text") if t.get("class") == kind]


# Pure drawing: no app, no database.

def test_horizontal_bars_draw_a_bar_per_value_with_lengths_in_proportion():
    root = parse(horizontal_bars("c", "Time to assign", "minutes", [MEDIAN, P90],
                                 [Row("Srinagar", (10, 20)), Row("Jammu", (5, 40))], unit=" min"))
    drawn = bars(root)
    assert len(drawn) == 4
    widths = [float(rect.get("width")) for rect in drawn]
    assert widths[1] == pytest.approx(2 * widths[0], rel=0.01) and widths[3] == pytest.approx(8 * widths[2], rel=0.01)
    assert [rect.get("fill") for rect in drawn] == ["#0b5cab", "#9a5b00"] * 2
    assert texts(root, "label") == ["Srinagar", "Jammu"]
    assert texts(root, "value") == ["10 min", "20 min", "5 min", "40 min"]


def test_a_fixed_maximum_scales_bars_against_it_and_notes_follow_the_label():
    root = parse(horizontal_bars("c", "Approval", "percent", [Series("approval", "#1f7a35")],
                                 [Row("Domicile", (50,), "4 ratings"), Row("Character", (100,), "1 ratings")],
                                 unit="%", maximum=100))
    half, full = (float(rect.get("width")) for rect in bars(root))
    assert half == pytest.approx(full / 2)
    assert texts(root, "label") == ["Domicile (4 ratings)", "Character (1 ratings)"]


def test_a_missing_value_draws_no_bar_and_says_there_is_no_data():
    root = parse(horizontal_bars("c", "Time to complete", "hours", [MEDIAN, P90], [Row("Leh", (None, None))]))
    assert bars(root) == []
    assert texts(root, "no-data") == ["median: –", "90th percentile: –"]


def test_stacked_columns_stack_each_day_s_states_with_heights_in_proportion():
    states = [Series("new", "#8fb3e0"), Series("completed", "#1f7a35")]
    root = parse(stacked_columns("d", "Requests per day", "by state", states,
                                 [Column("1 Nov", (2, 2)), Column("2 Nov", (0, 0)), Column("3 Nov", (1, 3))],
                                 label_every=2))
    columns = [g for g in root.iter(f"{SVG}g") if g.get("class") == "column"]
    assert [g.get("data-total") for g in columns] == ["4", "0", "4"]
    assert [len(g.findall(f"{SVG}rect")) for g in columns] == [2, 0, 2], "a zero value draws nothing"
    heights = [float(rect.get("height")) for rect in bars(root)]
    assert heights[0] == pytest.approx(heights[1]) and heights[3] == pytest.approx(3 * heights[2])
    first_new, first_done = bars(root)[:2]
    assert float(first_done.get("y")) + float(first_done.get("height")) == pytest.approx(float(first_new.get("y")))
    assert texts(root, "tick") == ["1 Nov", "3 Nov"]
    assert texts(root, "axis") == ["0", "2", "4"]


@pytest.mark.parametrize("draw", [
    lambda: horizontal_bars("x", "Title <b>", "Desc & more", [MEDIAN], [Row("A", (1,))]),
    lambda: stacked_columns("x", "Title <b>", "Desc & more", [MEDIAN], [Column("A", (1,))]),
])
def test_every_chart_has_a_title_and_desc_named_by_aria_labelledby_and_no_style_attribute(draw):
    svg = draw()
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "x-title x-desc"
    assert root.find(f"{SVG}title").text == "Title <b>" and root.find(f"{SVG}desc").text == "Desc & more"
    assert "style=" not in svg and "<script" not in svg


def test_labels_are_escaped_so_a_name_cannot_inject_markup():
    svg = horizontal_bars("x", "t", "d", [MEDIAN], [Row('<script>alert(1)</script>"', (1,))])
    assert "<script>" not in svg
    assert texts(parse(svg), "label") == ['<script>alert(1)</script>"']


@pytest.mark.parametrize("values, fraction, expected", [([], 0.5, None), ([7], 0.9, 7), ([1, 2, 3, 4], 0.5, 2),
                                                        ([5, 1, 3], 0.5, 3), (list(range(1, 11)), 0.9, 9),
                                                        (list(range(1, 101)), 0.9, 90)])
def test_percentiles_are_nearest_rank(values, fraction, expected):
    assert percentile(values, fraction) == expected


@pytest.mark.parametrize("value, expected", [(0, 1), (3, 4), (5, 6), (7, 8), (12, 20), (40, 40), (100, 100),
                                             (0.3, 0.4)])
def test_axes_end_at_a_round_number(value, expected):
    assert nice_ceiling(value) == expected


# Figures from the database, district-scoped.

def _request_in(make_request, district: str) -> ServiceRequest:
    request = make_request()
    if district != request.district:
        db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id == request.id).values(district=district))
        db.session.commit()
    return request


def test_requests_are_counted_per_local_day_and_state(make_request):
    today = local_today("Asia/Kolkata")
    first, second, old = make_request(), make_request(), make_request()
    db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id == second.id)
                       .values(created_at=utcnow() - timedelta(days=1), state="cancelled"))
    db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id == old.id)
                       .values(created_at=utcnow() - timedelta(days=40)))
    db.session.commit()
    counts = requests_per_day("Srinagar", today, IST)
    assert dict(counts) == {(today, first.state): 1, (today - timedelta(days=1), "cancelled"): 1}
    assert requests_per_day("Jammu", today, IST) == {}


def test_time_to_assign_and_complete_are_gathered_per_district(make_agent, make_request, run_jobs):
    make_agent()
    done = complete_job(make_request, run_jobs)
    found = times_by_district(None)
    assert list(found) == ["Srinagar"]
    assert len(found["Srinagar"]["assign"]) == 1 and len(found["Srinagar"]["complete"]) == 1
    assert found["Srinagar"]["assign"][0] == pytest.approx((done.assigned_at - done.created_at).total_seconds() / 60)
    assert times_by_district("Jammu") == {}


def test_approval_is_the_share_of_good_ratings_per_service_district_and_agent(make_agent, make_request, run_jobs):
    make_agent("Mohammad Shafi Bhat")
    for score in (GOOD, GOOD, GOOD, BAD):
        complete_job(make_request, run_jobs, score=score)
    assert approval_by("agent", "Srinagar") == [("Mohammad Shafi Bhat", 3, 4)]
    assert approval_by("district", None) == [("Srinagar", 3, 4)]
    assert approval_by("service", "Srinagar") == [("Domicile Certificate", 3, 4)]
    assert approval_by("agent", "Jammu") == []
    db.session.execute(db.update(Rating).values(created_at=utcnow() - timedelta(days=31)))
    db.session.commit()
    assert approval_by("district", None) == [], "only the last 30 days"


def test_breaches_count_open_requests_past_due_and_completed_late_by_district(make_agent, make_request, run_jobs):
    today = local_today("Asia/Kolkata")
    make_agent()
    late = complete_job(make_request, run_jobs)
    on_time = complete_job(make_request, run_jobs)
    overdue = _request_in(make_request, "Jammu")
    _request_in(make_request, "Jammu")  # open, not yet due
    db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id.in_([late.id, overdue.id]))
                       .values(psga_due_on=today - timedelta(days=1)))
    # Late means decided late (issue 12): delivered today, a day after its deadline.
    db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id == late.id)
                       .values(application_stage="delivered", stage_changed_at=late.completed_at))
    db.session.commit()
    assert on_time.psga_due_on >= today
    assert breaches_by_district(None, today, IST) == {"Jammu": (1, 0), "Srinagar": (0, 1)}
    assert breaches_by_district("Jammu", today, IST) == {"Jammu": (1, 0)}


def test_the_charts_page_draws_every_chart_with_its_numbers_for_the_supervisor_s_district(
        make_agent, make_request, run_jobs, client):
    make_agent("Srinagar Agent")
    complete_job(make_request, run_jobs, score=GOOD)
    _request_in(make_request, "Jammu")
    sign_in_supervisor(client, "jammu1", "Jammu")
    page = client.get("/board/charts").get_data(as_text=True)
    for chart_id in ("chart-daily", "chart-assign", "chart-complete", "chart-approval-service",
                     "chart-approval-district", "chart-approval-agent", "chart-breaches"):
        assert f'id="{chart_id}-section"' in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" id="chart-daily"' in page and "<details>" in page
    assert "Srinagar" not in page, "a district supervisor sees their district's figures only"
    assert "style=" not in page and "<script>" not in page


def test_a_state_supervisor_s_charts_include_every_district(make_agent, make_request, run_jobs, client):
    make_agent("Srinagar Agent")
    complete_job(make_request, run_jobs, score=GOOD)
    sign_in_supervisor(client, "state1", None)
    page = client.get("/board/charts").get_data(as_text=True)
    assert "Srinagar Agent (1 ratings)" in page and "Srinagar" in page


def test_the_charts_are_for_supervisors_only(client, service):
    assert client.get("/board/charts").status_code in (302, 401)

