"""The figures of a monthly report: their names, Chinese labels and the arithmetic
done on them outside SQL (the progress ratio, the street total). Pure functions.

A community's figures for a month (all "as recorded at month end", see monthly.py):

- `found.month.<ledger>` / `found.cumulative.<ledger>` and `.total`: violations found
  (registered) in the month / by month end, split by ledger category as recorded at
  month end (stock_ministry, stock_survey5, stock_missed, new). `found.cumulative.total`
  is "registered": every violation recorded by month end, dismissed ones included.
- `dealt.month.*` / `dealt.cumulative.*`: violations dealt with — `demolished`,
  `rectified` and `total` (= demolished + rectified). Each violation counts once, by
  its furthest state: a written-off one counts as what it was before the write-off.
  "This month" = its move into demolished / rectified happened in the month.
- `demolitions.month.*` / `demolitions.cumulative.*`: the demolished ones again —
  `count`, `footprint_m2` (the geodesic area of the mapped footprint as recorded at
  month end) and `floor_area_m2` (the floor area as recorded; missing ones add 0).
- `dismissed.month` / `.cumulative`: found not to be violations after all.
- `written_off.month` / `.cumulative`: taken off the ledger (销账) in the month / by
  month end.
- `standing`: still standing at month end (registered … rectifying).
- `overdue`: standing at month end past the deadline (the violation's plan deadline,
  else its compound's; found after the compound's deadline, its found date plus
  WEIJIAN_LATE_FIND_DAYS).
- `stop_overdue`: new construction (not dismissed) not stopped within
  WEIJIAN_NEW_CONSTRUCTION_DAYS of its found date: still unstopped and standing past
  that day, or stopped later than that — with the stop as recorded by month end.
- `progress_pct`: see `progress_pct`.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from api.vocabulary import LEDGERS as LEDGERS

LEDGER_LABELS = {
    "stock_ministry": "住建部存量台账",
    "stock_survey5": "五次调查新增存量",
    "stock_missed": "漏报存量",
    "new": "新增违建",
}
PERIODS = {"month": "本月", "cumulative": "累计"}


@dataclass(frozen=True)
class Figure:
    key: str  # dotted path in the nested figures, e.g. "found.month.new"
    label: str  # Chinese, for the sheet and the comparison
    kind: str  # "count", "area" (m², 2 decimals) or "pct"


def _fields() -> list[Figure]:
    fields: list[Figure] = []
    for period, zh in PERIODS.items():
        fields += [
            Figure(f"found.{period}.{k}", f"{zh}发现·{v}", "count")
            for k, v in LEDGER_LABELS.items()
        ]
        fields.append(Figure(f"found.{period}.total", f"{zh}发现·小计", "count"))
    for period, zh in PERIODS.items():
        fields += [
            Figure(f"dealt.{period}.demolished", f"{zh}治理·拆除", "count"),
            Figure(f"dealt.{period}.rectified", f"{zh}治理·整改", "count"),
            Figure(f"dealt.{period}.total", f"{zh}治理·小计", "count"),
        ]
    for period, zh in PERIODS.items():
        fields += [
            Figure(f"demolitions.{period}.count", f"{zh}拆除·宗数", "count"),
            Figure(f"demolitions.{period}.footprint_m2", f"{zh}拆除·占地面积", "area"),
            Figure(f"demolitions.{period}.floor_area_m2", f"{zh}拆除·建筑面积", "area"),
        ]
    for group, zh in (("dismissed", "不属违建"), ("written_off", "销账")):
        fields += [Figure(f"{group}.{p}", f"{pzh}{zh}", "count") for p, pzh in PERIODS.items()]
    fields += [
        Figure("standing", "未治理", "count"),
        Figure("overdue", "逾期未治理", "count"),
        Figure("stop_overdue", "新增未及时制止", "count"),
        Figure("progress_pct", "累计进度（%）", "pct"),
    ]
    return fields


FIELDS: tuple[Figure, ...] = tuple(_fields())
BY_KEY = {f.key: f for f in FIELDS}
SUMMED = tuple(f.key for f in FIELDS if f.kind != "pct")


def progress_pct(dealt: int, registered: int, dismissed: int) -> float | None:
    """Cumulative progress, in per cent with one decimal (half up):

        dealt with ÷ (registered − dismissed) × 100

    where "dealt with" is `dealt.cumulative.total` (demolished + rectified, a written-off
    violation counted once as what it was), "registered" is `found.cumulative.total`
    (every violation recorded by month end) and "dismissed" is `dismissed.cumulative`.
    With nothing left once dismissed ones are taken out (a zero denominator) there is
    no progress to speak of: None (JSON null; "—" on the sheet), never 0 or 100.
    """
    base = registered - dismissed
    if base <= 0:
        return None
    pct = (Decimal(100 * dealt) / Decimal(base)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return float(pct)


def nest(flat: dict[str, Any]) -> dict[str, Any]:
    """{"found.month.new": 1} → {"found": {"month": {"new": 1}}}."""
    nested: dict[str, Any] = {}
    for key, value in flat.items():
        *path, last = key.split(".")
        node = nested
        for part in path:
            node = node.setdefault(part, {})
        node[last] = value
    return nested


def flatten(nested: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The inverse of `nest`."""
    flat: dict[str, Any] = {}
    for key, value in nested.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


def _number(kind: str, value: Any) -> Any:
    if kind == "area":
        return round(float(value or 0), 2)
    return int(value or 0)


def complete(flat: dict[str, Any]) -> dict[str, Any]:
    """Figures from summed values: typed, in the order of FIELDS, with the progress."""
    figures = {key: _number(BY_KEY[key].kind, flat.get(key)) for key in SUMMED}
    figures["progress_pct"] = progress_pct(
        figures["dealt.cumulative.total"],
        figures["found.cumulative.total"],
        figures["dismissed.cumulative"],
    )
    return {f.key: figures[f.key] for f in FIELDS}


def street_total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The total (合计) of flat figures: the sum of the rows as shown (areas already
    rounded, so the total is what adding up the column gives), the progress recomputed
    from the sums — not an average of the rows' percentages."""
    sums = {key: sum(row[key] for row in rows) for key in SUMMED}
    return complete(sums)
