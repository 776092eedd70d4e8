"""Operations edge: request ids, one JSON log line per request, Prometheus metrics, and the
/healthz (alive), /readyz (database reachable, migrations at head) and /metrics endpoints."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from sqlalchemy import Engine, text
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimdesk.adapters.db.job_runs import SqlJobRuns
from claimdesk.adapters.db.migrate import revisions

access_log = logging.getLogger("claimdesk.access")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: what log shippers (journald, Loki, ELK) read without rules."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_json_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "claimdesk_http_requests",
            "HTTP requests by method, route template and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "claimdesk_http_request_duration_seconds",
            "HTTP request latency by method and route template",
            ["method", "route"],
            registry=self.registry,
        )


class RequestObservation:
    """Pure ASGI: X-Request-ID in and out, the access log line, the request metrics."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        started = time.perf_counter()

        async def tagged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, tagged)
        finally:
            self._observe(scope, request_id, status, time.perf_counter() - started)

    def _observe(self, scope: Scope, request_id: str, status: int, seconds: float) -> None:
        route = getattr(scope.get("route"), "path", None) or "unmatched"  # no raw ids: bounded
        method = scope.get("method", "")
        self.metrics.requests.labels(method, route, str(status)).inc()
        self.metrics.latency.labels(method, route).observe(seconds)
        fields = {
            "request_id": request_id,
            "method": method,
            "path": scope.get("path", ""),
            "route": route,
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
        }
        access_log.info("request", extra={"fields": fields})


def install_operations(app: FastAPI, engine: Engine) -> Metrics:
    metrics = Metrics()
    app.add_middleware(RequestObservation, metrics=metrics)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        """Alive: the process answers (a load balancer restarts it when this fails)."""
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    def ready() -> Response:
        """Ready for traffic: the database answers and its schema is the one this code needs."""
        checks = readiness(engine)
        status = 200 if all(value == "ok" for value in checks.values()) else 503
        body: dict[str, object] = {"status": "ok" if status == 200 else "unavailable", **checks}
        if status == 200:
            # Shown, not failing readiness: the server still serves; operators see what waits
            # for its retry. No error text here (the page is public; the log has it).
            body["failed_jobs"] = failed_jobs(engine)
        return JSONResponse(body, status)

    @app.get("/metrics", include_in_schema=False)
    def metrics_endpoint() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return metrics


def failed_jobs(engine: Engine, limit: int = 20) -> list[dict[str, object]]:
    """Scheduled jobs whose last run failed: which, for which period, tries so far, next try."""
    return [
        {"job": run.job, "period": run.period, "attempts": run.attempts,
         "retry_at": run.retry_at.isoformat() if run.retry_at else None}
        for run in SqlJobRuns(engine).failed(limit)
    ]  # fmt: skip


def readiness(engine: Engine) -> dict[str, str]:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        current, head = revisions(engine)
    except Exception as error:  # any failure to reach the database means "not ready"
        return {"database": f"unreachable: {type(error).__name__}", "migrations": "unknown"}
    migrations = "ok" if current == head else f"at {current}, head is {head}"
    return {"database": "ok", "migrations": migrations}
