"""The per-request context every use case receives: one unit of work and what the request
may need (clock, products, file store, fraud model, senders), all built by the composition
root (`bootstrap.Container.context()`), never by a module global or a router."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from claimdesk.domain.channels import Channel
from claimdesk.fraud.model import RiskModel
from claimdesk.rules.auto.terms import AutoProduct
from claimdesk.rules.terms import Product
from claimdesk.services.notices.ports import Sender
from claimdesk.services.ports import Clock, FileStore, UnitOfWork

if TYPE_CHECKING:
    from claimdesk.estimates.model import Estimator

Products = Mapping[str, Product]


@dataclass(frozen=True)
class ServiceContext:
    uow: UnitOfWork
    clock: Clock
    products: Products = field(default_factory=dict)
    files: FileStore | None = None
    # The stored risk model re-scores a claim after each move; None: no re-scoring.
    fraud_model: RiskModel | None = None
    senders: Mapping[Channel, Sender] = field(default_factory=dict)
    # Auto products (车险, `line_of_business: auto`): the settlement engine's terms.
    auto_products: Mapping[str, AutoProduct] = field(default_factory=dict)
    # 预赔: the quantile model fitted on the settled claims (None: too few; engine fall-back).
    estimator: Estimator | None = None
    payout_estimates: bool = False  # on from the settings (Container.context)

    def with_uow(self, uow: UnitOfWork) -> ServiceContext:
        """The same request wiring over another unit of work (e.g. a second transaction)."""
        return replace(self, uow=uow)
