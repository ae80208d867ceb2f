"""The API's documentation pages, Swagger UI at /docs and ReDoc at /redoc, served with
their scripts from the service itself (frontend/node_modules: npm's swagger-ui-dist and
redoc), never from a CDN, so they work on an intranet without the internet."""

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.staticfiles import StaticFiles

from api.errors import problem_response

ASSETS = "/docs/assets"
SWAGGER_UI = "swagger-ui-dist"
REDOC = "redoc/bundles"
FAVICON = f"{ASSETS}/swagger-ui/favicon-32x32.png"

# The pages load nothing from elsewhere: ReDoc's sidebar always shows a logo from its
# CDN, which this forbids (it then shows the text alone). Inline scripts and styles are
# the pages' own (FastAPI's start-up script; ReDoc's styled components); ReDoc parses the
# document in a worker made from a blob.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
    "connect-src 'self'"
)

pages = APIRouter(include_in_schema=False)


def _missing(request: Request, folder: Path) -> Response | None:
    """503 saying what to run when the npm package is not installed."""
    if folder.is_dir():
        return None
    return problem_response(
        503,
        f"the documentation page's scripts are missing from {folder}: "
        "run `npm ci` in frontend/ (or `make setup`)",
        request,
    )


@pages.get("/docs")
async def swagger_ui(request: Request) -> Response:
    """Swagger UI: every operation, with a form to try it."""
    missing = _missing(request, request.app.state.docs_assets / SWAGGER_UI)
    if missing:
        return missing
    page = get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} — Swagger UI",
        swagger_js_url=f"{ASSETS}/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui/swagger-ui.css",
        swagger_favicon_url=FAVICON,
        # No badge asking validator.swagger.io whether the document is valid.
        swagger_ui_parameters={"validatorUrl": None},
    )
    page.headers["Content-Security-Policy"] = CSP
    return page


@pages.get("/redoc")
async def redoc(request: Request) -> Response:
    """ReDoc: the same document as one page to read."""
    missing = _missing(request, request.app.state.docs_assets / REDOC)
    if missing:
        return missing
    page = get_redoc_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} — ReDoc",
        redoc_js_url=f"{ASSETS}/redoc/redoc.standalone.js",
        redoc_favicon_url=FAVICON,
        with_google_fonts=False,
    )
    page.headers["Content-Security-Policy"] = CSP
    return page


def install_docs(app: FastAPI, node_modules: Path) -> None:
    """/docs, /redoc and their scripts from `node_modules`; the app must be built with
    docs_url=None and redoc_url=None, or FastAPI's CDN pages would answer first."""
    app.state.docs_assets = node_modules
    app.include_router(pages)
    for name, folder in (("swagger-ui", SWAGGER_UI), ("redoc", REDOC)):
        app.mount(
            f"{ASSETS}/{name}",
            StaticFiles(directory=node_modules / folder, check_dir=False),
            name=f"docs-{name}",
        )
