"""The data-quality score of a community, a plain function (docs/quality.md).

    score = 100 × (1 − Σ cost(record) / records)

`records` are the community's live households and live violations (dismissed ones
are not violations). A record costs by its worst problem: 1 for an error, the
warning weight (WEIJIAN_QUALITY_WARNING_WEIGHT, 0.5) for a warning, 0 without any;
a record with several problems costs once. A photo's problem is its violation's.
So the score is the share of sound records, warnings counting half, from 0 to 100,
rounded to one decimal; a community without records has no score (None).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from api.quality.rule import Severity

ERROR_COST = 1.0


def cost(severity: Severity, warning_weight: float) -> float:
    return ERROR_COST if severity == "error" else warning_weight


def worst(severities: Iterable[Severity]) -> Severity:
    """The worst of one record's problems."""
    return "error" if "error" in severities else "warning"


def community_score(
    records: int, worst_per_record: Mapping[Any, Severity], warning_weight: float
) -> float | None:
    """The score of a community of `records` records, given the worst severity of each
    flagged one (keyed by record)."""
    if records <= 0:
        return None
    spent = sum(cost(s, warning_weight) for s in worst_per_record.values())
    return round(max(0.0, 100 * (1 - spent / records)), 1)
