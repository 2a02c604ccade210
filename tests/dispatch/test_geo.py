"""PIN codes to places, through the offline gazetteer wrapped as a geopy geocoder."""

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from dispatch.geo import OfflinePincodeGeocoder, PinError, distance_km, geocoder_named, place_for_pin

JK = "JAMMU AND KASHMIR"


def test_a_srinagar_pin_gives_its_locality_district_and_coordinates():
    place = place_for_pin("190001", JK, OfflinePincodeGeocoder())
    assert (place.locality, place.district, place.state) == ("Srinagar", "Srinagar", JK)
    assert place.latitude == pytest.approx(34.072, abs=0.01)
    assert place.longitude == pytest.approx(74.821, abs=0.01)


@pytest.mark.parametrize("pin, district", [("180001", "Jammu"), ("193101", "Baramulla")])
def test_pins_across_the_union_territory_are_served(pin, district):
    assert place_for_pin(f" {pin} ", JK, OfflinePincodeGeocoder()).district == district


@pytest.mark.parametrize("pin", ["194101", "110001"])  # Leh (Ladakh), New Delhi
def test_a_pin_outside_the_served_state_is_a_typed_error(pin):
    with pytest.raises(PinError) as caught:
        place_for_pin(pin, JK, OfflinePincodeGeocoder())
    assert caught.value.kind == "outside"


@pytest.mark.parametrize("pin", ["", "12345", "1900011", "abcdef", "019000"])
def test_a_malformed_pin_is_refused_before_any_lookup(pin):
    with pytest.raises(PinError) as caught:
        place_for_pin(pin, JK, OfflinePincodeGeocoder())
    assert caught.value.kind == "malformed"


def test_a_well_formed_pin_nobody_uses_is_unknown():
    with pytest.raises(PinError) as caught:
        place_for_pin("999999", JK, OfflinePincodeGeocoder())
    assert caught.value.kind == "unknown"


def test_the_offline_geocoder_is_a_geopy_geocoder_chosen_by_setting():
    assert isinstance(geocoder_named("offline"), Geocoder)
    assert len(geocoder_named("offline").geocode("190001", exactly_one=False)) > 1


class NominatimShapedGeocoder(Geocoder):
    """Stands in for an online geopy geocoder (no network in tests): answers with an OSM-style address."""

    def geocode(self, query, *, exactly_one=True, timeout=None, addressdetails=False):
        assert query == "190001, India" and addressdetails
        raw = {"address": {"suburb": "Lal Chowk", "state_district": "Srinagar District",
                           "state": "Jammu & Kashmir"}}
        return Location("Lal Chowk, Srinagar", (34.07, 74.81), raw)


def test_an_online_geocoder_can_replace_the_gazetteer():
    place = place_for_pin("190001", JK, NominatimShapedGeocoder())
    assert (place.locality, place.district, place.state) == ("Lal Chowk", "Srinagar", JK)


def test_distances_are_geodesic_kilometres():
    srinagar, jammu = (34.07208, 74.82067), (32.69847, 74.85758)
    assert distance_km(srinagar, jammu) == pytest.approx(152.3, abs=1.0)
