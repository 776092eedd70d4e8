"""Resolving term figures: fixed by the product, or read from the policy schedule."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.model import ClaimRequest, ParameterValue
from claimdesk.rules.terms import Figure, Product


def parameter(request: ClaimRequest, product: Product, name: str) -> ParameterValue:
    """`policy.parameters.<schedule>.<name>` for the insured's schedule, else `<name>`."""
    parameters = request.policy.parameters
    if product.schedule_flag is not None:
        flag = bool(getattr(request.insured, product.schedule_flag))
        schedule_name = product.schedules[flag]
        schedule = parameters.get(schedule_name)
        if isinstance(schedule, Mapping) and name in schedule:
            return schedule[name]
    value = parameters.get(name)
    if value is None or isinstance(value, Mapping):
        raise missing_parameter(request, product, name)
    return value


def missing_parameter(request: ClaimRequest, product: Product, name: str) -> InvalidRequest:
    where = f"policy.parameters.{name}"
    if product.schedule_flag is not None:
        flag = bool(getattr(request.insured, product.schedule_flag))
        where = f"policy.parameters.{product.schedules[flag]}.{name}"
    return InvalidRequest(
        where, "required by the product's terms", "产品条款要求保单提供此参数", "MISSING_PARAMETER"
    )


def resolve(figure: Figure, request: ClaimRequest, product: Product) -> Decimal:
    if isinstance(figure, Decimal):
        return figure
    value = parameter(request, product, figure.name)
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise InvalidRequest(
            f"policy.parameters.{figure.name}", "must be an amount", "必须为金额", "INVALID_INPUT"
        )
    return Decimal(value)


def resolve_flag(figure: Figure | bool, request: ClaimRequest, product: Product) -> bool:
    if isinstance(figure, bool):
        return figure
    if isinstance(figure, Decimal):
        return figure != 0
    value = parameter(request, product, figure.name)
    return value is True
