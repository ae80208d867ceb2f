"""The Open311 services: one per complaint channel (api/vocabulary.py).

Every complaint is of one kind — illegal construction (违法建设) — so the types a
GeoReport client chooses from are the ways a complaint comes in; `service_code` is the
complaint's `channel`, stored with it and filterable, and a request POSTed with a code
is registered with that channel."""

from typing import Any

from api.vocabulary import COMPLAINT_CHANNELS

NAMES = {
    "web": "网上举报 (web form)",
    "hotline": "电话举报 (the street office's hotline)",
    "12345": "12345 政务服务便民热线 (the 12345 platform)",
    "letter": "来信举报 (letter)",
    "other": "其他渠道 (other)",
}
assert set(NAMES) == set(COMPLAINT_CHANNELS)

GROUP = "违法建设"
KEYWORDS = "违建,违法建设,illegal construction"


def services() -> list[dict[str, Any]]:
    return [
        {
            "service_code": code,
            "service_name": NAMES[code],
            "description": f"Illegal construction (违法建设) reported by {NAMES[code]}.",
            "metadata": False,
            "type": "realtime",
            "keywords": KEYWORDS,
            "group": GROUP,
        }
        for code in COMPLAINT_CHANNELS
    ]
