"""Service settings, read from the environment (prefix WEIJIAN_, plus DATABASE_URL).

Settings are built by whoever starts the service (`create_app(settings)`, the CLI,
the tests); nothing reads the environment at import time.
"""

from datetime import date
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Good enough for a demo on one machine; refused everywhere else.
DEMO_SECRET = "weijian-demo-secret-do-not-use-in-production"
# Photos are kept under the repository unless WEIJIAN_PHOTO_DIR says otherwise.
DEFAULT_PHOTO_DIR = Path(__file__).resolve().parent.parent / ".data" / "photos"
ENVIRONMENTS_WITHOUT_SECRET = ("demo", "test")


def psycopg_url(url: str) -> str:
    """The libpq form of a database URL (drops a SQLAlchemy driver suffix)."""
    for prefix in ("postgresql+psycopg://", "postgresql+psycopg2://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEIJIAN_", extra="ignore")

    env: Literal["production", "demo", "development", "test"] = "production"
    database_url: str = Field(
        default="postgresql://127.0.0.1:5432/weijian",
        validation_alias=AliasChoices("DATABASE_URL", "WEIJIAN_DATABASE_URL"),
        description="PostgreSQL + PostGIS database, libpq URL.",
    )
    pool_min_size: int = Field(default=1, ge=0)
    pool_max_size: int = Field(default=10, ge=1)
    database_read_only: bool = Field(
        default=False,
        description="Open every database session read-only (default_transaction_read_only): "
        "for an instance serving reads from a replica. Writes then answer 503.",
    )
    statement_timeout_ms: int = Field(
        default=30_000, ge=0, description="Longest a single SQL statement may run (0 = no limit)."
    )
    lock_timeout_ms: int = Field(
        default=5_000,
        ge=0,
        description="Longest a statement waits for a lock another request holds (0 = no "
        "limit); past it the request answers 503 with Retry-After.",
    )
    pool_timeout_s: float = Field(
        default=5.0,
        gt=0,
        description="Longest a request waits for a free database connection; past it, 503 "
        "with Retry-After.",
    )
    tz: str = Field(default="Asia/Shanghai", description="The campaign's time zone.")
    cutoff_date: date = Field(
        default=date(2018, 5, 1),
        description="The 5th survey's cutoff: built before it is stock, on or after is new.",
    )
    new_construction_days: int = Field(
        default=7,
        ge=0,
        description="New construction not stopped within this many days of being found is "
        "flagged (zero tolerance: 发现一起，制止一起).",
    )
    demolished_area_tolerance: float = Field(
        default=0.10,
        ge=0,
        le=1,
        description="How much the demolished area may exceed the footprint's mapped area "
        "(share of it), for tape measurements around eaves and walls.",
    )
    late_find_days: int = Field(
        default=30,
        ge=1,
        le=365,
        description="A violation found after its compound's deadline (a late find) does not "
        "inherit that past deadline: its default deadline is its found date plus this many "
        "days.",
    )
    duplicate_overlap: float = Field(
        default=0.80,
        gt=0,
        le=1,
        description="Registering (or redrawing) a footprint that overlaps a standing "
        "violation by more than this share of the smaller footprint (geodesic areas) answers "
        "409 naming it, unless the request says confirm_overlap=true.",
    )
    default_page_size: int = Field(default=100, ge=1)
    max_page_size: int = Field(default=10_000, ge=1)
    secret_key: SecretStr | None = Field(
        default=None,
        description="Secret for signing tokens and API keys (32+ characters). Required "
        "unless WEIJIAN_ENV is demo or test.",
    )
    token_ttl_minutes: int = Field(default=12 * 60, ge=1, description="Life of a login token.")
    login_max_failures: int = Field(
        default=5, ge=1, description="Failed logins in a row before the account is locked."
    )
    login_lock_minutes: int = Field(default=15, ge=1, description="How long a lock lasts.")
    login_address_max_failures: int = Field(
        default=10,
        ge=1,
        description="Failed logins one client address may make within "
        "login_address_window_minutes, whatever the usernames; then 429 until the window ends.",
    )
    login_address_window_minutes: int = Field(
        default=15, ge=1, description="The window of login_address_max_failures, in minutes."
    )
    complaint_response_days: int = Field(
        default=15,
        ge=1,
        le=365,
        description="A complaint must be answered (verified or found unfounded) within this "
        "many days of the day it was received, in the campaign's time zone.",
    )
    complaint_rate_limit: int = Field(
        default=5, ge=1, description="Public complaints one client address may send per window."
    )
    complaint_rate_window_s: int = Field(
        default=600, ge=1, description="The window of complaint_rate_limit, in seconds."
    )
    trust_forwarded_for: bool = Field(
        default=False,
        description="Take the client address from X-Forwarded-For (its last entry, as the "
        "nearest proxy saw it). Only behind a reverse proxy that sets it.",
    )
    admin_username: str | None = Field(
        default=None, description="With admin_password: an admin created at start if missing."
    )
    admin_password: SecretStr | None = None
    frontend_dir: str | None = Field(
        default=None, description="Folder of the map app; default: the repository's frontend/."
    )
    basemap: Literal["none", "tianditu", "xyz"] = Field(
        default="none",
        description="The map app's base map: none (boundaries on a plain background, works "
        "offline), tianditu (天地图 vector tiles and labels; needs WEIJIAN_TIANDITU_KEY) or xyz "
        "(WEIJIAN_BASEMAP_URL). Tiles must be WGS84/CGCS2000: GCJ-02 tiles (AMap, Tencent) "
        "would draw every record hundreds of metres off.",
    )
    tianditu_key: SecretStr | None = Field(
        default=None,
        description="Tianditu browser key (tk), sent to every user's browser with the tiles.",
    )
    basemap_url: str | None = Field(
        default=None,
        description="For basemap=xyz: a tile URL with {z}/{x}/{y} (and optionally {s}), e.g. "
        "an intranet tile server.",
    )
    basemap_attribution: str = Field(
        default="", description="Text credited on the map for the base map's tiles."
    )
    photo_dir: Path = Field(
        default=DEFAULT_PHOTO_DIR,
        description="Folder where photos and their thumbnails are stored, by sha256.",
    )
    photo_max_bytes: int = Field(
        default=15 * 1024 * 1024, ge=1, description="Largest photo accepted, in bytes."
    )
    max_vertices: int = Field(
        default=10_000,
        ge=4,
        description="Most positions a geometry sent to the API may have (a footprint is "
        "tens of them; a GPS track a few thousand): more is refused (422).",
    )
    photo_max_pixels: int = Field(
        default=40_000_000,
        ge=1,
        description="Most pixels (width × height) a photo may have: a bigger one is refused "
        "(422) from its header, before it is decoded.",
    )
    max_body_bytes: int | None = Field(
        default=None,
        ge=1024,
        description="Largest request body accepted, in bytes (413 above it). Default: the "
        "photo limit plus 1 MB.",
    )
    photo_gps_warning_m: float = Field(
        default=100,
        gt=0,
        description="A violation's photo taken farther than this from its footprint "
        "(EXIF GPS, metres) is accepted with a warning.",
    )
    quality_outside_compound_share: float = Field(
        default=0.05,
        ge=0,
        le=1,
        description="Data-quality audit: flag a footprint with more than this share of its "
        "area outside its compound.",
    )
    quality_overlap_share: float = Field(
        default=0.20,
        gt=0,
        le=1,
        description="Data-quality audit: flag two standing footprints overlapping by more "
        "than this share of the smaller one (probably registered twice).",
    )
    quality_area_mismatch_share: float = Field(
        default=0.30,
        ge=0,
        description="Data-quality audit: flag a measured area differing from the mapped "
        "footprint's area by more than this share of the mapped area.",
    )
    quality_warning_weight: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Data-quality score: what a record whose worst problem is a warning "
        "costs, against 1 for an error.",
    )
    street_name: str = Field(
        default="汉沽街",
        min_length=1,
        description="The street (街道) the campaign covers, as report titles name it.",
    )

    @field_validator("database_url")
    @classmethod
    def _normalise_dsn(cls, value: str) -> str:
        return psycopg_url(value)

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _page_sizes(self) -> "Settings":
        if self.default_page_size > self.max_page_size:
            raise ValueError(
                f"WEIJIAN_DEFAULT_PAGE_SIZE ({self.default_page_size}) is above "
                f"WEIJIAN_MAX_PAGE_SIZE ({self.max_page_size})"
            )
        if self.pool_min_size > self.pool_max_size:
            raise ValueError("WEIJIAN_POOL_MIN_SIZE is above WEIJIAN_POOL_MAX_SIZE")
        secret = self.secret_key.get_secret_value() if self.secret_key else None
        if self.env not in ENVIRONMENTS_WITHOUT_SECRET:
            if not secret or secret == DEMO_SECRET:
                raise ValueError(
                    "WEIJIAN_SECRET_KEY is missing or is the demo secret: set it to a long "
                    "random value (e.g. the output of `openssl rand -base64 48`), or set "
                    "WEIJIAN_ENV=demo for a demo"
                )
            if len(secret) < 32:
                raise ValueError("WEIJIAN_SECRET_KEY must be at least 32 characters")
        if bool(self.admin_username) != bool(self.admin_password):
            raise ValueError(
                "set both WEIJIAN_ADMIN_USERNAME and WEIJIAN_ADMIN_PASSWORD, or neither"
            )
        if self.basemap == "tianditu" and not self.tianditu_key:
            raise ValueError("WEIJIAN_BASEMAP=tianditu needs WEIJIAN_TIANDITU_KEY (a browser key)")
        if self.basemap == "xyz" and not (
            self.basemap_url and all(p in self.basemap_url for p in ("{z}", "{x}", "{y}"))
        ):
            raise ValueError(
                "WEIJIAN_BASEMAP=xyz needs WEIJIAN_BASEMAP_URL with {z}, {x} and {y} in it"
            )
        return self

    @property
    def signing_key(self) -> bytes:
        """The secret that signs tokens and API keys (the demo secret in demo and test)."""
        secret = self.secret_key.get_secret_value() if self.secret_key else DEMO_SECRET
        return secret.encode()

    @property
    def body_limit(self) -> int:
        return self.max_body_bytes or self.photo_max_bytes + 1024 * 1024

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)
