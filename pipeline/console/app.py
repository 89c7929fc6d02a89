"""The console's web application: four pages (static shells) and the JSON API they read."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from aiohttp import web

from pipeline.console.candidate import KINDS, ConfigKind, save_candidate
from pipeline.console.playground import MAX_EVENT_BYTES, Playground, config_error
from pipeline.console.scrape import Scraper, rates
from pipeline.console.security import LOOPBACK_KEY, TOKEN_KEY, guard
from pipeline.console.sources import TopicReader
from pipeline.errors import ConfigError
from pipeline.outcome import STREAMS, StreamName

STATIC = Path(__file__).resolve().parent / "static"
PAGES = ("playground", "pipeline", "releases", "deadletters")


@dataclass(frozen=True)
class Console:
    """What the handlers use: the playground, the scraper and the topic reader."""

    playground: Playground
    scraper: Scraper
    topics: TopicReader


CONSOLE = web.AppKey("console", Console)


def _console(request: web.Request) -> Console:
    return request.app[CONSOLE]


def _bad(message: str, status: int = 400) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def _body(request: web.Request) -> dict[str, Any]:
    if (request.content_length or 0) > 2 * MAX_EVENT_BYTES:
        raise web.HTTPRequestEntityTooLarge(max_size=2 * MAX_EVENT_BYTES, actual_size=0)
    try:
        data = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text='{"error": "body is not JSON"}') from None
    if not isinstance(data, dict):
        raise web.HTTPBadRequest(text='{"error": "body must be a JSON object"}')
    return data


def _stream(value: Any) -> StreamName:
    if value not in STREAMS:
        raise web.HTTPBadRequest(text=json.dumps({"error": f"stream must be one of {STREAMS}"}))
    return cast(StreamName, value)


def _kind(value: str) -> ConfigKind:
    if value not in KINDS:
        raise web.HTTPNotFound(text=json.dumps({"error": f"kind must be one of {KINDS}"}))
    return value


def _event(data: dict[str, Any]) -> bytes:
    event = data.get("event")
    if not isinstance(event, str):
        raise web.HTTPBadRequest(text='{"error": "event must be the raw event as a string"}')
    raw = event.strip().encode("utf-8")
    if len(raw) > MAX_EVENT_BYTES:
        raise web.HTTPBadRequest(text='{"error": "event larger than 1 MiB"}')
    return raw


# ------------------------------------------------------------------ pages


async def index(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/playground")


def _page(name: str) -> Any:
    async def handler(request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / f"{name}.html")

    return handler


# ------------------------------------------------------------------ playground


async def streams(request: web.Request) -> web.Response:
    return web.json_response({"streams": list(STREAMS), "kinds": list(KINDS)})


async def sample(request: web.Request) -> web.Response:
    """A synthetic event (Faker, the labelled corpus): made-up values, never a real person's."""
    from pipeline.corpus import generate

    stream = _stream(request.query.get("stream", "call_logs"))
    try:
        seed = int(request.query.get("seed", "1"))
    except ValueError:
        return _bad("seed must be an integer")
    [labelled] = await asyncio.to_thread(generate, stream, 1, seed)
    return web.json_response(
        {
            "stream": stream,
            "seed": seed,
            "synthetic": True,
            "event": json.dumps(labelled.event, indent=2, ensure_ascii=False),
        }
    )


async def explain(request: web.Request) -> web.Response:
    data = await _body(request)
    stream, raw = _stream(data.get("stream")), _event(data)
    playground = _console(request).playground
    try:
        result = await asyncio.to_thread(playground.explain, stream, raw)
    except ConfigError as exc:
        return web.json_response({"error": config_error(exc)}, status=409)
    return web.json_response(result)


async def config_text(request: web.Request) -> web.Response:
    kind = _kind(request.match_info["kind"])
    try:
        path, text, version = await asyncio.to_thread(_console(request).playground.text, kind)
    except ConfigError as exc:
        return web.json_response({"error": config_error(exc)}, status=409)
    return web.json_response({"kind": kind, "file": str(path), "text": text, "version": version})


async def config_check(request: web.Request) -> web.Response:
    kind = _kind(request.match_info["kind"])
    text = (await _body(request)).get("text")
    if not isinstance(text, str):
        return _bad("text must be a string")
    try:
        config = await asyncio.to_thread(_console(request).playground.check, kind, text)
    except ConfigError as exc:
        return web.json_response({"ok": False, "error": config_error(exc)})
    return web.json_response({"ok": True, "version": config.version})


async def config_save(request: web.Request) -> web.Response:
    kind = _kind(request.match_info["kind"])
    text = (await _body(request)).get("text")
    if not isinstance(text, str):
        return _bad("text must be a string")
    playground = _console(request).playground
    try:
        live = await asyncio.to_thread(playground.live)
        config = await asyncio.to_thread(save_candidate, live, kind, text)
    except ConfigError as exc:
        return web.json_response(
            {"ok": False, "saved": False, "error": config_error(exc)}, status=422
        )
    return web.json_response({"ok": True, "saved": True, "version": config.version})


async def compare(request: web.Request) -> web.Response:
    data = await _body(request)
    stream, raw = _stream(data.get("stream")), _event(data)
    kind = _kind(str(data.get("kind", "policy")))
    text = data.get("text")
    if not isinstance(text, str):
        return _bad("text must be the candidate file's text")
    playground = _console(request).playground
    try:
        result = await asyncio.to_thread(playground.side_by_side, stream, raw, kind, text)
    except ConfigError as exc:  # the live configuration itself is broken
        return web.json_response({"error": config_error(exc)}, status=409)
    return web.json_response(result)


# ------------------------------------------------------------------ pipeline, releases, dlq


async def pipeline(request: web.Request) -> web.Response:
    scraper = _console(request).scraper
    await scraper.scrape()
    report = scraper.report()
    report["rates"] = rates(scraper.samples)
    report["streams"] = list(STREAMS)
    return web.json_response(report)


async def releases(request: web.Request) -> web.Response:
    return web.json_response(await _console(request).topics.reports())


async def dead_letters(request: web.Request) -> web.Response:
    return web.json_response(await _console(request).topics.dead_letters())


async def audit(request: web.Request) -> web.Response:
    return web.json_response(await _console(request).topics.audit())


def build_app(console: Console, *, token: str = "", loopback: bool = True) -> web.Application:
    """The aiohttp application; `token` non-empty: every request must carry it."""
    app = web.Application(middlewares=[guard], client_max_size=2 * MAX_EVENT_BYTES + 4096)
    app[CONSOLE] = console
    app[TOKEN_KEY] = token
    app[LOOPBACK_KEY] = loopback
    app.router.add_get("/", index)
    for name in PAGES:
        app.router.add_get(f"/{name}", _page(name))
    app.router.add_static("/static/", STATIC, follow_symlinks=False)
    app.router.add_get("/api/streams", streams)
    app.router.add_get("/api/sample", sample)
    app.router.add_post("/api/explain", explain)
    app.router.add_post("/api/compare", compare)
    app.router.add_get("/api/config/{kind}", config_text)
    app.router.add_post("/api/config/{kind}/check", config_check)
    app.router.add_post("/api/config/{kind}/save", config_save)
    app.router.add_get("/api/pipeline", pipeline)
    app.router.add_get("/api/releases", releases)
    app.router.add_get("/api/deadletters", dead_letters)
    app.router.add_get("/api/audit", audit)
    return app
