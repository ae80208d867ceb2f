"""The month a report covers, in the campaign's time zone (WEIJIAN_TZ).

A month is the half-open interval [its first instant, the first instant of the next
month). "At month end" means at that exclusive end: everything recorded before it
counts, nothing recorded at or after it does.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from api.errors import Problem, Unprocessable

MONTH_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Month:
    first_day: date
    zone: ZoneInfo

    @property
    def next_first_day(self) -> date:
        if self.first_day.month == 12:
            return date(self.first_day.year + 1, 1, 1)
        return date(self.first_day.year, self.first_day.month + 1, 1)

    @property
    def start(self) -> datetime:
        """Its first instant (inclusive)."""
        return datetime.combine(self.first_day, time(), self.zone)

    @property
    def end(self) -> datetime:
        """The first instant of the next month (exclusive)."""
        return datetime.combine(self.next_first_day, time(), self.zone)

    @property
    def label(self) -> str:
        return f"{self.first_day:%Y-%m}"

    @property
    def label_zh(self) -> str:
        return f"{self.first_day.year}年{self.first_day.month}月"

    def ended(self, now: datetime) -> bool:
        return now >= self.end

    def as_of(self, now: datetime) -> datetime:
        """The moment the figures describe: month end, or now for the running month."""
        return self.end if self.ended(now) else now

    def as_of_day(self, now: datetime) -> date:
        """The day deadlines are compared with (a deadline before it has passed): the
        first day after the month, or today in the running month — as the `overdue`
        flags compare with today."""
        return self.next_first_day if self.ended(now) else now.astimezone(self.zone).date()


def parse_month(
    value: str, now: datetime, zone: ZoneInfo, refusal: type[Problem] = Unprocessable
) -> Month:
    """A month from 'YYYY-MM'; `refusal` (422, or 400 for a query parameter) for anything
    else or for a month not yet begun."""
    match = MONTH_PATTERN.match(value or "")
    if not match:
        raise refusal(f"month {value!r} is not a month: write it as YYYY-MM, e.g. 2019-10")
    month = Month(date(int(match.group(1)), int(match.group(2)), 1), zone)
    if month.start > now:
        current = now.astimezone(zone)
        raise refusal(
            f"month {value} has not begun yet (it is {current:%Y-%m} in {zone.key}): "
            "there is nothing to report"
        )
    return month


def ended_month(value: str, now: datetime, zone: ZoneInfo) -> Month:
    """A month that is over: only those can be submitted."""
    month = parse_month(value, now, zone)
    if not month.ended(now):
        raise Unprocessable(
            f"month {value} is not over until {month.end:%Y-%m-%d %H:%M} ({zone.key}): a "
            "month's report is submitted once the month has ended"
        )
    return month
