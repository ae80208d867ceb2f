"""/docs (Swagger UI) and /redoc (ReDoc) in a real browser: served by the service with
their own scripts — any request leaving the host or any JavaScript error fails — and
showing the operations of the document."""

from typing import Any

import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize("page_path", ["/docs", "/redoc"])
def test_the_docs_page_renders_the_operations(server: str, open_page: Any, page_path: str) -> None:
    page = open_page().page
    page.goto(server + page_path)
    # A known path and a known summary, as each renderer shows them.
    expect(page.get_by_text("/api/v1/write-off-requests/{request_id}/approve").first).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_text("Approve a write-off").first).to_be_attached()
