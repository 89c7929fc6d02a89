"""Who may use the console: loopback by default, a bearer token for anything else.

- Listening on a non-loopback address needs `PII_CONSOLE_TOKEN`; with a token set, every
  request (pages, assets, API) must carry it: `Authorization: Bearer <token>`, or the cookie a
  browser gets by opening `/?token=<token>` once (HttpOnly, SameSite=Strict; the token leaves
  the address bar at once by a redirect).
- On loopback, a request whose Host header is not a loopback name is refused (a DNS-rebinding
  page in the operator's browser cannot reach the API).
- Writes are JSON only (a cross-site form cannot post them), and responses say `no-store`.
- The access log names method, path (never the query) and status.
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Awaitable, Callable

from aiohttp import web

from pipeline.console.settings import is_loopback

log = logging.getLogger("pipeline.console")

COOKIE = "pii_console"
TOKEN_KEY = web.AppKey("token", str)  # "" when no token is required
LOOPBACK_KEY = web.AppKey("loopback", bool)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _authorized(request: web.Request, token: str) -> bool:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and hmac.compare_digest(
        header[7:].strip().encode(), token.encode()
    ):
        return True
    cookie = request.cookies.get(COOKIE, "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), token.encode())


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Host check, token check, JSON-only writes, security headers, a value-free access log."""
    started = time.monotonic()
    token = request.app[TOKEN_KEY]
    response: web.StreamResponse
    if request.app[LOOPBACK_KEY] and not is_loopback(_host_name(request.host)):
        response = web.json_response({"error": "host not allowed"}, status=403)
    elif token and request.path == "/" and "token" in request.query:
        given = request.query["token"]
        if hmac.compare_digest(given.encode(), token.encode()):
            response = web.Response(status=302, headers={"Location": "/playground"})
            response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
        else:
            response = web.json_response({"error": "wrong token"}, status=401)
    elif token and not _authorized(request, token):
        response = web.json_response(
            {"error": "bearer token required (Authorization: Bearer, or open /?token=...)"},
            status=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    elif request.method not in ("GET", "HEAD") and request.content_type != "application/json":
        response = web.json_response({"error": "JSON only"}, status=415)
    else:
        try:
            response = await handler(request)
        except web.HTTPException as exc:  # raised by handlers; answered as a plain response
            response = web.Response(
                status=exc.status,
                text=exc.text,
                content_type="application/json"
                if (exc.text or "").startswith("{")
                else "text/plain",
            )
            if "Location" in exc.headers:
                response.headers["Location"] = exc.headers["Location"]
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    log.info(
        "%s %s %d %.0f ms",
        request.method,
        request.path,
        response.status,
        (time.monotonic() - started) * 1000,
    )
    return response
