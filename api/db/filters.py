"""Words shared by the collections' declarations: the descriptions of the common
filters, and the keyword that marks a property as a queryable."""

from typing import Any

ONLY_COMMUNITY = "Only within this community."
ONLY_COMPOUND = "Only within this compound."
ONLY_GRID = "Only within this grid cell."
A_DATE = "A date, YYYY-MM-DD (inclusive)."
A_DAY = "A day (YYYY-MM-DD, campaign time zone), inclusive."

# Property(..., **Q): a plain column offered as a queryable.
Q: dict[str, Any] = {"queryable": True}
