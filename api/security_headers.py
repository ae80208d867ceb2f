"""Security headers on every answer: no MIME sniffing, no framing (clickjacking of the
login page), no full URLs in the Referer sent elsewhere, and a Content-Security-Policy
letting the map app and the public pages load only the service's own files plus the
configured base map's tiles.

The policy follows the map app (frontend/): its scripts are files of the service (no
inline script, no eval); styles may be inline (Leaflet, Chart.js and the legend's
swatches set them); images come from the service, `data:`/`blob:` URLs (Leaflet's
icons, exported drawings) and the tile host of the base map setting (Tianditu, or the
host of WEIJIAN_BASEMAP_URL); requests go to the service only.

A route that sets a policy of its own keeps it (the /docs and /redoc pages,
api/contract/docs.py): the headers here are added only where missing.
"""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.settings import Settings

TIANDITU_HOSTS = "https://*.tianditu.gov.cn"


def tile_hosts(settings: Settings) -> list[str]:
    """The CSP sources of the base map's tiles."""
    if settings.basemap == "tianditu":
        return [TIANDITU_HOSTS]
    if settings.basemap == "xyz" and settings.basemap_url:
        scheme, _, rest = settings.basemap_url.partition("://")
        if not rest:  # a path on this service
            return []
        host = rest.split("/", 1)[0].replace("{s}", "*")
        if "{" in host:  # another placeholder in the host: allow the scheme's hosts
            return [f"{scheme}:"]
        return [f"{scheme}://{host}"]
    return []


def content_security_policy(settings: Settings) -> str:
    images = " ".join(["'self'", "data:", "blob:", *tile_hosts(settings)])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {images}",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(settings: Settings) -> dict[str, str]:
    return {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        # Tianditu checks a browser key against the site's origin: send the origin, never
        # the path (which may carry a tracking number), to other sites.
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Content-Security-Policy": content_security_policy(settings),
    }


class SecurityHeaders:
    """Pure ASGI middleware adding the headers (see the module) to every answer."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.headers = security_headers(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
