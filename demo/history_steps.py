"""The days of a violation's route through the lifecycle, and what each step sets.

A Step is one future event on a day; history.py gives it its time and actor.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from demo import names
from demo.timeline import CAMPAIGN_END, RECTIFY_START, SURVEY_END
from demo.violations import Violation

PLANNED_BY = date(2019, 9, 13)  # the task plan (Attachment 3) is due 09-15
VERIFIED_BY = date(2019, 9, 6)
PENDING_FROM = date(2020, 11, 16)  # write-off requests still waiting were made after


@dataclass
class Step:
    day: date
    kind: str
    from_status: str | None = None
    to_status: str | None = None
    actor: str | None = None
    reason: str | None = None
    diff: dict = field(default_factory=dict)
    same_time_as_previous: bool = False


def _plus(rng: random.Random, day: date, low: int, high: int) -> date:
    return day + timedelta(days=rng.randint(low, high))


def _between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _route(rng: random.Random, final: str, new: bool) -> list[str]:
    main = ["verified", "planned", "rectifying"]
    if final == "registered":
        return []
    if final == "dismissed":
        return ["dismissed"] if rng.random() < 0.5 else ["verified", "dismissed"]
    if final in ("verified", "planned", "rectifying"):
        return main[: main.index(final) + 1]
    if final in ("demolished", "rectified"):
        return [*main, final]
    via = "rectified" if not new and rng.random() < 0.15 else "demolished"
    return [*main, via, "written_off"]


def _measure(rng: random.Random, route: list[str], new: bool) -> str:
    if "rectified" in route:
        return "rectify"
    if new:
        return "demolish"
    if "demolished" in route:
        return rng.choices(("demolish", "confiscate", "other"), (85, 8, 7))[0]
    return rng.choices(("demolish", "rectify", "confiscate", "other"), (70, 18, 6, 6))[0]


def _next_day(
    rng: random.Random, status: str, prev: date, planned_phase: bool, new: bool, deadline: date
) -> date:
    if status == "dismissed":
        return _plus(rng, prev, 2, 20)
    if new:  # zero tolerance: stopped at once
        return _plus(
            rng,
            prev,
            *{"verified": (1, 3), "planned": (1, 5), "rectifying": (0, 5)}.get(status, (2, 15)),
        )
    if not planned_phase:
        return _plus(
            rng,
            prev,
            *{"verified": (1, 10), "planned": (3, 15), "rectifying": (1, 20)}.get(status, (5, 60)),
        )
    if status == "verified":
        return _between(rng, prev + timedelta(days=1), VERIFIED_BY)
    if status == "planned":
        return _between(rng, max(prev + timedelta(days=1), date(2019, 9, 2)), PLANNED_BY)
    if status == "rectifying":
        return _between(rng, RECTIFY_START, max(RECTIFY_START, deadline - timedelta(days=45)))
    if rng.random() < 0.85:  # removed before the compound's deadline
        return _between(rng, prev + timedelta(days=3), max(prev + timedelta(days=3), deadline))
    return _plus(rng, max(prev, deadline), 1, 60)


def fill_route(rng: random.Random, v: Violation) -> list[Step]:
    """The steps from registration to the final status; sets the plan and demolition fields."""
    f = v.fields
    new = f["ledger"] == "new"
    planned_phase = v.found_day <= SURVEY_END
    community = v.compound.community
    route = _route(rng, f["status"], new)
    steps = [Step(v.found_day, "created")]
    day, prev = v.found_day, "registered"
    for status in route:
        if status == "written_off":
            steps.extend(_write_off(rng, day, community.inspectors, approved=True))
            steps.append(
                Step(
                    steps[-1].day,
                    "status_changed",
                    prev,
                    status,
                    actor=steps[-1].actor,
                    same_time_as_previous=True,
                )
            )
            break
        day = _next_day(rng, status, day, planned_phase, new, v.compound.deadline)
        diff: dict = {}
        if status == "planned":
            f["plan_measure"] = _measure(rng, route, new)
            f["plan_responsible"] = rng.choice(community.workers)
            if new:
                f["plan_deadline"] = _plus(rng, day, 15, 30)
            elif planned_phase:
                f["plan_deadline"] = v.compound.deadline
            else:
                f["plan_deadline"] = _plus(rng, day, 30, 90)
            diff = {k: [None, f[k]] for k in ("plan_measure", "plan_responsible", "plan_deadline")}
        if status == "demolished":
            f["demolished_area_m2"] = math.floor(v.area * rng.uniform(0.8, 0.98) * 100) / 100
        steps.append(Step(day, "status_changed", prev, status, diff=diff))
        prev = status
    if f["status"] in ("demolished", "rectified"):
        chance = rng.random()
        if chance < 0.25:
            steps.extend(_write_off(rng, day, community.inspectors, approved=None))
        elif chance < 0.35 and f["status"] == "demolished":
            steps.extend(_write_off(rng, day, community.inspectors, approved=False))
    return steps


def _write_off(
    rng: random.Random, day: date, inspectors: list[str], approved: bool | None
) -> list[Step]:
    """Request; maybe sent back (and asked again); then approved, refused, or pending.
    A request still pending at the end was made in the last weeks of 2020: the street
    office's queue holds recent requests, not ones forgotten for a year."""
    admin = rng.choice(names.ADMINS)
    asked = _plus(rng, day, 3, 20)
    if approved is None:
        asked = max(asked, _between(rng, PENDING_FROM, CAMPAIGN_END - timedelta(days=2)))
    steps = [
        Step(
            asked,
            "write_off_requested",
            actor=rng.choice(inspectors),
            reason="已完成，申请销账（附拆除/整改后照片）",
        )
    ]
    if approved is False or (approved and rng.random() < 0.2):
        back = _plus(rng, asked, 2, 10)
        steps.append(
            Step(back, "write_off_rejected", actor=admin, reason=rng.choice(REJECT_REASONS))
        )
        if approved is False:
            return steps
        asked = _plus(rng, back, 3, 15)
        steps.append(
            Step(
                asked,
                "write_off_requested",
                actor=rng.choice(inspectors),
                reason="已补充材料，重新申请销账",
            )
        )
    if approved:
        steps.append(
            Step(
                _plus(rng, asked, 2, 10),
                "write_off_approved",
                actor=admin,
                reason="材料齐全，同意销账",
            )
        )
    return steps


REJECT_REASONS = (
    "拆除后照片不清晰，请补充",
    "拆除面积与丈量面积不符，请复核",
    "缺少现场核查记录",
    "现场仍有建筑垃圾，清理后再报",
)
