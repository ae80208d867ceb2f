"""The campaign's calendar: phases, working days, working-hour times.

Everything the demo records happens on a weekday between 08:30 and 17:30 in the
campaign's time zone, from the survey's first day to the end of 2020.
"""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SURVEY_START = date(2019, 7, 15)
SURVEY_END = date(2019, 8, 15)
REVIEW_START = date(2019, 8, 16)
REVIEW_END = date(2019, 9, 15)
RECTIFY_START = date(2019, 9, 16)
CAMPAIGN_END = date(2020, 12, 31)
DAY_START = 8 * 60 + 30  # minutes after midnight
DAY_END = 17 * 60 + 30


def is_workday(day: date) -> bool:
    return day.weekday() < 5


def next_workday(day: date) -> date:
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def workdays(first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def random_workday(rng: random.Random, first: date, last: date) -> date:
    """A weekday in [first, last] (or the first weekday after, if there is none)."""
    if last < first:
        last = first
    day = first + timedelta(days=rng.randrange((last - first).days + 1))
    if not is_workday(day):
        day = next_workday(day)
        if day > last:
            day = next_workday(first)
    return day


class Clock:
    """Working-hour datetimes in the campaign's zone."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def at(self, day: date, minute: int) -> datetime:
        return datetime.combine(day, time(minute // 60, minute % 60), self.tz)

    def during(
        self,
        rng: random.Random,
        day: date,
        after: datetime | None = None,
        latest: int = DAY_END - 30,
    ) -> datetime:
        """A time on `day` (or the next working day) strictly after `after`."""
        day = next_workday(day)
        minute = rng.randrange(DAY_START, latest)
        moment = self.at(day, minute)
        if after is not None and moment <= after:
            start = after.astimezone(self.tz)
            minute = start.hour * 60 + start.minute + rng.randrange(5, 45)
            day = start.date()
            if minute >= DAY_END:
                day = next_workday(day + timedelta(days=1))
                minute = DAY_START + rng.randrange(0, 90)
            moment = self.at(day, minute)
        return moment


def survey_days(compounds: list) -> None:
    """Give each grid cell the day its community surveyed it (摸底排查, 07-15 – 08-15).

    A community works through its compounds one after another; a compound's
    cells are spread over its share of the survey's working days.
    """
    days = workdays(SURVEY_START, SURVEY_END)
    by_community: dict[int, list] = {}
    for compound in compounds:
        by_community.setdefault(compound.community.id, []).append(compound)
    for group in by_community.values():
        share = len(days) / len(group)
        for k, compound in enumerate(group):
            first = int(k * share)
            chunk = days[first : max(first + 1, int((k + 1) * share))]
            for j, cell in enumerate(compound.cells):
                cell.survey_day = chunk[j * len(chunk) // len(compound.cells)]
