"""Chinese words for the violation vocabularies, as the forms write them."""

from datetime import date
from typing import Any

from api.campaign.ledger import LEDGER_LABELS_ZH
from api.campaign.lifecycle import LABELS_ZH as STATUS_LABELS_ZH

STRUCTURE_TYPES_ZH = {
    "rooftop_room": "屋顶加盖房",
    "enclosed_yard": "圈占院落",
    "shed": "简易棚房",
    "extension": "私搭扩建",
    "wall": "围墙",
    "other": "其他",
}
USES_ZH = {
    "dwelling": "居住",
    "storage": "储物",
    "business": "经营",
    "parking": "停车",
    "other": "其他",
}
PLAN_MEASURES_ZH = {
    "demolish": "拆除",
    "rectify": "整改",
    "confiscate": "没收",
    "other": "其他",
}
LEDGERS_ZH = {str(ledger): label for ledger, label in LEDGER_LABELS_ZH.items()}
STATUSES_ZH = dict(STATUS_LABELS_ZH)


def zh(labels: dict[str, str], value: str | None) -> str | None:
    """The Chinese label of a vocabulary value; None stays None (the form writes 无)."""
    if value is None:
        return None
    return labels.get(value, value)


def labelled(row: dict[str, Any]) -> dict[str, Any]:
    """A violation row with its vocabulary values in Chinese, ready for a form."""
    overdue = row.get("overdue")
    return {
        **row,
        "structure_type": zh(STRUCTURE_TYPES_ZH, row.get("structure_type")),
        "use": zh(USES_ZH, row.get("use")),
        "ledger": zh(LEDGERS_ZH, row.get("ledger")),
        "status": zh(STATUSES_ZH, row.get("status")),
        "plan_measure": zh(PLAN_MEASURES_ZH, row.get("plan_measure")),
        "overdue": None if overdue is None else ("是" if overdue else "否"),
    }


def day_zh(day: date | None) -> str:
    """A date as forms write it: 2020年6月30日; 无 when there is none."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "无"


def text(value: Any) -> str:
    """A value for a "label：value" line: 无 when empty."""
    return "无" if value is None or str(value).strip() == "" else str(value)
