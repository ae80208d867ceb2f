# Weijian: the service image. `docker compose up` runs it beside postgis/postgis.
# The entrypoint (scripts/docker-entrypoint.sh) waits for the database, migrates, loads the
# demo district when WEIJIAN_LOAD_DEMO=1, and serves on 0.0.0.0:8000.

# --- the map app's npm packages (third-party JS comes from npm, never a CDN) --------------
FROM node:20-bookworm-slim AS frontend
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
WORKDIR /src
# The whole context (see .dockerignore), because frontend/package*.json may not exist yet
# and COPY fails on a pattern that matches nothing.
COPY . .
RUN mkdir -p frontend && cd frontend \
    && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; \
       elif [ -f package.json ]; then npm install --no-audit --no-fund; \
       fi

# --- the service ----------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, the versions that were tested (requirements.lock, `make lock`, with
# hashes), so a code change does not reinstall them. The lock holds the dev tools too
# (pytest, ruff …): small, and the image can then run the tests. (All ship manylinux
# wheels: no compiler, no GDAL/GEOS/PROJ packages needed.)
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY . .
COPY --from=frontend /src/frontend ./frontend
# Editable on purpose: the service reads migrations/ and frontend/ beside its packages
# (api/migrate.py, api/main.py), which a plain wheel install would leave behind. The
# install also writes the entry point through which `weijian` finds `weijian demo load`
# (the demo/ package, registered in pyproject.toml's "weijian.commands" group).
RUN pip install --no-deps -e . \
    && useradd --system --no-create-home --home-dir /app weijian \
    && mkdir -p /var/lib/weijian/photos && chown weijian /var/lib/weijian/photos

USER weijian
ENV WEIJIAN_ENV=production \
    WEIJIAN_PHOTO_DIR=/var/lib/weijian/photos
# Photos (content-addressed files and thumbnails) live here: mount a volume.
VOLUME ["/var/lib/weijian/photos"]
EXPOSE 8000

HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

ENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]
CMD ["serve"]
