"""The closed vocabularies of a violation, as the database's CHECKs hold them."""

from typing import Literal, get_args

StructureType = Literal["rooftop_room", "enclosed_yard", "shed", "extension", "wall", "other"]
Use = Literal["dwelling", "storage", "business", "parking", "other"]
FoundBy = Literal["sweep", "complaint", "ledger_import", "other"]
Status = Literal[
    "registered",
    "verified",
    "planned",
    "rectifying",
    "demolished",
    "rectified",
    "written_off",
    "dismissed",
]
LedgerName = Literal["stock_ministry", "stock_survey5", "stock_missed", "new"]
PlanMeasure = Literal["demolish", "rectify", "confiscate", "other"]

STATUSES: tuple[str, ...] = get_args(Status)
LEDGERS: tuple[str, ...] = get_args(LedgerName)
