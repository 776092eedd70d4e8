"""`claimdesk adjudicate lines.parquet --output …`: streamed, grouped or arrival order, a
refused product or a bad row exits 2 naming it (issue 17)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import typer
from typer.testing import CliRunner

from claimdesk.cli import adjudicate_commands

ROW = {
    "product": "tianan-group-medical", "submitted_on": "2026-07-01",
    "period_start": "2026-01-01", "period_end": "2026-12-31", "blacklisted": False,
    "conditions": "", "materials": "id_copy|original_receipts|medical_record_copy|"
    "itemized_drug_list|bank_book_copy", "history_outpatient_deductible_used": 59000,
    "history_outpatient_paid": 0, "history_inpatient_paid": 0,
    "history_hyperbaric_sessions_used": 0, "kind": "outpatient", "designated": True,
    "level": 3, "ward": "general", "region": "shanghai", "diagnosis": "感冒",
    "service": None, "rescue": False, "social_security_card": True, "other_payer_paid_fen": 0,
    "receipt_original": True, "receipt_handwritten": False, "type": "lab",
    "auxiliary": False, "days_supply": None, "sessions": None, "fund_paid_fen": 0,
    "category_self_pay_fen": 0, "self_funded_fen": 0,
}  # fmt: skip


def cli() -> typer.Typer:
    app = typer.Typer()
    adjudicate_commands.register(app)

    @app.command("noop", hidden=True)
    def noop() -> None:  # a second command keeps `adjudicate` a named subcommand
        """Unused."""

    return app


def lines(claims: int) -> pl.DataFrame:
    """Each claim: two visits of two lines; the deductible left (10 yuan) goes to its first."""
    rows = [
        {**ROW, "claim_id": f"C-{claim}", "visit_id": f"V{visit}",
         "date": f"2026-0{visit + 3}-09", "line_id": f"L{line}",
         "amount_fen": 10000 + line, "self_pay_fen": 10000 + line}
        for claim in range(claims) for visit in range(2) for line in range(2)
    ]  # fmt: skip
    return pl.DataFrame(rows).with_columns(
        pl.col("submitted_on", "period_start", "period_end", "date").str.to_date()
    )


def run(*args: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(cli(), ["adjudicate", *args])
    return outcome.exit_code, outcome.output


def test_given_rows_in_arrival_order_then_the_results_equal_the_grouped_ones(
    tmp_path: Path,
) -> None:
    grouped = lines(40)
    grouped.write_parquet(tmp_path / "grouped.parquet")
    by_line = grouped.with_row_index("row").sort(pl.col("row") % 4, "row").drop("row")
    by_line.write_parquet(tmp_path / "arrival.parquet")  # claims interleaved, own rows in order
    code, output = run(str(tmp_path / "grouped.parquet"), "--output", str(tmp_path / "g.parquet"))
    assert code == 0, output
    arguments = ["--output", str(tmp_path / "a.parquet"), "--order", "arrival"]
    code, output = run(str(tmp_path / "arrival.parquet"), *arguments)
    assert code == 0, output
    keys = ["claim_id", "visit_id", "line_id"]
    got = pl.read_parquet(tmp_path / "a.parquet").sort(keys)
    assert got.equals(pl.read_parquet(tmp_path / "g.parquet").sort(keys))
    first = got.filter(claim_id="C-7", visit_id="V0", line_id="L0").row(0, named=True)
    assert (first["deductible_fen"], first["payable_fen"], first["reasons"]) == (
        1000, 6300, "DEDUCTIBLE|COINSURANCE",
    )  # fmt: skip


def test_given_no_output_then_csv_goes_to_stdout(tmp_path: Path) -> None:
    lines(3).write_parquet(tmp_path / "lines.parquet")
    outcome = CliRunner().invoke(cli(), ["adjudicate", str(tmp_path / "lines.parquet")])
    assert outcome.exit_code == 0
    rows = outcome.stdout.splitlines()
    assert rows[0].startswith("claim_id,visit_id,line_id,amount_fen")
    assert len(rows) == 1 + 3 * 4


def test_given_a_product_with_daily_allowance_then_exit_2_columnar_unsupported(
    tmp_path: Path,
) -> None:
    frame = lines(2).with_columns(product=pl.lit("tianan-student-accident-medical"))
    frame.write_parquet(tmp_path / "lines.parquet")
    code, output = run(str(tmp_path / "lines.parquet"), "--output", str(tmp_path / "o.parquet"))
    assert code == 2
    words = " ".join(output.split())  # the console wraps long messages
    assert "COLUMNAR_UNSUPPORTED" in words or ("product" in words and "allowance" in words)
    assert not (tmp_path / "o.parquet").exists()


def test_given_jsonl_with_numbers_and_a_broken_line_then_results_as_the_contract_reads_them(
    tmp_path: Path,
) -> None:
    import json

    from claimdesk.contract.adjudicate import adjudicate_json
    from claimdesk.contract.request_json import loads
    from claimdesk.rules.loader import load_products, packaged_products_dir

    example = packaged_products_dir() / "examples" / "tianan-group-medical"
    text = (example / "outpatient-deductible-and-supply-limit.json").read_text("utf-8")
    request = json.loads(text)["request"]
    numeric = json.dumps(request, ensure_ascii=False).replace('"amount": "', '"amount": ', 1)
    numeric = numeric.replace('", "fund_paid"', ', "fund_paid"', 1)  # one amount as a number
    assert numeric != json.dumps(request, ensure_ascii=False)
    file = tmp_path / "claims.jsonl"
    file.write_text(f"{numeric}\n\n{{broken\n", encoding="utf-8")
    outcome = CliRunner().invoke(cli(), ["adjudicate", str(file)])
    assert outcome.exit_code == 2
    first, second = (json.loads(line) for line in outcome.stdout.splitlines())
    assert first == adjudicate_json(loads(numeric), load_products())
    assert (second["line"], second["error"]["code"]) == (2, "INVALID_JSON")
