"""Running the data-quality rules over the communities a principal may see, and
scoring each community (api/quality/score.py)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg import AsyncConnection

from api.auth.principal import Principal
from api.collections.read import get_feature
from api.places.tables import COMMUNITIES
from api.quality.rule import Rule, Severity
from api.quality.rules import RULES
from api.quality.score import community_score, worst
from api.settings import Settings

# The records each community's score is over.
COMMUNITY_RECORDS = """
SELECT c.id, c.code, c.name,
       (SELECT count(*) FROM violation t WHERE t.community_id = c.id
          AND t.deleted_at IS NULL AND t.status <> 'dismissed') AS violations,
       (SELECT count(*) FROM household h WHERE h.community_id = c.id
          AND h.deleted_at IS NULL) AS households
FROM community c
WHERE c.deleted_at IS NULL
  AND (%(communities)s::bigint[] IS NULL OR c.id = ANY(%(communities)s))
ORDER BY c.code, c.id
"""

SCORE_DEFINITION = (
    "score = 100 × (1 − (E + w × W) / N) per community: N its live households and "
    "violations (dismissed ones excluded), E those whose worst problem is an error, W "
    "those whose worst problem is a warning, w = WEIJIAN_QUALITY_WARNING_WEIGHT; a "
    "photo's problem counts against its violation; null when N = 0"
)


@dataclass(frozen=True)
class Problem:
    rule: Rule
    record_id: int
    community_id: int
    related_id: int | None
    message: str

    @property
    def subject(self) -> tuple[str, int]:
        """The record the score charges: a photo's problem is its violation's."""
        if self.rule.record_type == "photo" and self.related_id is not None:
            return ("violation", self.related_id)
        return (self.rule.record_type, self.record_id)

    def as_json(self) -> dict[str, Any]:
        related = None
        if self.rule.related_type and self.related_id is not None:
            related = {"type": self.rule.related_type, "id": self.related_id}
        return {
            "rule": self.rule.name,
            "title_zh": self.rule.title_zh,
            "severity": self.rule.severity,
            "community_id": self.community_id,
            "record": {"type": self.rule.record_type, "id": self.record_id},
            "related": related,
            "message": self.message,
        }


def rule_params(settings: Settings, communities: list[int], viewer: Principal) -> dict[str, Any]:
    visible = list(viewer.communities) if viewer.communities is not None else None
    return {
        "communities": communities,
        "visible": visible,
        "outside_share": settings.quality_outside_compound_share,
        "overlap_share": settings.quality_overlap_share,
        "area_share": settings.quality_area_mismatch_share,
        "gps_m": settings.photo_gps_warning_m,
    }


async def run_rule(conn: AsyncConnection, rule: Rule, params: dict[str, Any]) -> list[Problem]:
    cur = await conn.execute(rule.sql, params)
    rows = await cur.fetchall()
    return [Problem(rule, int(r[0]), int(r[1]), r[2], str(r[3])) for r in rows]


async def _communities(
    conn: AsyncConnection, viewer: Principal, community_id: int | None
) -> list[tuple[Any, ...]]:
    if community_id is not None:
        await get_feature(conn, COMMUNITIES, community_id, viewer)  # 404 outside scope
        chosen: list[int] | None = [community_id]
    else:
        chosen = list(viewer.communities) if viewer.communities is not None else None
    cur = await conn.execute(COMMUNITY_RECORDS, {"communities": chosen})
    return list(await cur.fetchall())


def _community_entry(
    row: tuple[Any, ...], problems: list[Problem], warning_weight: float
) -> dict[str, Any]:
    community_id, code, name, violations, households = row
    by_subject: dict[tuple[str, int], list[Severity]] = defaultdict(list)
    for problem in problems:
        by_subject[problem.subject].append(problem.rule.severity)
    worst_of = {subject: worst(severities) for subject, severities in by_subject.items()}
    records = int(violations) + int(households)
    return {
        "community_id": community_id,
        "code": code,
        "name": name,
        "records": {"violations": int(violations), "households": int(households)},
        "problems": len(problems),
        "flagged": {
            "error": sum(1 for s in worst_of.values() if s == "error"),
            "warning": sum(1 for s in worst_of.values() if s == "warning"),
        },
        "score": community_score(records, worst_of, warning_weight),
    }


async def audit(
    conn: AsyncConnection,
    settings: Settings,
    viewer: Principal,
    community_id: int | None = None,
    rule_names: list[str] | None = None,
) -> dict[str, Any]:
    """The audit of one community (404 outside the viewer's) or of every community the
    viewer may see: each problem, each rule with its count, each community's score.
    Scores are over the rules run (all, unless `rule_names` picks some)."""
    rows = await _communities(conn, viewer, community_id)
    params = rule_params(settings, [int(r[0]) for r in rows], viewer)
    rules = [r for r in RULES if rule_names is None or r.name in rule_names]
    found: list[Problem] = []
    counts: dict[str, int] = {}
    for rule in rules:
        problems = await run_rule(conn, rule, params)
        counts[rule.name] = len(problems)
        found.extend(problems)
    by_community: dict[int, list[Problem]] = defaultdict(list)
    for problem in found:
        by_community[problem.community_id].append(problem)
    weight = settings.quality_warning_weight
    order = {rule.name: i for i, rule in enumerate(rules)}
    found.sort(key=lambda p: (p.community_id, order[p.rule.name], p.record_id))
    return {
        "generated_at": datetime.now(settings.zone).isoformat(timespec="seconds"),
        "score_definition": SCORE_DEFINITION,
        "thresholds": {
            "outside_compound_share": settings.quality_outside_compound_share,
            "overlap_share": settings.quality_overlap_share,
            "area_mismatch_share": settings.quality_area_mismatch_share,
            "photo_gps_warning_m": settings.photo_gps_warning_m,
            "new_construction_days": settings.new_construction_days,
            "warning_weight": weight,
        },
        "communities": [_community_entry(r, by_community[int(r[0])], weight) for r in rows],
        "rules": [
            {
                "name": r.name,
                "title_zh": r.title_zh,
                "description_zh": r.description_zh,
                "description": r.description,
                "severity": r.severity,
                "record_type": r.record_type,
                "problems": counts[r.name],
            }
            for r in rules
        ],
        "problems": [p.as_json() for p in found],
    }
