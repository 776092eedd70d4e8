"""Generated photos of 医疗收费票据 with known text (seeded): for the OCR tests and bench.

A receipt has the title, 票据代码/号码, 交款人 and 开票日期, 收款单位 (a registry hospital),
two to four fee lines (heading, yuan), 合计 in words and figures, then the cashier; the "photo"
is the paper on a grey table, slightly rotated, with noise and a little blur.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import cn2an
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from claimdesk.demo.hospitals import REGISTRY

FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)
FEES = ("西药费", "中成药费", "检查费", "化验费", "治疗费", "挂号费", "诊察费", "卫生材料费",
        "床位费", "护理费", "手术费")  # fmt: skip
HOSPITALS = tuple(row[1] for row in REGISTRY if "医院" in row[1])
NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊")


@dataclass(frozen=True)
class ReceiptTruth:
    hospital: str
    date: date
    items: tuple[tuple[str, Decimal], ...]

    @property
    def total(self) -> Decimal:
        return sum((amount for _, amount in self.items), Decimal("0.00"))


def a_receipt_truth(rng: random.Random) -> ReceiptTruth:
    fees = rng.sample(FEES, rng.randint(2, 4))
    items = tuple((fee, Decimal(rng.randint(500, 250_000)) / 100) for fee in fees)
    day = date(2026, 1, 1) + timedelta(days=rng.randrange(300))
    return ReceiptTruth(rng.choice(HOSPITALS), day, items)


def font_path() -> Path:
    return next(path for path in FONTS if path.exists())


def receipt_png(truth: ReceiptTruth, rng: random.Random, *, tilt: float = 2.0) -> bytes:
    """The receipt rendered at phone-photo scale (about 1000 px wide), then photographed."""
    paper = _paper(truth, rng)
    photo = _photograph(paper, rng, tilt)
    out = io.BytesIO()
    # Lossless at any level (the reader gets the same pixels); level 1 takes half the CPU.
    photo.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def _paper(truth: ReceiptTruth, rng: random.Random) -> Image.Image:
    width, height = 960, 560 + 46 * len(truth.items)
    paper = Image.new("RGB", (width, height), (250, 248, 240))
    draw = ImageDraw.Draw(paper)
    big, text = ImageFont.truetype(str(font_path()), 36), ImageFont.truetype(str(font_path()), 26)
    ink = (30, 30, 40)
    draw.text(
        (width // 2, 40), "上海市医疗收费票据（电子）", font=big, fill=(150, 30, 30), anchor="mt"
    )
    code, number = rng.randrange(10**7, 10**8), rng.randrange(10**9, 10**10)
    draw.text((40, 110), f"票据代码：{code}", font=text, fill=ink)
    draw.text((520, 110), f"票据号码：{number}", font=text, fill=ink)
    draw.text((40, 160), f"交款人：{rng.choice(NAMES)}", font=text, fill=ink)
    draw.text((520, 160), f"开票日期：{truth.date.isoformat()}", font=text, fill=ink)
    draw.text((40, 210), f"收款单位：{truth.hospital}", font=text, fill=ink)
    draw.line((40, 255, width - 40, 255), fill=ink, width=2)
    draw.text((60, 270), "项目名称", font=text, fill=ink)
    draw.text((640, 270), "金额（元）", font=text, fill=ink)
    y = 320
    for name, amount in truth.items:
        draw.text((60, y), name, font=text, fill=ink)
        draw.text((640, y), f"{amount:.2f}", font=text, fill=ink)
        y += 46
    draw.line((40, y + 4, width - 40, y + 4), fill=ink, width=2)
    words = cn2an.an2cn(f"{truth.total:.2f}", "rmb")
    draw.text((40, y + 20), f"合计（大写）：{words}", font=text, fill=ink)
    draw.text((40, y + 70), f"合计（小写）：¥{truth.total:.2f}", font=text, fill=ink)
    draw.text((40, y + 130), f"收款人：{rng.choice(NAMES)}", font=text, fill=ink)
    draw.text((520, y + 130), f"复核人：{rng.choice(NAMES)}", font=text, fill=ink)
    return paper


def _photograph(paper: Image.Image, rng: random.Random, tilt: float) -> Image.Image:
    table = Image.new("RGB", (paper.width + 80, paper.height + 80), (120, 118, 112))
    table.paste(paper, (40, 40))
    angle = rng.uniform(-tilt, tilt)
    photo = table.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=(120, 118, 112))
    noisy = photo.load()
    assert noisy is not None
    for _ in range(photo.width * photo.height // 60):  # specks, as on a phone photo
        x, y = rng.randrange(photo.width), rng.randrange(photo.height)
        shade = rng.randrange(80, 220)
        noisy[x, y] = (shade, shade, shade)
    return photo.filter(ImageFilter.GaussianBlur(radius=rng.uniform(0.3, 0.8)))


def receipts(count: int, seed: int = 12, tilt: float = 2.0) -> list[tuple[ReceiptTruth, bytes]]:
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        truth = a_receipt_truth(rng)
        made.append((truth, receipt_png(truth, rng, tilt=tilt)))
    return made
