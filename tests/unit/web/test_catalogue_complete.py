"""Chinese first: every string a page shows through gettext has a zh-CN translation."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

UI = Path(__file__).resolve().parents[3] / "src" / "claimdesk" / "web" / "ui"
MESSAGE = re.compile(r'\b_\("([^"]+)"\)')


def test_every_page_string_has_a_chinese_translation() -> None:
    sources = [*UI.glob("templates/*.html"), *UI.glob("*.py")]
    wanted = {m for path in sources for m in MESSAGE.findall(path.read_text("utf-8"))}
    with (UI / "locale" / "zh_CN" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    untranslated = sorted(m for m in wanted if not (catalogue.get(m) and catalogue.get(m).string))
    assert wanted and untranslated == []
