"""The metrics and health endpoint of a process: `/metrics` (Prometheus text), `/healthz`.

One small HTTP server per process, in a daemon thread, on a configurable host and port
(`PII_METRICS_HOST`, `PII_METRICS_PORT`). `/healthz` answers 200 while the process's main loop
reports progress and 503 otherwise; the body says which, never more.
"""

from __future__ import annotations

import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from pipeline.errors import PipelineError

log = logging.getLogger(__name__)

# Default ports when $PII_METRICS_PORT is not set: one per kind of process on a machine.
WORKER_PORT = 9464
AGGREGATOR_PORT = 9465


class Health:
    """Liveness of a process: ready once started, healthy while it beats often enough."""

    def __init__(self, stale_after_s: float = 120.0) -> None:
        self._stale_after_s = stale_after_s
        self._ready = False
        self._last = time.monotonic()
        self._lock = threading.Lock()

    def ready(self) -> None:
        """The process has started (topics checked, clients connected)."""
        with self._lock:
            self._ready = True
            self._last = time.monotonic()

    def beat(self) -> None:
        """The main loop went round once."""
        with self._lock:
            self._last = time.monotonic()

    def status(self) -> tuple[bool, str]:
        """(healthy, reason)."""
        with self._lock:
            if not self._ready:
                return False, "starting"
            quiet = time.monotonic() - self._last
        if quiet > self._stale_after_s:
            return False, f"main loop quiet for {quiet:.0f} s"
        return True, "ok"


class MetricsServer:
    """`/metrics` and `/healthz` over HTTP for one registry."""

    def __init__(self, registry: CollectorRegistry, health: Health) -> None:
        self.registry = registry
        self.health = health
        self._server: ThreadingHTTPServer | None = None

    def start(self, port: int, host: str = "127.0.0.1", *, optional: bool = False) -> int:
        """Serve in a daemon thread; returns the port (useful with port 0). An `optional` port
        (a default, not $PII_METRICS_PORT) that is taken means no endpoint and a warning, so a
        second process on the machine still starts; the bind itself decides (a probe would race)."""
        registry, health = self.registry, self.health

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path == "/metrics":
                    self._send(200, generate_latest(registry), CONTENT_TYPE_LATEST)
                elif path in {"/healthz", "/health"}:
                    ok, reason = health.status()
                    self._send(200 if ok else 503, (reason + "\n").encode(), "text/plain")
                else:
                    self._send(404, b"not found: try /metrics or /healthz\n", "text/plain")

            def _send(self, code: int, body: bytes, content_type: str) -> None:
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return  # scrapes every few seconds would flood the log

        try:
            self._server = ThreadingHTTPServer((host, port), Handler)
        except OSError as exc:
            if optional:
                log.warning(
                    "metrics port %s:%d is taken: no metrics endpoint (set PII_METRICS_PORT)",
                    host,
                    port,
                )
                return 0
            raise PipelineError(
                f"metrics endpoint {host}:{port}: {exc.strerror or exc} "
                "(set PII_METRICS_PORT to a free port, or 0 for none)"
            ) from None
        self._server.daemon_threads = True
        thread = threading.Thread(target=self._server.serve_forever, name="metrics", daemon=True)
        thread.start()
        return int(self._server.server_address[1])

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
