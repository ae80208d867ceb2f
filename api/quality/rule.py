"""What a data-quality rule is, and the SQL pieces the rules share.

Every rule's SQL answers rows of (record_id, community_id, related_id, message) for
the records it flags, among live records of the communities in %(communities)s (a
list of ids). A rule naming a second record (`related_type`) finds it only within
%(visible)s (null: every community), so nothing of a community the viewer may not see
leaks. Thresholds are bound parameters from the settings (WEIJIAN_QUALITY_*):
%(outside_share)s, %(overlap_share)s, %(area_share)s, %(gps_m)s. Messages say what is
wrong and how to put it right. Literal per-cent signs are written %% (bound params).
"""

from dataclasses import dataclass
from typing import Literal

from api.db.literals import listed
from api.vocabulary import STANDING

Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")

# A violation the audit looks at (alias t): live, in the audited communities, and a
# violation after all (dismissed records are not).
LIVE = "t.deleted_at IS NULL AND t.status <> 'dismissed' AND t.community_id = ANY(%(communities)s)"
_STANDING_LIST = listed(STANDING)


def standing(alias: str) -> str:
    """The record under `alias` still stands (registered … rectifying)."""
    return f"({alias}.status IN ({_STANDING_LIST}))"


def blank(column: str) -> str:
    """The text column holds nothing (null, empty or spaces)."""
    return f"btrim(coalesce({column}, '')) = ''"


@dataclass(frozen=True)
class Rule:
    """One rule: its name, what it checks in Chinese and English, how bad a finding is
    (`error`: the plan's rule is broken; `warning`: suspicious, check it), which kind of
    record it flags, and its SQL."""

    name: str
    title_zh: str
    description_zh: str
    description: str
    severity: Severity
    record_type: Literal["violation", "household", "photo"]
    sql: str
    related_type: Literal["violation", "compound"] | None = None
