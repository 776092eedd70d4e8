"""Translations and zh-CN formatting: gettext catalogues (Babel .po) compiled in memory at start.

The .po files under locale/ are the source; `translations(lang)` compiles one with Babel the
first time it is asked for, so a fresh clone works after `pip install -e .` with no build step.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE_DIR = Path(__file__).parent / "locale"
LOCALES = {"zh": "zh_CN", "en": "en"}
SHANGHAI = ZoneInfo("Asia/Shanghai")


@cache
def translations(lang: str) -> gettext.NullTranslations:
    po = LOCALE_DIR / LOCALES.get(lang, "zh_CN") / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as source:
        catalog = read_po(source, locale=LOCALES.get(lang, "zh_CN"))
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, "zh_CN")


def money(amount: Decimal | None, lang: str) -> str:
    return format_currency(amount or Decimal("0"), "CNY", locale=locale_of(lang))


def number(value: Decimal | int | None, lang: str) -> str:
    return format_decimal(value or 0, locale=locale_of(lang))


def percent(value: Decimal | None, lang: str) -> str:
    return "—" if value is None else format_percent(value, "#,##0.0%", locale=locale_of(lang))


def day(value: date | None, lang: str) -> str:
    return "" if value is None else format_date(value, "medium", locale=locale_of(lang))


def moment(value: datetime | None, lang: str) -> str:
    """Beijing time: what the customer's receipts and our promises are counted in."""
    if value is None:
        return ""
    pattern = "yyyy-MM-dd HH:mm"
    return format_datetime(value, pattern, tzinfo=SHANGHAI, locale=locale_of(lang))


def rmb_upper(amount: Decimal) -> str:
    """人民币大写, as on a Chinese payment notice (e.g. 壹仟贰佰叁拾肆元伍角)."""
    import cn2an  # lazy: ~0.15 s CPU at every server and worker start; few pages print it

    return str(cn2an.an2cn(str(amount), "rmb"))
