"""The one composition root: settings in, a wired container (and web app) out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine

from claimdesk.adapters.audit_anchor_file import CheckpointFile, audit_key
from claimdesk.adapters.clock import SystemClock
from claimdesk.adapters.db.engine import make_engine, make_session_factory
from claimdesk.adapters.db.idempotency_store import SqlIdempotencyStore
from claimdesk.adapters.db.migrate import migrate as migrate  # re-exported for its callers
from claimdesk.adapters.db.unit_of_work import SqlUnitOfWork
from claimdesk.adapters.file_store import LocalFileStore
from claimdesk.adapters.mailer import senders_from
from claimdesk.adapters.passwords import Argon2PasswordHasher
from claimdesk.adapters.receipt_ocr import RapidReceiptReader
from claimdesk.config import Settings
from claimdesk.domain.channels import Channel
from claimdesk.estimates.model import Estimator
from claimdesk.fraud.model import RiskModel
from claimdesk.rules.auto.loader import load_auto_products
from claimdesk.rules.auto.terms import AutoProduct
from claimdesk.rules.loader import load_products
from claimdesk.rules.terms import Product
from claimdesk.services.context import ServiceContext
from claimdesk.services.fraud.scoring import stored_model
from claimdesk.services.notices.ports import Sender
from claimdesk.services.ports import Clock, FileStore, PasswordHasher, UnitOfWork
from claimdesk.services.receipts.ports import ReceiptReader


@dataclass
class Container:
    settings: Settings
    engine: Engine
    clock: Clock
    hasher: PasswordHasher
    session_factory: object
    products: Mapping[str, Product]
    files: FileStore
    senders: Mapping[Channel, Sender]
    fraud_model: RiskModel | None = None
    auto_products: Mapping[str, AutoProduct] = field(default_factory=dict)
    estimator: Estimator | None = None
    # 拍照识别: the OCR engine loads on the first photo (optional `ocr` extra).
    receipt_reader: ReceiptReader = field(default_factory=RapidReceiptReader)
    model_stamp: int | None = None  # the loaded model file's mtime (ns), None: no file

    def uow(self) -> UnitOfWork:
        """A fresh unit of work per use case call."""
        return SqlUnitOfWork(self.session_factory)  # type: ignore[arg-type,return-value]

    def context(self) -> ServiceContext:
        """What one use case call (one request) gets: a fresh unit of work and the wiring."""
        return ServiceContext(
            uow=self.uow(),
            clock=self.clock,
            products=self.products,
            files=self.files,
            fraud_model=self.fraud_model,
            senders=self.senders,
            auto_products=self.auto_products,
            estimator=self.estimator,
            payout_estimates=self.settings.payout_estimates,
        )

    @property
    def idempotency(self) -> SqlIdempotencyStore:
        return SqlIdempotencyStore(self.engine)

    def audit_anchors(self) -> tuple[CheckpointFile, bytes]:
        """The checkpoint file and signing key, both outside the database."""
        path = self.settings.audit_checkpoint_path or self.settings.home / "audit-checkpoints.jsonl"
        return CheckpointFile(path), audit_key(self.settings.audit_key, self.settings.home)

    def reload_fraud_model(self) -> RiskModel | None:
        """Pick up a newly trained model file (or its absence) for the after-move re-score."""
        self.model_stamp = _stamp(self.settings.fraud_model_path)
        self.fraud_model = stored_model(self.settings.fraud_model_path)
        return self.fraud_model

    def reload_if_retrained(self) -> bool:
        """Another process (server or worker) retrained the model: load its file here too."""
        if _stamp(self.settings.fraud_model_path) == self.model_stamp:
            return False
        self.reload_fraud_model()
        self.refit_estimator()
        return True

    def refit_estimator(self) -> Estimator | None:
        """预赔: fit the quantile model on the settled claims now in the database (at start
        and on retrain); None while there are too few."""
        from claimdesk.services.estimates.use_cases import fit_from_store

        self.estimator = fit_from_store(self.uow())
        return self.estimator


def _stamp(path: Path | None) -> int | None:
    return path.stat().st_mtime_ns if path is not None and path.is_file() else None


def build_container(
    settings: Settings,
    *,
    clock: Clock | None = None,
    fast_hashing: bool = False,
    engine: Engine | None = None,
) -> Container:
    """`engine`: one already made for `settings.database_url` (the test suite passes a view of
    its process-wide engine, so a test's statements are compiled once per process, not per
    test); by default a new one."""
    if engine is None:
        engine = make_engine(settings.database_url, synchronous=settings.sqlite_synchronous)
    return Container(
        settings=settings,
        engine=engine,
        clock=clock or SystemClock(),
        hasher=Argon2PasswordHasher(fast=fast_hashing),
        session_factory=make_session_factory(engine),
        # The one place products are loaded: shipped ones plus CLAIMDESK_PRODUCTS_DIR.
        products=load_products(*settings.extra_product_dirs()),
        # Throw-away data (NORMAL: demo, tests) does not sync its material files either.
        files=LocalFileStore(settings.home / "files", sync=settings.sqlite_synchronous == "FULL"),
        senders=senders_from(settings),
        fraud_model=stored_model(settings.fraud_model_path),
        model_stamp=_stamp(settings.fraud_model_path),
        auto_products=load_auto_products(*settings.extra_product_dirs()),
    )


def build_app(container: Container) -> FastAPI:
    # Imported here, not at the top: building the routes is some 40 % of this module's import
    # CPU, and the processes that only migrate or work the outbox and the scheduled jobs
    # (`claimdesk worker`, `db upgrade`, the parent of `serve --workers N`) never serve a page.
    from claimdesk.web.app import create_app

    return create_app(container)


def app_from_environment() -> FastAPI:
    """The app of one `claimdesk serve --workers N` process: settings from the environment
    (the database is migrated by the parent before the workers start)."""
    settings = Settings()
    if settings.log_format == "json":
        from claimdesk.web.observability import configure_json_logging

        configure_json_logging()
    container = build_container(settings)
    container.refit_estimator()  # 预赔: the quantile model over the settled claims
    return build_app(container)
