"""`claimdesk adjudicate`: JSON out, JSONL batches, --explain tables, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from claimdesk.cli import adjudicate_commands
from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.rules.loader import load_products, packaged_products_dir

EXAMPLES = packaged_products_dir() / "examples" / "tianan-group-medical"
OUTPATIENT = EXAMPLES / "outpatient-deductible-and-supply-limit.json"


def cli() -> typer.Typer:
    app = typer.Typer()
    adjudicate_commands.register(app)

    @app.command("noop", hidden=True)
    def noop() -> None:  # a second command keeps `adjudicate` a named subcommand
        """Unused."""

    return app


def request_of(path: Path) -> dict[str, object]:
    return json.loads(path.read_text(encoding="utf-8"))["request"]  # type: ignore[no-any-return]


def write_request(tmp_path: Path, request: object, name: str = "claim.json") -> Path:
    file = tmp_path / name
    file.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
    return file


def test_given_a_claim_file_when_adjudicated_then_stdout_is_the_same_result_as_the_api(
    tmp_path: Path,
) -> None:
    file = write_request(tmp_path, request_of(OUTPATIENT))
    outcome = CliRunner().invoke(cli(), ["adjudicate", str(file)])
    assert outcome.exit_code == 0, outcome.output
    expected = adjudicate_json(request_of(OUTPATIENT), load_products())
    assert json.loads(outcome.stdout) == expected


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", ["部分赔付", "超过用药量限制"]), ("en", ["partially approved", "medication limit"])],
    ids=["chinese", "english"],
)
def test_given_explain_when_adjudicated_then_a_table_in_the_language_is_printed(
    lang: str, words: list[str]
) -> None:
    args = ["adjudicate", str(OUTPATIENT), "--explain", "--lang", lang]
    outcome = CliRunner().invoke(cli(), args, env={"COLUMNS": "240"})
    assert outcome.exit_code == 0, outcome.output
    for word in words:
        assert word in outcome.stdout


def test_given_a_jsonl_batch_then_one_result_per_line_in_order(tmp_path: Path) -> None:
    requests = [request_of(path) for path in sorted(EXAMPLES.glob("*.json"))]
    file = tmp_path / "claims.jsonl"
    file.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in requests), "utf-8")
    outcome = CliRunner().invoke(cli(), ["adjudicate", str(file)])
    assert outcome.exit_code == 0, outcome.output
    claim_ids = [json.loads(line)["claim_id"] for line in outcome.stdout.splitlines()]
    assert claim_ids == [r["claim_id"] for r in requests]


def test_given_an_invalid_line_amount_then_exit_2_naming_the_field(tmp_path: Path) -> None:
    request = request_of(OUTPATIENT)
    request["visits"][0]["lines"][1]["amount"] = "481.00"  # type: ignore[index]
    outcome = CliRunner().invoke(cli(), ["adjudicate", str(write_request(tmp_path, request))])
    assert outcome.exit_code == 2
    assert "visits[0].lines[1].amount" in outcome.stderr


def test_given_a_denial_then_the_exit_status_is_still_0(tmp_path: Path) -> None:
    request = request_of(OUTPATIENT)
    request["insured"]["blacklisted"] = True  # type: ignore[index]
    outcome = CliRunner().invoke(cli(), ["adjudicate", str(write_request(tmp_path, request))])
    assert outcome.exit_code == 0
    assert json.loads(outcome.stdout)["decision"] == "denied"


def test_given_a_products_dir_then_its_products_are_used(tmp_path: Path) -> None:
    source = packaged_products_dir() / "tianan-group-medical.yaml"
    own = source.read_text(encoding="utf-8").replace(
        "code: tianan-group-medical", "code: my-medical"
    )
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "my-medical.yaml").write_text(own, encoding="utf-8")
    request = {**request_of(OUTPATIENT), "product": "my-medical"}
    args = [
        "adjudicate",
        str(write_request(tmp_path, request)),
        "--products",
        str(tmp_path / "products"),
    ]
    outcome = CliRunner().invoke(cli(), args)
    assert outcome.exit_code == 0, outcome.output
    assert json.loads(outcome.stdout)["payable"] == "322.00"


def test_given_a_parquet_of_bill_lines_then_per_line_results_are_written(tmp_path: Path) -> None:
    import polars as pl

    row = {
        "product": "tianan-group-medical", "claim_id": "C-1", "submitted_on": "2026-07-01",
        "period_start": "2026-01-01", "period_end": "2026-12-31", "blacklisted": False,
        "conditions": "", "materials": "id_copy|original_receipts|medical_record_copy|"
        "itemized_drug_list|bank_book_copy", "history_outpatient_deductible_used": 60000,
        "history_outpatient_paid": 0, "history_inpatient_paid": 0,
        "history_hyperbaric_sessions_used": 0, "visit_id": "V1", "kind": "outpatient",
        "date": "2026-03-09", "designated": True, "level": 3, "ward": "general",
        "region": "shanghai", "diagnosis": "感冒", "service": None, "rescue": False,
        "social_security_card": True, "other_payer_paid_fen": 0, "receipt_original": True,
        "receipt_handwritten": False, "line_id": "L1", "type": "lab", "auxiliary": False,
        "days_supply": None, "sessions": None, "amount_fen": 10000, "fund_paid_fen": 0,
        "category_self_pay_fen": 0, "self_funded_fen": 0, "self_pay_fen": 10000,
    }  # fmt: skip
    frame = pl.DataFrame([row]).with_columns(
        pl.col("submitted_on", "period_start", "period_end", "date").str.to_date()
    )
    frame.write_parquet(tmp_path / "lines.parquet")
    out = tmp_path / "results.csv"
    args = ["adjudicate", str(tmp_path / "lines.parquet"), "--output", str(out)]
    outcome = CliRunner().invoke(cli(), args)
    assert outcome.exit_code == 0, outcome.output
    result = pl.read_csv(out).row(0, named=True)
    assert (result["payable_fen"], result["reasons"]) == (7000, "COINSURANCE")


STUDENT_EXAMPLES = [
    packaged_products_dir() / "examples" / "tianan-student-accident" / name
    for name in ("death-less-disability-already-paid.json", "exclusion-drunk-driving.json")
] + [
    packaged_products_dir() / "examples" / "tianan-student-accident-medical" / name
    for name in ("disease-inpatient-non-social-insurance-with-allowance.json",)
]


@pytest.mark.parametrize(
    "path", STUDENT_EXAMPLES, ids=lambda path: f"{path.parent.name}/{path.stem}"
)
def test_given_a_student_product_claim_then_the_cli_gives_the_worked_result(
    tmp_path: Path, path: Path
) -> None:
    example = json.loads(path.read_text(encoding="utf-8"))
    outcome = CliRunner().invoke(
        cli(), ["adjudicate", str(write_request(tmp_path, example["request"]))]
    )
    assert outcome.exit_code == 0, outcome.output
    result = json.loads(outcome.stdout)
    assert result == adjudicate_json(example["request"], load_products())
    assert (result["decision"], result["payable"]) == (
        example["result"]["decision"],
        example["result"]["payable"],
    )


def test_given_a_student_accident_claim_then_explain_lists_the_benefit() -> None:
    path = STUDENT_EXAMPLES[0]
    args = ["adjudicate", str(path), "--explain", "--lang", "en"]
    outcome = CliRunner().invoke(cli(), args, env={"COLUMNS": "240"})
    assert outcome.exit_code == 0, outcome.output
    assert "death" in outcome.stdout and "30000.00" in outcome.stdout
