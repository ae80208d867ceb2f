"""Write-off requests (销账申请) as rows, made from the histories' write-off events.

Each `write_off_requested` event opens a request (requested by its actor, at its time,
with its reason as the evidence); the following `write_off_approved` or
`write_off_rejected` event decides it. A request no event decided is still pending: the
street office's queue. Requests are numbered in the order they were made, and the
events name their request as the service writes them: `{"write_off_request": [null,
id]}` when asked, `[id, id]` when decided.
"""

from dataclasses import dataclass
from datetime import date, datetime

from demo.violations import Violation

REQUESTED, APPROVED, REJECTED = "write_off_requested", "write_off_approved", "write_off_rejected"


@dataclass(eq=False)
class WriteOffRequest:
    violation: Violation
    requested_by: str
    requested_at: datetime
    evidence: str
    state: str = "pending"
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str | None = None
    id: int = 0
    events: tuple[int, ...] = ()  # the positions in violation.events of its events


def _evidence(v: Violation, again: bool) -> str:
    """What the community sends: the removal, its day and area, the after-photos."""
    removed = next(
        (e for e in v.events if e[2] == "status_changed" and e[5] in ("demolished", "rectified")),
        None,
    )
    day: date | None = removed[0].date() if removed else None
    when = f"{day:%Y年%m月%d日}" if day else ""
    if removed and removed[5] == "demolished":
        area = v.fields["demolished_area_m2"]
        text = f"已于{when}拆除，拆除面积{area:.2f}平方米，附拆除后照片，申请销账"
    else:
        text = f"已于{when}整改到位，恢复原状，附整改后照片，申请销账"
    return ("已补充材料，重新申请：" + text) if again else text


def build_requests(violations: list[Violation]) -> list[WriteOffRequest]:
    """The requests behind every violation's write-off events; the events are rewritten
    to carry the evidence and the request's id."""
    requests: list[WriteOffRequest] = []
    for v in violations:
        open_request: WriteOffRequest | None = None
        mine = 0
        for n, (at, _seq, kind, actor, _fs, _ts, reason, _diff) in enumerate(v.events):
            if kind == REQUESTED:
                if open_request is not None:
                    raise RuntimeError(f"violation {v.id}: a second request while one waits")
                open_request = WriteOffRequest(v, actor, at, _evidence(v, mine > 0), events=(n,))
                requests.append(open_request)
                mine += 1
            elif kind in (APPROVED, REJECTED):
                if open_request is None:
                    raise RuntimeError(f"violation {v.id}: a decision without a request")
                open_request.state = "approved" if kind == APPROVED else "rejected"
                open_request.decided_by, open_request.decided_at = actor, at
                open_request.decision_reason = reason
                open_request.events += (n,)
                open_request = None
    requests.sort(key=lambda r: (r.requested_at, r.violation.id))
    for number, r in enumerate(requests, start=1):
        r.id = number
        events = r.violation.events
        first = r.events[0]
        at, seq, kind, actor, from_status, to_status, _reason, _diff = events[first]
        events[first] = (
            at,
            seq,
            kind,
            actor,
            from_status,
            to_status,
            r.evidence,
            {"write_off_request": [None, r.id]},
        )
        for n in r.events[1:]:
            at, seq, kind, actor, from_status, to_status, reason, _diff = events[n]
            events[n] = (
                at,
                seq,
                kind,
                actor,
                from_status,
                to_status,
                reason,
                {"write_off_request": [r.id, r.id]},
            )
    return requests
