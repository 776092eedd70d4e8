"""Typed settings: SQLite under CLAIMDESK_HOME by default; insecure defaults refused in prod."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLAIMDESK_")

    home: Path = Path("claimdesk-data")
    database_url: str = ""
    secret_key: str = ""
    environment: Literal["development", "production"] = "development"
    upload_limit_bytes: int = 20 * 1024 * 1024
    request_body_limit_bytes: int = 2 * 1024 * 1024  # JSON and form bodies (web/request_guard)
    # The period of the scheduled jobs (SLA sweep, audit checkpoint, 预赔 sweep), each run once
    # per period whichever servers and workers are up (web/scheduled_jobs.py); 0: no jobs.
    sla_sweep_interval_seconds: Annotated[int, Field(ge=0)] = 300
    # A job run whose process died is taken over after this; a failed run is retried after
    # job_retry_seconds, doubling on each failure in a row up to job_retry_max_seconds.
    job_lease_seconds: Annotated[float, Field(ge=1.0)] = 1800.0
    job_retry_seconds: Annotated[float, Field(ge=0.0)] = 300.0
    job_retry_max_seconds: Annotated[float, Field(ge=0.0)] = 6 * 3600.0
    session_cookie_secure: bool = False
    products_dir: Path | None = None
    fraud_model_path: Path | None = None  # default <home>/fraud_model.json (docs/fraud.md)
    fraud_retrain_interval_hours: int = 24  # 0: the server never retrains (docs/fraud.md)
    payout_estimates: bool = True  # 预赔 at report and in the server's pass (docs/estimates.md)
    outbox_interval_seconds: int = 5  # 0: no notice worker in the server (docs/notifications.md)
    # How long a worker holds the notices it leased: a killed worker's notices are free again
    # after this; never sent twice (docs/notifications.md "Delivery guarantee").
    outbox_lease_seconds: Annotated[float, Field(ge=1.0, le=3600.0)] = 60.0
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_from: str = "claims@claimdesk.local"
    # FULL: durable across power loss. NORMAL only for throw-away data (demo, tests).
    sqlite_synchronous: Literal["FULL", "NORMAL"] = "FULL"
    # Threads for the sync routes and database calls of one server process (issue 17): past a
    # few per core they only take turns on the GIL and lengthen every request's wait.
    request_threads: Annotated[int, Field(ge=1, le=200)] = 8
    log_format: Literal["text", "json"] = "text"  # json: one object per line (docs/operations.md)
    # Audit checkpoints outside the database, HMAC-signed (docs/operations.md "Audit anchors").
    audit_key: str = ""  # default: a key file <home>/audit_key, created 0600
    audit_checkpoint_path: Path | None = None  # default <home>/audit-checkpoints.jsonl

    def extra_product_dirs(self) -> list[Path]:
        """A user's own product definitions, beside the ones shipped in the package."""
        return [self.products_dir] if self.products_dir else []

    @model_validator(mode="after")
    def _fill_defaults(self) -> Settings:
        if self.fraud_model_path is None:
            self.fraud_model_path = self.home / "fraud_model.json"
        if self.audit_checkpoint_path is None:
            self.audit_checkpoint_path = self.home / "audit-checkpoints.jsonl"
        if not self.database_url:
            self.database_url = f"sqlite:///{self.home.resolve() / 'claimdesk.db'}"
        if self.environment == "production":
            _refuse_insecure(self)
        if not self.secret_key:
            self.secret_key = _development_secret(self.home)
        return self

    @property
    def production(self) -> bool:
        return self.environment == "production"


MIN_SECRET_LENGTH = 32


def _refuse_insecure(settings: Settings) -> None:
    """Production starts only with a long secret and Secure cookies (served over HTTPS)."""
    if len(settings.secret_key) < MIN_SECRET_LENGTH:
        raise ValueError(
            f"CLAIMDESK_SECRET_KEY must have at least {MIN_SECRET_LENGTH} characters in "
            "production (e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    if not settings.session_cookie_secure:
        raise ValueError("CLAIMDESK_SESSION_COOKIE_SECURE=true is required in production (HTTPS)")


def _development_secret(home: Path) -> str:
    """A per-installation secret kept beside the database, never a constant in the code."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
