"""REST plumbing shared by every part of the fake: the route table, authentication, injected
429s, the record of every request, and validation of request bodies against Discord's OpenAPI
spec. The parts (world, gateway, commands, interactions, messages) register their own routes."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from .models import Recorded
from .validation import (
    SpecValidator,
    ValidationIssue,
    discord_error_body,
    get_spec_validator,
    validate_body,
)

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"

Files = list[tuple[str, str, bytes]]


@dataclass
class Request:
    """A REST request matched to a route; ``params`` holds the route template's fields."""

    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    files: Files
    record: Recorded


@dataclass
class Reply:
    status: int
    body: Any = None


class DiscordError(Exception):
    """Raised by route handlers to answer with a Discord JSON error."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


Handler = Callable[[Request], Awaitable[Reply]]
RejectedHook = Callable[[Request], None]


@dataclass(frozen=True)
class Route:
    """``on_rejected`` is told of a request to this route whose body failed validation (it
    is answered 400 before the handler runs)."""

    method: str
    pattern: re.Pattern[str]
    handler: Handler
    on_rejected: RejectedHook | None = None


@dataclass
class _RateLimitRule:
    method: str
    path: re.Pattern[str]
    retry_after: float
    # Answered by "Cloudflare" instead of Discord's API: an HTML page, no Via header.
    edge: bool = False


# What Discord's edge sends when it blocks a client (abridged); discord.py raises at once.
CLOUDFLARE_429 = (
    "<!DOCTYPE html><html><head><title>Access denied | discord.com used Cloudflare to restrict "
    "access</title></head><body><h1>Error 1015</h1><h2>You are being rate limited</h2></body>"
    "</html>"
)


def json_response(status: int, body: Any, headers: Mapping[str, str] | None = None) -> web.Response:
    # Exactly "application/json": with a charset discord.py would treat the body as text.
    return web.Response(
        status=status,
        body=json.dumps(body).encode(),
        content_type="application/json",
        headers=dict(headers or {}),
    )


def ratelimit_headers(path: str, remaining: int, reset_after: float) -> dict[str, str]:
    bucket = uuid.uuid5(uuid.NAMESPACE_URL, re.sub(r"\d{5,}", "_", path)).hex[:16]
    return {
        "X-RateLimit-Limit": "50",
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Bucket": bucket,
    }


def body_dict(req: Request) -> dict[str, Any]:
    """The request's JSON body if it is an object, else an empty one."""
    return req.body if isinstance(req.body, dict) else {}


class Rest:
    """Everything under ``/api/v10``: answers each request in the order real Discord does
    (authentication, rate limit, body validation, then the route), and records it.

    ``requests``: every request as sent, with the status it got. ``validation_errors``: what
    spec validation found (``validate``); such requests are answered 400/50035.
    """

    def __init__(self, token: Callable[[], str], *, validate: bool) -> None:
        self._token = token
        self.validate = validate
        self.requests: list[Recorded] = []
        self.validation_errors: list[ValidationIssue] = []
        self._spec: SpecValidator | None = None
        self._routes: list[Route] = []
        self._rate_limits: list[_RateLimitRule] = []

    def add(
        self,
        method: str,
        template: str,
        handler: Handler,
        *,
        on_rejected: RejectedHook | None = None,
    ) -> None:
        """Route ``method template`` (``/channels/{channel}/messages``) to ``handler``; the
        first matching route wins, so register literal paths before templates that cover them."""
        pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
        self._routes.append(Route(method, re.compile(pattern), handler, on_rejected))

    def mount(self, app: web.Application) -> None:
        """Serve the REST API on ``app``; loads the spec validator first when validating."""
        if self.validate:
            self._spec = get_spec_validator()
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._handle)

    # -- fault injection -----------------------------------------------------------------------

    def rate_limit_next(
        self, method: str, path_regex: str, retry_after: float, *, edge: bool = False
    ) -> None:
        self._rate_limits.append(
            _RateLimitRule(method.upper(), re.compile(path_regex), retry_after, edge)
        )

    def _take_rate_limit(self, method: str, path: str) -> _RateLimitRule | None:
        for rule in self._rate_limits:
            if rule.method == method and rule.path.search(path):
                self._rate_limits.remove(rule)
                return rule
        return None

    # -- serving -------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        method = request.method.upper()
        body, files = await self._read_body(request)
        record = Recorded(
            method=method,
            path=path,
            query=dict(request.query),
            json=body,
            headers=dict(request.headers),
            files=files,
        )
        self.requests.append(record)

        response = await self._respond(request, record)
        record.status = response.status
        return response

    @staticmethod
    async def _read_body(request: web.Request) -> tuple[Any, Files]:
        if not request.can_read_body:
            return None, []
        if request.content_type == "multipart/form-data":
            body: Any = None
            files: Files = []
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    continue
                raw = await part.read()
                if part.name == "payload_json":
                    body = json.loads(raw)
                else:
                    files.append((part.name or "", part.filename or "", bytes(raw)))
            return body, files
        raw_text = await request.text()
        if not raw_text:
            return None, []
        try:
            return json.loads(raw_text), []
        except json.JSONDecodeError:
            return raw_text, []

    @staticmethod
    def _needs_auth(path: str) -> bool:
        # Interaction callbacks and webhooks are authorised by their token in the path.
        return not (path.startswith(("/interactions/", "/webhooks/")))

    def _match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self._routes:
            if route.method != method:
                continue
            match = route.pattern.fullmatch(path)
            if match is not None:
                return route, match.groupdict()
        return None

    @staticmethod
    def _request(
        found: tuple[Route, dict[str, str]], request: web.Request, record: Recorded
    ) -> Request:
        return Request(
            record.method,
            record.path,
            found[1],
            dict(request.query),
            record.json,
            record.files,
            record,
        )

    async def _respond(self, request: web.Request, record: Recorded) -> web.Response:
        method, path, body = record.method, record.path, record.json
        authorization = request.headers.get("Authorization")
        if self._needs_auth(path) and authorization != f"Bot {self._token()}":
            return json_response(401, {"message": "401: Unauthorized", "code": 0})

        rule = self._take_rate_limit(method, path)
        if rule is not None and rule.edge:
            return web.Response(
                status=429,
                text=CLOUDFLARE_429,
                content_type="text/html",
                headers={"Retry-After": f"{rule.retry_after:.0f}", "Server": "cloudflare"},
            )
        if rule is not None:
            headers = ratelimit_headers(path, 0, rule.retry_after)
            headers.update(
                {
                    "Via": "1.1 google",
                    "Retry-After": f"{rule.retry_after:.3f}",
                    "X-RateLimit-Scope": "user",
                }
            )
            return json_response(
                429,
                {
                    "message": "You are being rate limited.",
                    "retry_after": rule.retry_after,
                    "global": False,
                },
                headers,
            )

        found = self._match(method, path)
        if self.validate and body is not None and method in ("POST", "PUT", "PATCH"):
            issues = validate_body(method, path, body, self._spec)
            if issues:
                self.validation_errors.extend(issues)
                if found is not None and found[0].on_rejected is not None:
                    found[0].on_rejected(self._request(found, request, record))
                log.warning("FakeDiscord rejected %s %s: %s", method, path, issues)
                return json_response(400, discord_error_body(issues))

        if found is None:
            return json_response(404, {"message": "404: Not Found", "code": 0})
        try:
            reply = await found[0].handler(self._request(found, request, record))
        except DiscordError as err:
            return json_response(err.status, {"message": err.message, "code": err.code})
        headers = ratelimit_headers(path, 49, 1.0)
        if reply.status == 204:
            return web.Response(status=204, headers=headers)
        return json_response(reply.status, reply.body, headers)
