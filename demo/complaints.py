"""Complaints (投诉举报) from the web, the hotline and the 12345 platform, with histories.

Every violation found by complaint was reported first: a complaint received one to four
days before the violation was found, assigned by the street office to the inspector who
went to look, and verified when the inspector registered the structure — linking the two,
with a `complaint_linked` event in the violation's history. Most verified complaints are
closed later. Besides those, about a dozen complaints per community found nothing
(screened out by the street office, or unfounded on site; most then closed), and a few
from the last weeks of 2020 are still open (received, or assigned).

Each move follows the lifecycle (api/complaints/lifecycle.py) and is one event, written
as the service writes it. Reporters are made-up people (the party-name generator,
phones starting with "100"); their identity never enters a history.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from shapely import Point

from api.complaints import tracking
from demo import names
from demo.geo import Plane
from demo.layout import Layout
from demo.places import Building, Compound
from demo.spots import between, near, to_lonlat
from demo.timeline import CAMPAIGN_END, DAY_END, SURVEY_START, Clock, random_workday
from demo.violations import Violation

PER_COMMUNITY = 12  # complaints that found nothing, or are still open
CHANNELS = {"web": 40, "hotline": 25, "12345": 35}
PLATFORM = "key:12345政务服务便民热线"  # the 12345 platform's API key, as an actor
OPEN_FROM = date(2020, 12, 14)

DESCRIPTIONS = {
    "rooftop_room": (
        "{b}号楼楼顶有人搭建彩钢板房",
        "{b}号楼顶层住户在楼顶私自盖房",
        "{b}号楼楼顶新盖了一间屋子，存在安全隐患",
    ),
    "enclosed_yard": ("{b}号楼一楼住户圈占楼前绿地建院子", "{b}号楼南侧私自圈院，占用公共绿地"),
    "extension": ("{b}号楼一楼住户向外接建房屋", "{b}号楼山墙外私搭接建，影响消防通道"),
    "shed": ("{b}号楼北侧有人私搭棚子堆放杂物", "{b}号楼后面搭了车棚，占用通道"),
    "wall": ("{b}号楼前有人私自砌墙圈地", "{b}号楼南侧新砌了围墙"),
    "other": ("{b}号楼旁边放了一个集装箱当库房用", "{b}号楼附近私搭售货亭"),
}
VAGUE = (
    "{b}号楼旁边新建了一个亭子，怀疑是违建",
    "{b}号楼北侧有人在搭建东西",
    "{b}号楼附近一直在施工，像是在盖房子",
    "{b}号楼楼顶好像加盖了，请核实",
    "{b}号楼前有人在砌墙",
)
TAILS = ("", "，请尽快处理", "，影响通行", "，已经好几天了", "，希望有关部门管一管")
VERIFIED = (
    "现场核查属实，已登记违法建设",
    "经核实属实，已立案登记",
    "入户核查属实，已丈量拍照登记",
)
UNFOUNDED = (
    "经现场核查，为物业设置的垃圾分类亭，不属于违法建设",
    "经现场核查，未发现举报所述建筑",
    "经核查为已办理审批手续的临时施工设施",
    "经核查为社区公共服务设施（非机动车充电棚），手续齐全",
    "经核查为正常装修施工，无新增建筑",
)
SCREENED = ("与已办结举报为同一事项，不再重复派单", "举报内容为室内装修噪音，不属于违法建设")
CLOSED = ("已向举报人反馈处理结果", "已电话回访，举报人无异议", "办结")
ASSIGN = ("请核查并按时回复", None)


@dataclass
class Move:
    at: datetime
    actor: str
    to: str
    reason: str | None = None
    assigned_to: str | None = None


@dataclass(eq=False)
class Complaint:
    compound: Compound
    channel: str
    received_at: datetime
    created_at: datetime  # when the service registered it: the `received` event
    receiver: str
    description: str
    address: str
    spot: Point  # in the compound's frame
    reporter_name: str | None
    reporter_phone: str | None
    external_ref: str | None
    response_deadline: date
    violation: Violation | None = None
    moves: list[Move] = field(default_factory=list)
    with_photo: bool = False
    suffix: str = ""
    id: int = 0
    lonlat: tuple[float, float] = (0.0, 0.0)

    @property
    def tracking_no(self) -> str:
        return f"TS-{self.received_at:%Y%m%d}-{self.suffix}"

    @property
    def status(self) -> str:
        return self.moves[-1].to if self.moves else "received"

    def last(self, *statuses: str) -> Move | None:
        return next((m for m in reversed(self.moves) if m.to in statuses), None)

    @property
    def updated_at(self) -> datetime:
        return self.moves[-1].at if self.moves else self.created_at

    @property
    def version(self) -> int:
        return 1 + len(self.moves)


class _Maker:
    def __init__(self, rng: random.Random, clock: Clock, response_days: int) -> None:
        self.rng, self.clock, self.days = rng, clock, response_days
        self.refs = 0
        self.taken: set[str] = set()

    def received_at(self, channel: str, day: date) -> datetime:
        rng, tz = self.rng, self.clock.tz
        if channel == "hotline":  # staff take calls in office hours
            return self.clock.during(rng, day).replace(second=rng.randrange(60))
        first, last = (7 * 3600, 23 * 3600) if channel == "web" else (7 * 3600, 22 * 3600)
        seconds = rng.randrange(first, last)
        return datetime.combine(day, time(seconds // 3600, seconds // 60 % 60, seconds % 60), tz)

    def complaint(
        self, compound: Compound, building: Building, day: date, description: str, spot: Point
    ) -> Complaint:
        rng = self.rng
        channel = rng.choices(list(CHANNELS), list(CHANNELS.values()))[0]
        if channel == "hotline" and day.weekday() >= 5:
            channel = "12345"
        received = self.received_at(channel, day)
        created, receiver, ref = received, "public", None
        if channel == "hotline":
            receiver = rng.choice(names.ADMINS)
        elif channel == "12345":
            created = received + timedelta(seconds=rng.randrange(300, 5400))
            receiver = PLATFORM
            self.refs += 1
            ref = f"GD{received:%Y%m%d}{self.refs:05d}"
        name: str | None = names.person_name(rng)
        phone: str | None = names.phone(rng)
        share = {"web": (0.7, 0.9), "hotline": (0.7, 1.0), "12345": (0.9, 1.0)}[channel]
        chance = rng.random()
        if chance >= share[0]:
            name = None
        if chance >= share[1]:
            phone = None
        return Complaint(
            compound=compound,
            channel=channel,
            received_at=received,
            created_at=created,
            receiver=receiver,
            description=description + rng.choice(TAILS),
            address=f"{compound.name}{building.no}号楼附近",
            spot=spot,
            reporter_name=name,
            reporter_phone=phone,
            external_ref=ref,
            response_deadline=received.date() + timedelta(days=self.days),
            with_photo=channel == "web" and rng.random() < 0.15,
            suffix=self.suffix(received),
        )

    def suffix(self, received: datetime) -> str:
        """The random part of the tracking number, from the seeded stream (the service
        draws it from `secrets`); unique within the district."""
        while True:
            text = "".join(
                self.rng.choice(tracking.ALPHABET) for _ in range(tracking.SUFFIX_LENGTH)
            )
            number = f"{received:%Y%m%d}-{text}"
            if number not in self.taken:
                self.taken.add(number)
                return text

    def assign(self, c: Complaint, before: datetime | None = None) -> Move:
        """The street office hands it to an inspector of its community, next working time
        (early on the day of `before`, if that comes first)."""
        rng = self.rng
        at = self.clock.during(rng, c.created_at.date(), after=c.created_at)
        if before is not None and at >= before:
            morning = datetime.combine(before.date(), time(8, 0), self.clock.tz)
            at = between(rng, max(c.created_at, morning), before)
        assignee = rng.choice(c.compound.community.inspectors)
        return Move(at, rng.choice(names.ADMINS), "assigned", rng.choice(ASSIGN), assignee)

    def later(self, after: datetime, low: int, high: int) -> datetime | None:
        """A working time `low`–`high` days later, or None past the campaign's end."""
        day = after.date() + timedelta(days=self.rng.randint(low, high))
        at = self.clock.during(self.rng, day, after=after)
        return at if at.date() <= CAMPAIGN_END else None


def _events_after(v: Violation, moment: datetime) -> datetime | None:
    later = [e[0] for e in v.events if e[0] > moment]
    return min(later) if later else None


def _linked(maker: _Maker, v: Violation) -> Complaint:
    """The complaint that led to violation `v`, verified when `v` was registered."""
    rng = maker.rng
    day = v.found_day - timedelta(days=rng.randint(1, 4))
    fp = v.footprint
    text = rng.choice(DESCRIPTIONS[fp.structure_type]).format(b=fp.building.no)
    spot = near(rng, fp.shape, 3, 25, within=v.compound.shape)
    c = maker.complaint(v.compound, fp.building, day, text, spot)
    c.address = f"{v.compound.name}{fp.building.no}号楼{fp.place}"
    c.violation = v
    created = v.events[0]
    following = _events_after(v, v.created_at)
    latest = min(v.created_at + timedelta(minutes=60), maker.clock.at(v.found_day, DAY_END))
    verified_at = between(rng, v.created_at, min(latest, following) if following else latest)
    inspector = created[3]
    assigned = maker.assign(c, before=v.created_at)
    assigned.assigned_to = inspector
    c.moves = [assigned, Move(verified_at, inspector, "verified", rng.choice(VERIFIED))]
    if rng.random() < 0.7:
        closed = maker.later(verified_at, 1, 20)
        if closed is not None:
            c.moves.append(Move(closed, inspector, "closed", rng.choice(CLOSED)))
    return c


def _other(maker: _Maker, layout: Layout, still_open: bool, assign_open: bool) -> Complaint:
    """A complaint that found nothing, or one still waiting at the end of 2020."""
    rng = maker.rng
    compound = rng.choice([c for c in layout.compounds if c.buildings])
    building = rng.choice(compound.buildings)
    block = Point(building.x0 + building.length / 2, building.y0 + building.depth / 2).buffer(3)
    spot = near(rng, block, 5, 30, within=compound.shape)
    if still_open:
        day = OPEN_FROM + timedelta(days=rng.randrange((CAMPAIGN_END - OPEN_FROM).days))
    else:
        day = random_workday(rng, SURVEY_START, date(2020, 12, 4))
    c = maker.complaint(compound, building, day, rng.choice(VAGUE).format(b=building.no), spot)
    if still_open:
        if assign_open:
            assigned = maker.assign(c)
            if assigned.at.date() <= CAMPAIGN_END:
                c.moves.append(assigned)
        return c
    if rng.random() < 0.25:  # screened out by the street office without a visit
        at = maker.clock.during(rng, c.created_at.date(), after=c.created_at)
        c.moves.append(Move(at, rng.choice(names.ADMINS), "unfounded", rng.choice(SCREENED)))
    else:
        assigned = maker.assign(c)
        c.moves.append(assigned)
        assert assigned.assigned_to is not None
        at = maker.later(assigned.at, 1, 10) or maker.clock.during(rng, CAMPAIGN_END)
        c.moves.append(Move(at, assigned.assigned_to, "unfounded", rng.choice(UNFOUNDED)))
    if rng.random() < 0.7:
        closed = maker.later(c.moves[-1].at, 1, 10)
        if closed is not None:
            handler = c.moves[-1].actor
            c.moves.append(Move(closed, handler, "closed", rng.choice(CLOSED)))
    return c


def build_complaints(
    rng: random.Random,
    layout: Layout,
    violations: list[Violation],
    clock: Clock,
    plane: Plane,
    response_days: int,
) -> list[Complaint]:
    """The district's complaints, numbered in the order they were registered; the
    violations they led to get their `complaint_linked` events."""
    maker = _Maker(rng, clock, response_days)
    complaints = [_linked(maker, v) for v in violations if v.fields["found_by"] == "complaint"]
    others = PER_COMMUNITY * len(layout.communities)
    still_open = max(4, others // 8)
    complaints += [_other(maker, layout, n < still_open, n % 2 == 1) for n in range(others)]
    complaints.sort(key=lambda c: (c.created_at, c.tracking_no))
    for n, (c, lonlat) in enumerate(
        zip(complaints, to_lonlat(plane, [(c.compound, c.spot) for c in complaints]), strict=True),
        start=1,
    ):
        c.id, c.lonlat = n, lonlat
        verified = c.last("verified")
        if c.violation is not None and verified is not None:
            linked = {"id": c.id, "tracking_no": c.tracking_no}
            v = c.violation
            v.events.append(
                (
                    verified.at,
                    len(v.events),
                    "complaint_linked",
                    verified.actor,
                    None,
                    None,
                    verified.reason,
                    {"complaint": [None, linked]},
                )
            )
    return complaints
