"""The application factory: `create_app(settings)` builds the service; nothing
connects at import time, so tests build apps freely."""

import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from api.analytics.routes import router as analytics_routes
from api.auth.admin_routes import router as admin_routes
from api.auth.bootstrap import ensure_admin
from api.auth.routes import router as auth_routes
from api.bodylimit import BodyLimit
from api.complaints.public_routes import router as public_complaint_routes
from api.complaints.routes import resource as complaint_resource
from api.complaints.routes import router as complaint_routes
from api.contract.docs import install_docs
from api.contract.openapi import install_openapi
from api.db.pool import create_pool
from api.db.request_transaction import WriteTransaction
from api.errors import install_error_handlers
from api.exports.routes import router as export_routes
from api.forms.routes import router as form_routes
from api.households.routes import router as household_routes
from api.inputguard import INPUT_CHECK
from api.jsondepth import JsonDepthLimit
from api.mapapp.routes import frontend_dir
from api.mapapp.routes import pages as map_pages
from api.mapapp.routes import router as map_routes
from api.ogc.routes import ogc_router
from api.open311.routes import router as open311_routes
from api.photos.routes import router as photo_routes
from api.places.routes import COMMUNITY_ROUTES, COMPOUND_ROUTES, GRID_ROUTES
from api.public.routes import router as public_routes
from api.quality.routes import router as quality_routes
from api.queryparams import QUERY_CHECK
from api.reports.routes import router as report_routes
from api.routes import health
from api.security_headers import SecurityHeaders
from api.settings import Settings
from api.sweeps.routes import router as sweep_routes
from api.tiles.routes import router as tile_routes
from api.violations.routes import router as violation_routes
from api.workflow.routes import router as workflow_routes

log = logging.getLogger("weijian")

DESCRIPTION = """
Weijian (违建) keeps the spatial inventory of a campaign against illegal construction:
communities, compounds and their grid cells; households; each illegal structure as a
polygon with its ledger category, status and full history; and the sweeps that covered
the ground.

* Coordinates are longitude/latitude in EPSG:4326 (CGCS2000 / EPSG:4490 is accepted as
  the same). Areas are geodesic square metres on the WGS84 ellipsoid.
* Collections answer `application/geo+json` FeatureCollections with `numberMatched` and
  `next` links; single records are Features with an `ETag`. Changes need `If-Match`.
* Errors are `application/problem+json` (RFC 9457) with a `detail` saying what to fix.
  A query parameter a route does not define, or one whose value it cannot use, answers
  400 naming it (and, when unknown, listing the ones the route accepts).
* Log in with `POST /api/v1/auth/token` and send `Authorization: Bearer <token>`; other
  systems send `X-API-Key`. Inspectors see and change only their communities' records;
  viewers read with personal data masked; the public sees only `/api/v1/public/...`.
"""

API_V1 = "/api/v1"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = create_pool(settings)
        await pool.open(wait=False)
        app.state.pool = pool
        if settings.admin_username:
            try:
                async with pool.connection(timeout=30) as conn:
                    await ensure_admin(conn, settings)
            except Exception:
                log.exception("could not create the admin from WEIJIAN_ADMIN_USERNAME")
        try:
            yield
        finally:
            await pool.close()

    app = FastAPI(
        title="Weijian 违建 — illegal-construction campaign inventory",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        # Every route refuses query parameters it does not define, and values no
        # column can hold (api/inputguard.py).
        dependencies=[QUERY_CHECK, INPUT_CHECK],
        docs_url=None,  # served by api/contract/docs.py from local files, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    install_openapi(app)
    app.add_middleware(JsonDepthLimit)  # inside the body limit, which bounds what it reads
    app.add_middleware(BodyLimit, limit=settings.body_limit)  # sees request_id
    # One transaction per write, with its audit line; inside request_id, which runs first.
    app.add_middleware(WriteTransaction)

    @app.middleware("http")
    async def request_id(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        rid = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        request.state.request_id = rid[:64]
        response = await call_next(request)
        response.headers["X-Request-ID"] = request.state.request_id
        return response

    # Outermost of the service's middleware: every answer, refusals included.
    app.add_middleware(SecurityHeaders, settings=settings)

    app.include_router(health.router)
    for router in (
        auth_routes,
        admin_routes,
        public_routes,
        public_complaint_routes,
        map_routes,
        COMMUNITY_ROUTES,
        COMPOUND_ROUTES,
        GRID_ROUTES,
        household_routes,
        violation_routes,
        workflow_routes,
        sweep_routes,
        complaint_resource,
        complaint_routes,
        photo_routes,
        analytics_routes,
        form_routes,
        quality_routes,
        report_routes,
        export_routes,
        tile_routes,
    ):
        app.include_router(router, prefix=API_V1)

    app.include_router(ogc_router(settings))  # OGC API – Features for desktop GIS
    app.include_router(open311_routes)
    app.include_router(map_pages)
    frontend = frontend_dir(settings)
    install_docs(app, frontend / "node_modules")
    if frontend.is_dir():
        app.mount("/", StaticFiles(directory=frontend, html=True), name="frontend")
    return app
