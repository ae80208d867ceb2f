"""A limit on how deeply a JSON body nests, checked on its bytes before anything
parses it: 100,000 nested brackets would otherwise exhaust the parser's recursion
(a RecursionError, answered 500). The deepest body the API takes, a MultiPolygon in a
Feature, nests 6 levels; MAX_DEPTH leaves room for more.

Pure ASGI: a JSON body (its size already bounded by api/bodylimit.py) is gathered,
measured and handed on unchanged; a deeper one is answered 400 problem+json, unread
by the app.
"""

import re

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.bodylimit import BodyTooLarge
from api.errors import problem_response

MAX_DEPTH = 32
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(body: bytes, stop_at: int = MAX_DEPTH) -> int:
    """How deeply the JSON text nests (stops counting past stop_at); brackets inside
    strings do not count."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub(b'""', body)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_at:
                    break
        else:
            depth -= 1
    return deepest


def _is_json(scope: Scope) -> bool:
    kind = dict(scope["headers"]).get(b"content-type", b"").split(b";")[0].strip().lower()
    return kind == b"application/json" or kind.endswith(b"+json")


class JsonDepthLimit:
    def __init__(self, app: ASGIApp, max_depth: int = MAX_DEPTH):
        self.app = app
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            try:
                message = await receive()
            except BodyTooLarge as exc:  # from api/bodylimit.py, outside this one
                response = problem_response(413, str(exc.detail), Request(scope))
                response.headers["Connection"] = "close"
                await response(scope, receive, send)
                return
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        if json_depth(body, self.max_depth) > self.max_depth:
            detail = (
                f"the JSON body nests more than {self.max_depth} levels deep, more than any "
                "request of this API needs: send the object itself"
            )
            response = problem_response(400, detail, Request(scope), max_depth=self.max_depth)
            await response(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
