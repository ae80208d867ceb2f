"""A limit on the size of request bodies, so that nobody — the public complaint form
above all — can fill the server's disk or memory with one request.

A body announced larger than the limit (Content-Length) is refused at once with 413,
unread; a body sent without a length (chunked) is counted as it arrives and refused as
soon as it passes the limit. The limit is WEIJIAN_MAX_BODY_BYTES, by default the photo
limit plus 1 MB for the form around the photo. The photo routes keep their own, smaller
limit on the file itself.
"""

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem_response


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


class BodyTooLarge(HTTPException):
    """Raised while the body is read; FastAPI passes HTTP exceptions through to the
    error handlers (any other error while reading a body becomes a 400)."""

    def __init__(self, limit: int):
        super().__init__(413, f"the request body is larger than {_mb(limit)}, the most accepted")


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        announced = dict(scope["headers"]).get(b"content-length")
        if announced is not None and announced.isdigit() and int(announced) > self.limit:
            request = Request(scope)
            detail = (
                f"the request body is {_mb(int(announced))}, more than the {_mb(self.limit)} "
                "accepted"
            )
            response = problem_response(413, detail, request)
            response.headers["Connection"] = "close"
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, counted, send)
