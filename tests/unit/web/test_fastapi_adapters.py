"""The suite's shared route-field adapters (tests/fastapi_adapters.py): equal fields share one
TypeAdapter, any difference gets its own, and FastAPI's `ModelField.__post_init__` still only
builds the adapter (else the shortcut would skip whatever else it started doing)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import pytest
from annotated_types import Gt
from fastapi._compat import v2
from fastapi.routing import _IncludedRouter
from fastapi.utils import create_model_field
from pydantic import Field, ValidationError

from claimdesk.bootstrap import build_app, build_container
from claimdesk.config import Settings
from tests import fastapi_adapters, fastapi_routes


@pytest.fixture
def shared() -> Iterator[None]:
    fastapi_adapters.install()  # as tests/conftest.py does; kept installed afterwards
    yield


# A route's annotations are the same objects in every app (they live on the endpoint).
AMOUNT = Annotated[Decimal, Field(gt=0, max_digits=12)]


def adapter(annotation: Any, **field: Any) -> Any:
    return create_model_field("amount", annotation, **field)._type_adapter


def test_equal_fields_share_one_adapter(shared: None) -> None:
    first = adapter(AMOUNT)
    again = adapter(AMOUNT)
    assert first is again
    assert again.validate_python("12.30") == Decimal("12.30")


def test_any_difference_gets_its_own_adapter(shared: None) -> None:
    positive = adapter(Annotated[int, Field(gt=0)])
    above_one = adapter(Annotated[int, Field(gt=1)])
    as_text = adapter(str)
    assert len({id(positive), id(above_one), id(as_text), id(adapter(int))}) == 4
    assert positive.validate_python(1) == 1
    with pytest.raises(ValidationError):
        above_one.validate_python(1)
    # Gt(0) == Gt(False) and they hash alike: the key's repr keeps them apart.
    assert _with_metadata(Gt(0)) is not _with_metadata(Gt(False))
    first_default = create_model_field("x", list[int], default=[1]).get_default()
    assert create_model_field("x", list[int], default=[2]).get_default() != first_default


def _with_metadata(*metadata: Any) -> Any:
    info = v2.FieldInfo(annotation=int)
    info.metadata = list(metadata)
    return create_model_field("x", int, field_info=info)._type_adapter


def test_fastapi_post_init_still_only_builds_the_adapter() -> None:
    field = v2.ModelField.__new__(v2.ModelField)
    for known in dataclasses.fields(v2.ModelField):
        setattr(field, known.name, None)
    field.field_info = v2.FieldInfo(annotation=int)
    field.mode = "validation"
    before = set(vars(field))
    fastapi_adapters._real_post_init(field)
    assert set(vars(field)) - before == {"_type_adapter"}


def _build_routes(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'unused.db'}",
                        secret_key="test-secret-key")  # fmt: skip
    container = build_container(settings, fast_hashing=True)
    try:
        for route in build_app(container).router.routes:
            if isinstance(route, _IncludedRouter):  # what the first request would build
                route.effective_candidates()
                route.effective_low_priority_routes()
    finally:
        container.engine.dispose()


def test_a_second_app_reuses_nearly_every_adapter_and_signature(
    shared: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each app builds its routes here (as without tests/fastapi_routes.py): what is shared below
    # them is what this test measures.
    monkeypatch.setattr(fastapi_routes, "_BUILT", {})
    monkeypatch.setattr(fastapi_routes, "LIMIT", 0)
    _build_routes(tmp_path)
    fields, built, signatures = [], [], []
    key, real_init = fastapi_adapters.field_key, fastapi_adapters._real_post_init
    real_signature = fastapi_adapters._real_typed_signature
    monkeypatch.setattr(fastapi_adapters, "field_key", lambda f: fields.append(1) or key(f))
    monkeypatch.setattr(fastapi_adapters, "_real_post_init",
                        lambda f: built.append(1) or real_init(f))  # fmt: skip
    monkeypatch.setattr(fastapi_adapters, "_real_typed_signature",
                        lambda call: signatures.append(1) or real_signature(call))  # fmt: skip
    _build_routes(tmp_path)
    assert len(fields) > 1000  # the app's routes really were built again
    # What still misses: the body models FastAPI creates per app (their annotation is new).
    assert len(built) < len(fields) // 10
    # ... and the dependencies create_app makes per app (api_permission for the what-if router).
    assert len(signatures) < 10, len(signatures)
