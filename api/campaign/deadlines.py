"""The deadline a violation must be dealt with by (完成期限).

A violation's own plan deadline holds when it has one. Otherwise its compound's
deadline (以小区为单位明确完成治理工作的最后期限) holds — except for a **late find**, a
violation found after its compound's deadline had passed: it would be overdue the day it
was found. A late find's deadline is instead its found date plus
`WEIJIAN_LATE_FIND_DAYS` (30). The same rule gives the default of the move to `planned`,
the `deadline` and `overdue` of each violation, the quality audit's past deadlines and
the monthly report's overdue figure (docs/monthly-report.md).

No deadline may lie before the day the violation was found.
"""

from datetime import date, timedelta

from api.settings import Settings

# The per-session setting SQL reads the days from (api/db/pool.py sets it), with the
# settings' default when a connection was opened without it.
LATE_FIND_DAYS_SQL = (
    "COALESCE(current_setting('weijian.late_find_days', true), "
    f"'{Settings.model_fields['late_find_days'].default}')::int"
)


def default_deadline(
    found: date, compound_deadline: date | None, late_find_days: int
) -> date | None:
    """The deadline of a violation without a plan deadline of its own."""
    if compound_deadline is None:
        return None
    if compound_deadline < found:
        return found + timedelta(days=late_find_days)
    return compound_deadline


def deadline_sql(plan: str, compound: str, found: str, late_find_days: str) -> str:
    """`default_deadline` in SQL: the plan's deadline, else the compound's, else — for a
    late find — found date plus the days. Arguments are SQL expressions."""
    return (
        f"COALESCE({plan}, CASE WHEN {compound} < {found} "
        f"THEN {found} + {late_find_days} ELSE {compound} END)"
    )


def before_found(deadline: date | None, found: date | None) -> str | None:
    """The refusal of a deadline before the found date, or None when it is fine."""
    if deadline is None or found is None or deadline >= found:
        return None
    return (
        f"plan_deadline {deadline} is before the violation was found ({found}): a deadline "
        "must be on or after the found date — correct the deadline, or the found date"
    )
