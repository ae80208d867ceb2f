"""Each violation's history (violation_event), walked to its final state.

Lifecycle: registered → verified → planned → rectifying → demolished | rectified
→ written_off, or registered | verified → dismissed. The first event creates the
record (diff: every initial value as [null, value]); each status move is a
`status_changed` event whose diff holds the status and the fields set with it
(the plan, the demolition); edits are `updated`/`ledger_changed` events with
[old, new] diffs. Replaying the diffs gives the stored row. Write-offs are
requested by the community and approved (with the move to written_off, at the
same moment) or sent back by the street office.

Dates follow the plan: survey finds are checked in the review phase, planned by
09-15, worked on from 09-16 and removed before their compound's deadline (mostly);
new construction is stopped at once. A route that would run past 2020 is
squeezed into what is left.

Once the violations are numbered, the workflow around them adds its events to these
histories: the write-off requests' ids (writeoffs.py), `complaint_linked` when the
complaint that led to a violation is verified (complaints.py), `photo_added` for each
photo (photos.py). None of those changes the row, so none counts in its version.
"""

import random
from datetime import date, timedelta

from demo import names
from demo.history_steps import Step, fill_route
from demo.timeline import CAMPAIGN_END, Clock
from demo.violations import Violation

LAST_DAY = CAMPAIGN_END - timedelta(days=2)
STATUS_REASONS = {
    "verified": ("现场核实，已丈量面积并拍照", "入户核实，影像锁定"),
    "planned": ("列入治理任务计划", "制定整治方案，明确责任人和完成时限"),
    "rectifying": ("已下达限期拆除通知书", "已约谈当事人，开始整治"),
    "demolished": ("已拆除，拆除后照片已上传", "当事人自行拆除，已现场核实", "组织集中拆除"),
    "rectified": ("已整改到位，恢复原状", "已按要求整改"),
    "dismissed": (
        "经核实为合法建筑，持有规划许可证",
        "经核实不属于违法建设（公共设施）",
        "经核实为临时施工设施，已撤除",
    ),
    "written_off": ("销账",),
}
CREATED_REASONS = {
    "ledger_import": "台账导入",
    "sweep": "排查发现",
    "complaint": "投诉举报核实",
    "other": "其他部门移交",
}
DELETE_REASONS = ("重复登记，与另一条记录为同一处违建", "录入错误，已在正确位置重新登记")


def build_history(rng: random.Random, v: Violation, clock: Clock) -> None:
    steps = fill_route(rng, v)
    _squeeze(steps, v.found_day)
    _add_edits(rng, v, steps)
    _add_deletion(rng, v, steps)
    _timestamp(rng, v, steps, clock)


def _squeeze(steps: list[Step], found: date) -> None:
    """Keep the days in order, and before the campaign's end."""
    last = steps[-1].day
    if last > LAST_DAY:
        span, room = (last - found).days, (LAST_DAY - found).days
        for s in steps:
            s.day = found + timedelta(days=(s.day - found).days * room // span)
    for earlier, later in zip(steps, steps[1:], strict=False):
        later.day = max(later.day, earlier.day)


def _add_edits(rng: random.Random, v: Violation, steps: list[Step]) -> None:
    """Corrections made along the way: a re-measure, a new phone number, a use, a ledger."""
    f, initial = v.fields, v.initial
    verify = next((i for i, s in enumerate(steps) if s.to_status == "verified"), None)
    if verify is not None and rng.random() < 0.25:
        old = round(f["measured_area_m2"] * rng.uniform(0.85, 1.15), 2)
        diff = {"measured_area_m2": [old, f["measured_area_m2"]]}
        initial["measured_area_m2"] = old
        if f["floor_area_m2"]:
            old_floor = round(old * f["floors"], 2)
            diff["floor_area_m2"] = [old_floor, f["floor_area_m2"]]
            initial["floor_area_m2"] = old_floor
        steps.insert(verify, Step(steps[verify].day, "updated", reason="复测面积", diff=diff))
    if (
        f["on_survey5_ledger"]
        and f["found_by"] == "sweep"
        and len(steps) > 1
        and rng.random() < 0.3
    ):
        initial.update(on_survey5_ledger=False, ledger="stock_missed", ledger_no=None)
        diff = {
            "on_survey5_ledger": [False, True],
            "ledger": ["stock_missed", f["ledger"]],
            "ledger_no": [None, f["ledger_no"]],
        }
        steps.insert(
            1, Step(steps[1].day, "ledger_changed", reason="核对第五次调查台账：已在册", diff=diff)
        )
    if f["party_phone"] and rng.random() < 0.05:
        old = names.phone(rng)
        initial["party_phone"] = old
        _insert_later(
            rng,
            steps,
            Step(
                steps[0].day,
                "updated",
                reason="更新联系电话",
                diff={"party_phone": [old, f["party_phone"]]},
            ),
        )
    if f["structure_type"] != "wall" and rng.random() < 0.03:
        old = next(u for u in ("storage", "dwelling", "business", "other") if u != f["use"])
        initial["use"] = old
        _insert_later(
            rng,
            steps,
            Step(steps[0].day, "updated", reason="核实用途", diff={"use": [old, f["use"]]}),
        )


def _insert_later(rng: random.Random, steps: list[Step], step: Step) -> None:
    """Put an edit somewhere after the record was created."""
    places = [
        i for i in range(1, len(steps) + 1) if i == len(steps) or not steps[i].same_time_as_previous
    ]
    at = rng.choice(places)
    before = steps[at - 1].day
    after = steps[at].day if at < len(steps) else min(LAST_DAY, before + timedelta(days=30))
    step.day = before + timedelta(days=rng.randrange(max(1, (after - before).days + 1)))
    steps.insert(at, step)


def _add_deletion(rng: random.Random, v: Violation, steps: list[Step]) -> None:
    if v.fields["status"] in ("registered", "verified", "dismissed") and rng.random() < 0.025:
        day = min(LAST_DAY, steps[-1].day + timedelta(days=rng.randrange(1, 20)))
        steps.append(
            Step(day, "deleted", actor=rng.choice(names.ADMINS), reason=rng.choice(DELETE_REASONS))
        )


def _timestamp(rng: random.Random, v: Violation, steps: list[Step], clock: Clock) -> None:
    f = v.fields
    inspectors = v.compound.community.inspectors
    previous = None
    version = 0
    for seq, s in enumerate(steps):
        if s.same_time_as_previous and previous is not None:
            at = previous
        else:
            at = clock.during(rng, s.day, after=previous)
        previous = at
        actor = s.actor or rng.choice(inspectors)
        reason = s.reason
        if s.kind == "status_changed" and reason is None:
            reason = rng.choice(STATUS_REASONS[str(s.to_status)])
        diff = s.diff
        if s.kind == "created":
            reason = CREATED_REASONS[f["found_by"]]
            diff = {
                k: [None, v.initial.get(k, val)]
                for k, val in f.items()
                if v.initial.get(k, val) is not None and k not in _SET_LATER
            }
            diff["status"] = [None, "registered"]
            v.created_at = at
            v.status_changed_at = at
        if s.kind == "status_changed":
            diff = {"status": [s.from_status, s.to_status]} | s.diff
            v.status_changed_at = at
            if s.to_status == "demolished":
                f["demolished_on"] = at.date()
                diff["demolished_on"] = [None, at.date()]
                diff["demolished_area_m2"] = [None, f["demolished_area_m2"]]
        if s.kind == "deleted":
            v.deleted = (at, actor, reason)
        if s.kind in ("created", "updated", "status_changed", "ledger_changed", "deleted"):
            version += 1
        v.events.append((at, seq, s.kind, actor, s.from_status, s.to_status, reason, diff))
    assert previous is not None  # every history starts with its creation
    v.updated_at = previous
    v.version = version


# set by later events (the plan, the demolition), never at registration
_SET_LATER = {
    "status",
    "plan_measure",
    "plan_responsible",
    "plan_deadline",
    "demolished_on",
    "demolished_area_m2",
}
