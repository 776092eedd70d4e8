"""A `.jsonl` worker process pays its own imports (issue 17): lines in the standard form are
read and adjudicated without pydantic (≈ 0.1 s CPU a process to import its schemas)."""

from __future__ import annotations

import json
import subprocess
import sys

from claimdesk.rules.loader import packaged_products_dir

EXAMPLE = packaged_products_dir() / "examples" / "tianan-group-medical"
WORKER = """
import json, sys
from claimdesk.cli import adjudicate_jsonl
from claimdesk.rules.loader import load_products
adjudicate_jsonl.use(load_products())
results, messages, _ = adjudicate_jsonl.adjudicate_block([(1, sys.argv[1].encode())])
print(json.dumps({"pydantic": "pydantic" in sys.modules, "polars": "polars" in sys.modules,
                  "decision": json.loads(results)["decision"], "messages": messages}))
"""


def test_given_a_jsonl_block_in_the_standard_form_then_its_worker_does_not_import_pydantic() -> (
    None
):
    example = json.loads(
        (EXAMPLE / "outpatient-deductible-and-supply-limit.json").read_text(encoding="utf-8")
    )
    line = json.dumps(example["request"], ensure_ascii=False)
    done = subprocess.run(
        [sys.executable, "-c", WORKER, line], check=True, capture_output=True, timeout=120
    )
    report = json.loads(done.stdout.decode().splitlines()[-1])
    assert report["messages"] == [] and report["decision"] == example["result"]["decision"]
    assert report["polars"]  # the block went through the table
    assert not report["pydantic"]
