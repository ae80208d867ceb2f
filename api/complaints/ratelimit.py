"""The rate limit on public complaints: a sliding window per client address, in memory.

At most `WEIJIAN_COMPLAINT_RATE_LIMIT` complaints per `WEIJIAN_COMPLAINT_RATE_WINDOW_S`
seconds from one address; every attempt counts, refused or accepted, so a flood of
junk is stopped too; attempts answered 429 do not count, so waiting always helps.

The windows live in this process (on `app.state`): with several replicas behind a
load balancer each keeps its own, so the limit holds per replica — a client spread
over N replicas may send up to N times as many. That is enough to keep a script from
flooding the office; a stricter limit would keep the windows in the database or at
the reverse proxy.
"""

import math
import time
from collections import deque
from collections.abc import Callable

from fastapi import FastAPI, Request

from api.deps import get_settings
from api.errors import TooManyRequests

# Above this many addresses, forget those whose windows are empty.
_SWEEP_ABOVE = 10_000


class SlidingWindow:
    """At most `limit` hits per `window_s` seconds for each key."""

    def __init__(
        self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str) -> float | None:
        """Count a hit for `key`; or, when it is over the limit, the seconds to wait."""
        now = self.clock()
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if len(hits) >= self.limit:
            return hits[0] + self.window_s - now
        hits.append(now)
        if len(self._hits) > _SWEEP_ABOVE:
            self._sweep(now)
        return None

    def _sweep(self, now: float) -> None:
        for key in [k for k, hits in self._hits.items() if hits[-1] <= now - self.window_s]:
            del self._hits[key]

    def clear(self) -> None:
        self._hits.clear()


def client_address(request: Request, trust_forwarded_for: bool) -> str:
    """The caller's address: the connection's peer, or, behind a trusted reverse proxy,
    the last X-Forwarded-For entry (the one that proxy added; earlier ones are whatever
    the client claimed)."""
    if trust_forwarded_for:
        forwarded = request.headers.get("x-forwarded-for", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.client.host if request.client else "unknown"


def intake_window(app: FastAPI) -> SlidingWindow:
    """The app's window for public complaints, made on first use."""
    window: SlidingWindow | None = getattr(app.state, "complaint_window", None)
    if window is None:
        settings = app.state.settings
        window = SlidingWindow(settings.complaint_rate_limit, settings.complaint_rate_window_s)
        app.state.complaint_window = window
    return window


async def limit_public_intake(request: Request) -> None:
    """Dependency: refuse (429, with Retry-After) an address over the limit."""
    settings = get_settings(request)
    wait = intake_window(request.app).hit(client_address(request, settings.trust_forwarded_for))
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        minutes = max(1, round(settings.complaint_rate_window_s / 60))
        raise TooManyRequests(
            f"too many complaints from your address: at most {settings.complaint_rate_limit} "
            f"in {minutes} minute(s). Try again in {seconds} seconds, or call the 12345 hotline",
            retry_after=seconds,
        )
