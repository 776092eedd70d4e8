"""Why the inner choice trails LightGBM's defaults out of time on fraud_oracle (issue 15).

Trains on 1994–95 and reports, with no look at 1996 for the choice:
- each candidate's forward-in-time inner ROC-AUC (fit on the earliest 75% of 1994–95,
  validate on the latest 25%) and its paired-bootstrap standard error against the best;
- which candidate the plain "best inner AUC" rule picks, which the one-standard-error
  rule would pick (the fewest trees × leaves within one SE of the best), and which the
  project's rule picks (`selection.choose`: the better of the baselines' configurations
  unless the best candidate leads it by more than one SE);
then, as a diagnostic only, each candidate's ROC-AUC on 1996 beside LightGBM's defaults.

    .venv/bin/python bench/fraud_oot_gap.py [path/to/fraud_oracle.csv]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from claimdesk.fraud.baselines import fit_lightgbm_default
from claimdesk.fraud.columns import binary_label, plan_columns, read_table
from claimdesk.fraud.encoding import encode, fit_encoder
from claimdesk.fraud.model import DEFAULT_PARAMS, fit_learner, learner_margins
from claimdesk.fraud.selection import CANDIDATES, _inner_splits, choose
from claimdesk.fraud.timesplit import chronological_mask, time_order

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "fraud_oracle.csv"
RESAMPLES = 300


def _size(params: dict[str, object]) -> float:
    merged = {**DEFAULT_PARAMS, **params}
    if merged.get("kind") == "logistic":
        return 0.0
    return float(merged["n_estimators"]) * float(merged["num_leaves"])  # type: ignore[arg-type]


def _margins(train, check, plan, params):  # type: ignore[no-untyped-def]
    y = binary_label(train, plan.label).to_numpy()
    encoder = fit_encoder(train, plan, bool(params.get("time_stable")))
    learner = fit_learner(encode(encoder, train), y, encoder, {**DEFAULT_PARAMS, **params})
    return learner_margins(learner, encoder, encode(encoder, check))


def main(path: Path) -> None:
    table = read_table(str(path))
    plan = plan_columns(table, "FraudFound_P", "Year")
    earlier = chronological_mask(table, plan, "Year", "1995")
    train, test = table.filter(earlier), table.filter(~earlier)
    y_train = binary_label(train, plan.label).to_numpy()
    (fit_rows, check_rows), *_ = _inner_splits(y_train, time_order(train, plan, "Year"), 0)
    fit, check, y_check = train[fit_rows], train[check_rows], y_train[check_rows]
    inner = {name: _margins(fit, check, plan, p) for name, p in CANDIDATES.items()}
    auc = {name: float(roc_auc_score(y_check, m)) for name, m in inner.items()}
    best = max(auc, key=lambda name: auc[name])
    rng = np.random.default_rng(0)
    draws = [rng.integers(0, len(y_check), len(y_check)) for _ in range(RESAMPLES)]
    draws = [d for d in draws if 0 < y_check[d].sum() < len(d)]
    se = {}
    for name in CANDIDATES:
        diffs = [
            roc_auc_score(y_check[d], inner[best][d]) - roc_auc_score(y_check[d], inner[name][d])
            for d in draws
        ]
        se[name] = float(np.std(diffs))
    within = [n for n in CANDIDATES if auc[best] - auc[n] <= max(se[n], 1e-9) or n == best]
    one_se = min(within, key=lambda name: _size(CANDIDATES[name]))
    y_test = binary_label(test, plan.label).to_numpy()
    print(
        f"train {train.height} rows ({int(y_train.sum())} frauds), inner check {len(y_check)} "
        f"rows ({int(y_check.sum())} frauds), test 1996 {test.height} ({int(y_test.sum())})"
    )
    print("| candidate | inner ROC-AUC | best − it (± SE) | 1996 ROC-AUC (diagnostic) |")
    print("|---|---|---|---|")
    for name, params in CANDIDATES.items():
        test_auc = roc_auc_score(y_test, _margins(train, test, plan, params))
        gap = auc[best] - auc[name]
        print(f"| `{name}` | {auc[name]:.4f} | {gap:+.4f} ± {se[name]:.4f} | {test_auc:.4f} |")
    baseline = roc_auc_score(y_test, fit_lightgbm_default(train, plan)(test))
    print(f"| LightGBM default (baseline) | — | — | {baseline:.4f} |")
    print(f"best-inner rule picks `{best}`; one-standard-error rule picks `{one_se}`")
    chosen = choose(train, plan, order=time_order(train, plan, "Year"))
    print(
        f"reference rule (selection.choose, the project's): `{chosen.best}` leads the "
        f"reference `{chosen.reference}`"
        f" by {chosen.lead:+.4f} ± {chosen.lead_se:.4f} → picks `{chosen.name}`"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA)
