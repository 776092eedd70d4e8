"""预赔 estimate: held-out coverage and width beside the naive baseline (docs/estimates.md).

Run from the repository root:  .venv/bin/python bench/estimates_eval.py
"""

from __future__ import annotations

from datetime import date

from claimdesk.estimates.evaluation import evaluate
from claimdesk.estimates.portfolio import closed_claims


def main() -> None:
    print(
        "| seed | method | test claims | coverage (nominal 0.80) | median width | "
        "median abs error |"
    )
    print("|---|---|---|---|---|---|")
    for seed in (0, 1, 2):
        figures = evaluate(closed_claims(rows=6000, seed=seed), date(2025, 3, 31))
        for name, f in figures.items():
            print(
                f"| {seed} | {name} | {f.rows} | {f.coverage:.3f} | {f.median_width:,.0f} | "
                f"{f.median_abs_error:,.0f} |"
            )


if __name__ == "__main__":
    main()
