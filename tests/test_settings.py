"""Settings refuse nonsense early, and normalise what they can."""

from datetime import date

import pytest

from api.settings import Settings, psycopg_url, sqlalchemy_url


def test_defaults() -> None:
    settings = Settings(database_url="postgresql://x@localhost/db")
    assert settings.tz == "Asia/Shanghai"
    assert settings.cutoff_date == date(2018, 5, 1)


def test_database_url_forms() -> None:
    assert psycopg_url("postgresql+psycopg://u@h/db") == "postgresql://u@h/db"
    assert psycopg_url("postgres://u@h/db") == "postgresql://u@h/db"
    assert sqlalchemy_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert Settings(database_url="postgres://u@h/db").database_url == "postgresql://u@h/db"


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://env@h/db")
    monkeypatch.setenv("WEIJIAN_CUTOFF_DATE", "2018-06-01")
    settings = Settings()
    assert settings.database_url == "postgresql://env@h/db"
    assert settings.cutoff_date == date(2018, 6, 1)


@pytest.mark.parametrize(
    "values, words",
    [
        ({"tz": "Mars/Olympus"}, "unknown time zone"),
        ({"default_page_size": 500, "max_page_size": 100}, "WEIJIAN_DEFAULT_PAGE_SIZE"),
        ({"pool_min_size": 5, "pool_max_size": 2}, "POOL_MIN_SIZE"),
        ({"env": "staging"}, "env"),
    ],
)
def test_nonsense_is_refused(values: dict[str, object], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        Settings(database_url="postgresql://x@h/db", **values)
