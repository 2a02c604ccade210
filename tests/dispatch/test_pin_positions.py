"""Gazetteer positions checked against their district: outliers take its median; `flask geo check` lists them."""

import logging

import pytest

from dispatch.geo import OfflinePincodeGeocoder, distance_km, district_positions, place_for_pin
from dispatch.pin_positions import OUTLIER_KM, STATE_BOUNDS, Bounds, DistrictPositions, district_medians

JK = "JAMMU AND KASHMIR"
JK_BOUNDS = STATE_BOUNDS[JK]
MISPLACED = {"192122": "Anantnag", "182203": "Doda", "185156": "Rajouri"}  # Anantnag City, Thathri, Kangri


def office(district: str, latitude: float | None, longitude: float | None, quality: str = "original") -> dict:
    return {"district": district, "latitude": latitude, "longitude": longitude, "geo_quality": quality}


VALLEY = DistrictPositions({"SRINAGAR": (34.08, 74.82)}, Bounds(32.2, 35.1, 73.2, 76.8), threshold_km=50)


def test_a_district_median_is_taken_over_distinct_reliable_positions_only():
    offices = [office("X", 34.0, 74.0), office("X", 34.2, 74.2), office("X", 34.2, 74.2), office("X", 34.2, 74.2),
               office("X", 34.4, 74.4), office("X", 30.0, 70.0, "suspect"), office("X", None, None, "removed"),
               office("Y", 33.0, 75.0), office("", 33.0, 75.0)]
    assert district_medians(offices) == {"X": (34.2, 74.2), "Y": (33.0, 75.0)}


def test_a_position_near_its_district_median_is_kept():
    checked = VALLEY.check("SRINAGAR", 34.20, 74.90)
    assert not checked.replaced and checked.used == (34.20, 74.90)
    assert checked.distance_km == pytest.approx(15, abs=1)


def test_a_position_farther_than_the_threshold_takes_the_district_median():
    checked = VALLEY.check("SRINAGAR", 34.08, 75.50)  # about 63 km east, still inside J&K
    assert checked.replaced and checked.reason == "far from its district"
    assert checked.used == (34.08, 74.82) and checked.gazetteer == (34.08, 75.50)


def test_a_position_outside_the_state_takes_the_district_median_however_close():
    checked = DistrictPositions({"KATHUA": (32.3, 75.5)}, JK_BOUNDS).check("KATHUA", 32.1, 75.5)
    assert checked.distance_km < OUTLIER_KM and checked.reason == "outside the state"
    assert checked.used == (32.3, 75.5)


def test_a_district_without_reliable_positions_keeps_its_position():
    checked = VALLEY.check("NOWHERE", 30.0, 70.0)
    assert not checked.replaced and checked.distance_km is None


@pytest.mark.parametrize("pin, district", MISPLACED.items())
def test_misplaced_pins_resolve_inside_their_district_and_jammu_and_kashmir(pin, district):
    place = place_for_pin(pin, JK, OfflinePincodeGeocoder())
    assert place.district == district
    assert JK_BOUNDS.contains(place.latitude, place.longitude)
    median = district_positions(JK).medians[district.upper()]
    assert distance_km((place.latitude, place.longitude), median) <= OUTLIER_KM


def test_a_replaced_position_is_logged_in_one_line_with_the_pin_and_the_distance(caplog):
    with caplog.at_level(logging.WARNING, logger="dispatch.geo"):
        place_for_pin("192122", JK, OfflinePincodeGeocoder())
    [record] = [r for r in caplog.records if r.name == "dispatch.geo"]
    assert "192122" in record.getMessage() and "414 km" in record.getMessage()
    assert "\n" not in record.getMessage()


def test_a_well_placed_pin_keeps_its_gazetteer_position_and_logs_nothing(caplog):
    with caplog.at_level(logging.WARNING, logger="dispatch.geo"):
        place = place_for_pin("190001", JK, OfflinePincodeGeocoder())
    assert (place.latitude, place.longitude) == (34.07208, 74.82067)
    assert not [r for r in caplog.records if r.name == "dispatch.geo"]


def test_the_geocoder_keeps_the_gazetteer_position_in_its_raw_record():
    location = OfflinePincodeGeocoder().geocode("182203")
    assert location.raw["position_replaced"] and location.raw["gazetteer_latitude"] == pytest.approx(23.08, abs=0.01)
    assert (location.latitude, location.longitude) == (location.raw["latitude"], location.raw["longitude"])


def test_every_district_of_jammu_and_kashmir_has_a_median_inside_the_union_territory():
    medians = district_positions(JK).medians
    assert len(medians) == 20
    assert all(JK_BOUNDS.contains(*point) for point in medians.values())


def test_geo_check_lists_the_misplaced_pins_with_their_positions_and_a_count(runner):
    result = runner.invoke(args=["geo", "check"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for pin in MISPLACED:
        [line] = [line for line in lines if line.startswith(pin)]
        assert "km from the district median" in line and "using" in line
    assert "192122  Anantnag City SO, ANANTNAG: gazetteer 30.07331 N 74.81656 E, 414 km" in result.output
    listed = [line for line in lines if line[:6].isdigit()]
    assert lines[-1].startswith(f"{len(listed)} suspicious PIN code(s) in {JK}")
    assert "190001" not in result.output
