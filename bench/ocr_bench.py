"""拍照识别 accuracy and speed: N generated 医疗收费票据 photos with known text (seeded, tilted,
noisy, blurred) read by the real engine (RapidOCR, models from the wheel) and the pure reader,
each field compared with what was printed.

    .venv/bin/python bench/ocr_bench.py --count 30 --seed 12 [--tilt 2]

Prints, per field, the share read exactly: hospital (the registry's code), date, total, items
(every name and amount, in order), all four; and seconds per image (the engine's first load
apart), wall clock and CPU (the wall clock depends on the machine's load). Needs the `ocr`
(or `test`) extra and the CJK fonts (fonts-noto-cjk / wqy-zenhei).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.receipt_images

from tests.receipt_images import ReceiptTruth, receipts

from claimdesk.adapters.receipt_ocr import RapidReceiptReader
from claimdesk.demo.hospitals import REGISTRY
from claimdesk.domain.hospitals import Hospital
from claimdesk.domain.receipts import ReceiptFields, read_receipt

FIELDS = ("hospital", "date", "total", "items", "all")
HOSPITALS = [Hospital(code, name, aliases=tuple(filter(None, aliases.split(";"))))
             for code, name, _level, _region, _public, aliases, _group in REGISTRY]  # fmt: skip
CODES = {h.name: h.code for h in HOSPITALS}


def scores(truth: ReceiptTruth, read: ReceiptFields) -> dict[str, bool]:
    found = {
        "hospital": read.hospital_code == CODES[truth.hospital],
        "date": read.date == truth.date,
        "total": read.total == truth.total,
        "items": tuple((i.name, i.amount) for i in read.items) == truth.items,
    }
    return {**found, "all": all(found.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--tilt", type=float, default=2.0, help="rotation up to ± degrees")
    args = parser.parse_args()
    made = receipts(args.count, seed=args.seed, tilt=args.tilt)
    reader = RapidReceiptReader()
    started = time.perf_counter()
    reader.read(made[0][1])  # the models load on the first photo
    load = time.perf_counter() - started
    hits = dict.fromkeys(FIELDS, 0)
    started, cpu = time.perf_counter(), time.process_time()
    for truth, photo in made:
        for field, ok in scores(truth, read_receipt(reader.read(photo), HOSPITALS)).items():
            hits[field] += ok
    per_image = (time.perf_counter() - started) / len(made)
    cpu_per_image = (time.process_time() - cpu) / len(made)
    print(f"receipts: {len(made)} (seed {args.seed}, tilt ±{args.tilt}°); "
          f"engine load + first photo {load:.2f} s")  # fmt: skip
    for field in FIELDS:
        print(f"  {field:9s} {hits[field]:3d}/{len(made)}  {100 * hits[field] / len(made):5.1f} %")
    print(f"seconds per image: {per_image:.2f} wall, {cpu_per_image:.2f} CPU (one ONNX thread); "
          f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
