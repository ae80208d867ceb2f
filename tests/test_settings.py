"""Settings refuse nonsense early, and normalise what they can."""

from datetime import date

import pytest

from api.cli import main
from api.settings import DEMO_SECRET, Settings, psycopg_url


def test_defaults() -> None:
    settings = Settings(database_url="postgresql://x@localhost/db", env="test")
    assert settings.tz == "Asia/Shanghai"
    assert settings.cutoff_date == date(2018, 5, 1)
    assert settings.late_find_days == 30
    assert settings.duplicate_overlap == 0.8


def test_database_url_forms() -> None:
    assert psycopg_url("postgresql+psycopg://u@h/db") == "postgresql://u@h/db"
    assert psycopg_url("postgres://u@h/db") == "postgresql://u@h/db"
    assert Settings(database_url="postgres://u@h/db", env="test").database_url == (
        "postgresql://u@h/db"
    )


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://env@h/db")
    monkeypatch.setenv("WEIJIAN_CUTOFF_DATE", "2018-06-01")
    monkeypatch.setenv("WEIJIAN_ENV", "production")
    monkeypatch.setenv("WEIJIAN_SECRET_KEY", "s" * 40)
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
        ({"admin_username": "root"}, "WEIJIAN_ADMIN_PASSWORD"),
        ({"late_find_days": 0}, "late_find_days"),
        ({"late_find_days": 400}, "late_find_days"),
        ({"duplicate_overlap": 0}, "duplicate_overlap"),
        ({"duplicate_overlap": 1.5}, "duplicate_overlap"),
    ],
)
def test_nonsense_is_refused(values: dict[str, object], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        Settings(**{"database_url": "postgresql://x@h/db", "env": "test", **values})


@pytest.mark.parametrize("env", ["production", "development"])
def test_a_real_secret_is_required_outside_demo_and_test(env: str) -> None:
    url = "postgresql://x@h/db"
    with pytest.raises(ValueError, match="WEIJIAN_SECRET_KEY is missing"):
        Settings(database_url=url, env=env)
    with pytest.raises(ValueError, match="demo secret"):
        Settings(database_url=url, env=env, secret_key=DEMO_SECRET)
    with pytest.raises(ValueError, match="at least 32"):
        Settings(database_url=url, env=env, secret_key="short")
    assert Settings(database_url=url, env=env, secret_key="k" * 32).signing_key == b"k" * 32
    assert Settings(database_url=url, env="demo").signing_key == DEMO_SECRET.encode()


def test_the_cli_refuses_to_start_without_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEIJIAN_ENV", "production")
    monkeypatch.delenv("WEIJIAN_SECRET_KEY", raising=False)
    with pytest.raises(SystemExit, match="WEIJIAN_SECRET_KEY"):
        main(["serve", "--port", "1"])
