"""The report's rules without the database: months, the progress ratio, the total."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from api.errors import Unprocessable
from api.reports import figures, monthly
from api.reports.months import ended_month, parse_month

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2019, 11, 15, 9, 30, tzinfo=SHANGHAI)


def test_a_month_is_its_days_in_the_campaign_zone() -> None:
    october = parse_month("2019-10", NOW, SHANGHAI)
    assert october.start.isoformat() == "2019-10-01T00:00:00+08:00"
    assert october.end.isoformat() == "2019-11-01T00:00:00+08:00"
    assert (october.label, october.label_zh) == ("2019-10", "2019年10月")
    assert october.ended(NOW) and october.as_of(NOW) == october.end
    assert october.as_of_day(NOW) == date(2019, 11, 1)  # deadlines before it have passed
    december = parse_month("2019-12", datetime(2020, 1, 1, tzinfo=SHANGHAI), SHANGHAI)
    assert december.end.isoformat() == "2020-01-01T00:00:00+08:00"


def test_the_running_month_is_as_of_now() -> None:
    november = parse_month("2019-11", NOW, SHANGHAI)
    assert not november.ended(NOW)
    assert november.as_of(NOW) == NOW and november.as_of_day(NOW) == date(2019, 11, 15)
    with pytest.raises(Unprocessable, match="not over"):
        ended_month("2019-11", NOW, SHANGHAI)
    assert ended_month("2019-10", NOW, SHANGHAI).label == "2019-10"


@pytest.mark.parametrize(
    "bad", ["2019-13", "2019-00", "2019-1", "19-10", "2019/10", "", "2019-10-01"]
)
def test_months_are_yyyy_mm(bad: str) -> None:
    with pytest.raises(Unprocessable, match="YYYY-MM"):
        parse_month(bad, NOW, SHANGHAI)


def test_months_not_begun_are_refused() -> None:
    with pytest.raises(Unprocessable, match="not begun"):
        parse_month("2019-12", NOW, SHANGHAI)
    # 2019-11-30 17:00 UTC is already 1 December in Shanghai.
    late = datetime.fromisoformat("2019-11-30T17:00:00+00:00")
    assert parse_month("2019-12", late, SHANGHAI).label == "2019-12"


@pytest.mark.parametrize(
    ("dealt", "registered", "dismissed", "pct"),
    [
        (1, 6, 0, 16.7),
        (1, 7, 1, 16.7),
        (1, 16, 0, 6.3),  # 6.25, half up
        (2, 3, 0, 66.7),
        (3, 3, 0, 100.0),
        (0, 4, 0, 0.0),
        (0, 0, 0, None),  # nothing registered
        (0, 2, 2, None),  # everything dismissed: nothing to deal with
    ],
)
def test_progress(dealt: int, registered: int, dismissed: int, pct: float | None) -> None:
    assert figures.progress_pct(dealt, registered, dismissed) == pct


def _row(**values: float) -> dict[str, float]:
    flat = {key: 0 for key in figures.SUMMED}
    flat.update({k.replace("__", "."): v for k, v in values.items()})
    return figures.complete(flat)


def test_the_total_adds_rows_and_recomputes_progress() -> None:
    done = _row(found__cumulative__total=1, dealt__cumulative__total=1)  # 100 %
    none = _row(found__cumulative__total=3, demolitions__month__footprint_m2=10.005)  # 0 %
    total = figures.street_total([done, none])
    assert total["found.cumulative.total"] == 4 and total["dealt.cumulative.total"] == 1
    assert total["progress_pct"] == 25.0  # 1 ÷ 4, not the average of 100 and 0
    assert (
        total["demolitions.month.footprint_m2"]
        == done["demolitions.month.footprint_m2"] + none["demolitions.month.footprint_m2"]
    )


def test_figures_nest_and_flatten() -> None:
    flat = _row(found__month__new=2)
    nested = figures.nest(flat)
    assert nested["found"]["month"]["new"] == 2 and nested["progress_pct"] is None
    assert figures.flatten(nested) == flat
    assert list(flat) == [f.key for f in figures.FIELDS]
    assert set(monthly.AGGREGATES) == set(figures.SUMMED)
    assert len({f.label for f in figures.FIELDS}) == len(figures.FIELDS)
