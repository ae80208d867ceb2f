"""What a violation is: use, party, when built and found, ledger, measured area, fate.

Three quarters were found in the survey (摸底排查, 2019-07-15 – 08-15): those on a
stock ledger mostly by importing the ledger in the first week, the rest by the
sweep of their grid cell on the day it was swept. The others turned up later,
on patrol or by complaint. Built dates run 2005–2020; a structure on a stock
ledger was built before the cutoff. The final status is drawn among those the
time left before the end of 2020 allows.
"""

import random
from datetime import date, timedelta

from api.campaign.ledger import ledger_category
from demo import names
from demo.timeline import (
    CAMPAIGN_END,
    SURVEY_START,
    is_workday,
    next_workday,
    random_workday,
)
from demo.violations import Violation

USES = {
    "rooftop_room": {"dwelling": 50, "storage": 35, "business": 5, "other": 10},
    "enclosed_yard": {"storage": 45, "other": 35, "parking": 10, "business": 10},
    "extension": {"dwelling": 35, "storage": 30, "business": 25, "other": 10},
    "shed": {"storage": 50, "parking": 30, "business": 10, "other": 10},
    "wall": {"other": 100},
    "other": {"business": 60, "storage": 40},
}
# final status: (weight, weight for new construction, days it needs after being found)
FATES = {
    "registered": (4, 3, 0),
    "verified": (6, 4, 2),
    "planned": (9, 5, 7),
    "rectifying": (9, 10, 14),
    "demolished": (16, 25, 21),
    "rectified": (6, 0, 21),
    "written_off": (45, 50, 35),
    "dismissed": (5, 3, 2),
}
EARLY = date(2005, 1, 1)


def _pick(rng: random.Random, weights: dict) -> str:
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange(max(1, (last - first).days + 1)))


def assign(rng: random.Random, v: Violation, cutoff: date, ledger_counts: dict) -> None:
    fp, community = v.footprint, v.compound.community
    survey = rng.random() < 0.75
    group = _pick(
        rng,
        {"ministry": 30, "survey5": 22, "missed": 33, "new": 15}
        if survey
        else {"missed": 50, "new": 50},
    )
    if survey and group in ("ministry", "survey5") and rng.random() < 0.7:
        found_by, found = "ledger_import", random_workday(rng, SURVEY_START, date(2019, 7, 19))
    elif survey:
        found_by, found = "sweep", v.cell.survey_day
    else:
        found_by = _pick(rng, {"complaint": 45, "sweep": 48, "other": 7})
        found = random_workday(rng, date(2019, 8, 19), date(2020, 11, 30))
    if group == "new":
        built = _day_between(rng, cutoff, max(cutoff, found - timedelta(days=10)))
    else:
        last = cutoff - timedelta(days=1)
        if group == "ministry":  # the ministry's ledger was drawn up in 2017
            last = min(last, date(2016, 12, 31))
        built = _day_between(rng, min(EARLY, last - timedelta(days=3650)), last)
    ministry, survey5 = group == "ministry", group == "survey5"
    ledger = ledger_category(built, ministry, survey5, cutoff).value
    ledger_no = None
    if ministry or survey5:
        key = (community.id, group)
        ledger_counts[key] = ledger_counts.get(key, 0) + 1
        prefix = "ZJB" if ministry else "WC5"
        ledger_no = f"{prefix}-{community.code}-{ledger_counts[key]:04d}"

    structure = fp.structure_type
    two_storey = {"rooftop_room": 0.05, "extension": 0.15}.get(structure, 0.0)
    floors = 2 if rng.random() < two_storey else 1
    h = v.household
    if h is not None and rng.random() < 0.88:
        party_name, party_phone = h.party_name, h.party_phone
    elif h is not None or rng.random() < 0.6:
        party_name, party_phone = names.person_name(rng), names.phone(rng)  # a tenant, a shop
    else:
        party_name, party_phone = None, None  # nobody owns up to it
    if h is not None:
        address = h.address
    else:
        c = v.compound
        address = f"{c.address}{c.name}{fp.building.no}号楼{fp.place}"

    factor = rng.uniform(0.9, 1.1)
    if rng.random() < 0.02:  # measured on site far from what the map shows: a quality flag
        factor = rng.uniform(1.35, 1.8) if rng.random() < 0.5 else rng.uniform(0.45, 0.68)
    measured = round(v.area * factor, 2)
    floor_area = 0.0 if structure == "wall" else round(measured * floors * rng.uniform(0.92, 1), 2)

    days_left = (CAMPAIGN_END - found).days
    column = 1 if group == "new" else 0
    fates = {s: w[column] for s, w in FATES.items() if w[2] <= days_left and w[column] > 0}
    status = _pick(rng, fates)
    v.found_day = found if is_workday(found) else next_workday(found)
    v.fields = {
        "structure_type": structure,
        "use": _pick(rng, USES[structure]),
        "floors": floors,
        "address": address,
        "party_name": party_name,
        "party_phone": party_phone,
        "built_date": built,
        "found_date": v.found_day,
        "found_by": found_by,
        "on_ministry_ledger": ministry,
        "on_survey5_ledger": survey5,
        "ledger_no": ledger_no,
        "ledger": ledger,
        "status": status,
        "measured_area_m2": measured,
        "floor_area_m2": floor_area,
        "plan_measure": None,
        "plan_responsible": None,
        "plan_deadline": None,
        "demolished_on": None,
        "demolished_area_m2": None,
    }
