"""The /ogc routes: landing page, conformance, API definition, collections and items."""

from fastapi import APIRouter

from api.ogc import collections, items, landing
from api.settings import Settings


def ogc_router(settings: Settings) -> APIRouter:
    router = APIRouter()
    router.include_router(landing.router)
    router.include_router(collections.router)
    router.include_router(items.build_router(settings))
    return router
