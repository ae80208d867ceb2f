"""The closed vocabularies of a violation (from api/vocabulary.py, the one source)."""

from api.vocabulary import LEDGERS as LEDGERS
from api.vocabulary import VIOLATION_STATUSES as STATUSES
from api.vocabulary import FoundBy, PlanMeasure, StructureType, Use
from api.vocabulary import Ledger as LedgerName
from api.vocabulary import ViolationStatus as Status

__all__ = [
    "LEDGERS",
    "STATUSES",
    "FoundBy",
    "LedgerName",
    "PlanMeasure",
    "Status",
    "StructureType",
    "Use",
]
