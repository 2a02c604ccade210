"""Gazetteer positions checked against their district: far from the district's median, or outside the state, is wrong.

Pure: takes the gazetteer's office records (plain dicts) and coordinates, returns plain values.

Why a median of *distinct* positions: the gazetteer copies one point over whole clusters of branch offices (nine
Kishtwar offices share 33.30541 N 75.06122 E); counted once each, such copies no longer drag a district's median.
Why 50 km: across J&K's 213 PIN codes the first located office lies a median 13.5 km from its district's median;
correct positions reach 44 km (Bani, at the far east of Kathua), and every position beyond 50 km examined is wrong
(Thathri at 23 N, Kangri and Anantnag City in Punjab, Beerwah and Vijaypur one degree of longitude off, ...).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import median

from geopy.distance import geodesic

OUTLIER_KM = 50.0
UNRELIABLE_QUALITY = frozenset({"suspect", "removed", "missing"})


@dataclass(frozen=True)
class Bounds:
    """A latitude/longitude box a state lies in."""

    south: float
    north: float
    west: float
    east: float

    def contains(self, latitude: float, longitude: float) -> bool:
        """Whether the point lies inside the box (edges included)."""
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east


# The Union Territory since 2019 (Ladakh is a UT of its own), with a margin of about 10 km.
STATE_BOUNDS: dict[str, Bounds] = {"JAMMU AND KASHMIR": Bounds(32.2, 35.1, 73.2, 76.8)}


@dataclass(frozen=True)
class CheckedPosition:
    """A gazetteer position and the one to use: the same, or its district's median when the former is an outlier."""

    district: str
    gazetteer: tuple[float, float]
    used: tuple[float, float]
    distance_km: float | None  # from the district's median; None when the district has no median
    reason: str = ""  # "" (kept), "far from its district" or "outside the state"

    @property
    def replaced(self) -> bool:
        """Whether the gazetteer position was set aside."""
        return bool(self.reason)


def district_medians(offices: Iterable[Mapping]) -> dict[str, tuple[float, float]]:
    """Median latitude and longitude of each district's distinct, reliable office positions."""
    positions: dict[str, set[tuple[float, float]]] = defaultdict(set)
    for office in offices:
        if (office.get("district") and office.get("latitude") is not None and office.get("longitude") is not None
                and office.get("geo_quality") not in UNRELIABLE_QUALITY):
            positions[office["district"]].add((office["latitude"], office["longitude"]))
    return {district: (median(lat for lat, _ in points), median(lon for _, lon in points))
            for district, points in positions.items()}


@dataclass(frozen=True)
class DistrictPositions:
    """The districts' medians of one state, its bounding box, and the distance beyond which a position is wrong."""

    medians: Mapping[str, tuple[float, float]]
    bounds: Bounds | None = None
    threshold_km: float = OUTLIER_KM

    @classmethod
    def from_offices(cls, offices: Iterable[Mapping], bounds: Bounds | None = None,
                     threshold_km: float = OUTLIER_KM) -> DistrictPositions:
        """Medians built from the gazetteer's offices of one state."""
        return cls(district_medians(offices), bounds, threshold_km)

    def check(self, district: str | None, latitude: float, longitude: float) -> CheckedPosition:
        """The position to use for a gazetteer position in `district`: kept, or that district's median."""
        gazetteer = (latitude, longitude)
        centre = self.medians.get(district or "")
        if centre is None:  # no reliable office in that district: nothing to compare with, keep what we have
            return CheckedPosition(district or "", gazetteer, gazetteer, None)
        distance = geodesic(gazetteer, centre).km
        if self.bounds is not None and not self.bounds.contains(latitude, longitude):
            return CheckedPosition(district, gazetteer, centre, distance, "outside the state")
        if distance > self.threshold_km:
            return CheckedPosition(district, gazetteer, centre, distance, "far from its district")
        return CheckedPosition(district, gazetteer, gazetteer, distance)
