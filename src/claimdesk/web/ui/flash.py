"""Flash confirmations (操作成功提示): a one-time message shown on the page after a redirect.

Kept in the signed session as (zh, en) so the page shows it in the reader's language; base.html
shows it once (`take_flash` empties it).
"""

from __future__ import annotations

from fastapi import Request

KEY = "flash"


def flash(request: Request, zh: str, en: str) -> None:
    request.session[KEY] = [zh, en]


def take_flash(request: Request, lang: str) -> str:
    message = request.session.pop(KEY, None)
    if not isinstance(message, list) or len(message) != 2:
        return ""
    zh, en = message
    return str(en if lang == "en" else zh)
