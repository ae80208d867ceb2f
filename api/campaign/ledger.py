"""Ledger category (台账) of a violation, by the 5th survey's cutoff (default May 2018).

Built before the cutoff → stock (存量), split by which ledger holds it: the national
housing ministry's stock ledger, the 5th survey's ledger of newly found stock, or
neither (missed stock, 漏报存量 — what the "look back" campaign hunts for).
Built on or after the cutoff → new (新增): zero tolerance.
"""

from datetime import date
from enum import StrEnum


class Ledger(StrEnum):
    STOCK_MINISTRY = "stock_ministry"
    STOCK_SURVEY5 = "stock_survey5"
    STOCK_MISSED = "stock_missed"
    NEW = "new"


LEDGER_LABELS_ZH = {
    Ledger.STOCK_MINISTRY: "住建部存量台账",
    Ledger.STOCK_SURVEY5: "第五次调查新增存量台账",
    Ledger.STOCK_MISSED: "漏报存量",
    Ledger.NEW: "新增违建",
}


class LedgerContradiction(ValueError):
    """The built date and the ledger flags contradict each other."""


def ledger_category(
    built_date: date, on_ministry_ledger: bool, on_survey5_ledger: bool, cutoff: date
) -> Ledger:
    """The ledger category; a structure on a stock ledger cannot be built after the cutoff."""
    if built_date >= cutoff:
        if on_ministry_ledger or on_survey5_ledger:
            held = "the ministry's stock ledger" if on_ministry_ledger else "the 5th survey ledger"
            raise LedgerContradiction(
                f"built_date {built_date.isoformat()} is on or after the cutoff "
                f"{cutoff.isoformat()}, so it is new construction, yet it is marked as on "
                f"{held}; correct the built date or the ledger flag"
            )
        return Ledger.NEW
    if on_ministry_ledger:
        return Ledger.STOCK_MINISTRY
    if on_survey5_ledger:
        return Ledger.STOCK_SURVEY5
    return Ledger.STOCK_MISSED
