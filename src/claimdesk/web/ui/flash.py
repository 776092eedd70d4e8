"""Flash confirmations: one message kept in the session after an action, shown on the next page."""

from __future__ import annotations

from fastapi import Request


def flash(request: Request, zh: str, en: str) -> None:
    request.session["flash"] = [zh, en]


def take_flash(request: Request, lang: str) -> str:
    """The pending confirmation in the reader's language, once (then it is gone)."""
    stored = request.session.pop("flash", None)
    if not isinstance(stored, list) or len(stored) != 2:
        return ""
    return str(stored[1] if lang == "en" else stored[0])
