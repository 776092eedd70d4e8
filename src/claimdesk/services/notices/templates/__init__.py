"""Notice templates as data: `notifications.yaml`, one Jinja2 text per kind and language."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from claimdesk.domain import labels
from claimdesk.domain.money import format_amount, in_capitals

TEMPLATES = Path(__file__).parent / "notifications.yaml"
LANGUAGES = ("zh-CN", "en")


@cache
def _environment() -> SandboxedEnvironment:
    # Plain text for SMS and e-mail: nothing is HTML-escaped; undefined names fail loudly.
    environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    environment.filters["amount"] = lambda value: format_amount(Decimal(value))
    environment.filters["capitals"] = lambda value: in_capitals(Decimal(value))
    return environment


@cache
def _texts() -> dict[str, dict[str, dict[str, str]]]:
    loaded: dict[str, dict[str, dict[str, str]]] = yaml.safe_load(TEMPLATES.read_text("utf-8"))
    return loaded


def kinds() -> list[str]:
    return list(_texts())


def render(kind: str, language: str, context: dict[str, Any]) -> tuple[str, str]:
    """The subject and body of one notice; an unknown language falls back to Chinese."""
    language = language if language in _texts()[kind] else "zh-CN"
    lang = "en" if language == "en" else "zh"
    # `label("material", code)`: a notice names every code the way the pages do.
    context = {"label": lambda family, code: labels.label(family, code, lang), **context}
    subject = _compiled(kind, language, "subject").render(context)
    return subject.strip(), _compiled(kind, language, "body").render(context).strip()


@cache
def _compiled(kind: str, language: str, part: str) -> Template:
    return _environment().from_string(_texts()[kind][language][part])
