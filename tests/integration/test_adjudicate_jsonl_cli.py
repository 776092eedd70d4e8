"""`claimdesk adjudicate claims.jsonl`: blocks of lines through the columnar path, shared among
worker processes, give each line's `adjudicate_json` result in the file's order; a bad line
is an error line naming its number and field, and the exit status is 2 (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from claimdesk.cli import adjudicate_commands, adjudicate_jsonl
from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.rules.loader import load_products, packaged_products_dir

EXAMPLES = sorted((packaged_products_dir() / "examples").glob("tianan-*/*.json"))


def cli() -> typer.Typer:
    app = typer.Typer()
    adjudicate_commands.register(app)

    @app.command("noop", hidden=True)
    def noop() -> None:  # a second command keeps `adjudicate` a named subcommand
        """Unused."""

    return app


def requests(copies: int) -> list[dict[str, Any]]:
    """Every health and accident product's worked examples, each with its own claim id."""
    result = []
    for copy in range(copies):
        for path in EXAMPLES:
            request = json.loads(path.read_text(encoding="utf-8"))["request"]
            result.append({**request, "claim_id": f"{request['claim_id']}-{copy}"})
    return result


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_given_many_blocks_then_each_line_gets_its_own_result_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.setattr(adjudicate_jsonl, "BLOCK_LINES", 5)
    given = requests(3)
    lines = [json.dumps(request, ensure_ascii=False) for request in given]
    lines[7] = lines[7][:-1] + ', "visitz": []}'  # an unknown field
    lines[12] = "{not json"
    file = tmp_path / "claims.jsonl"
    file.write_text("\n".join(lines[:10]) + "\n\n" + "\n".join(lines[10:]) + "\n", "utf-8")
    outcome = CliRunner().invoke(cli(), ["adjudicate", str(file), "--jobs", jobs])
    assert outcome.exit_code == 2, outcome.output
    got = [json.loads(line) for line in outcome.stdout.splitlines()]
    products = load_products()
    want = [adjudicate_json(request, products) for request in given]
    assert [got[n] for n in range(len(given)) if n not in (7, 12)] == [
        want[n] for n in range(len(given)) if n not in (7, 12)
    ]
    assert (got[7]["line"], got[7]["error"]["code"]) == (8, "INVALID_INPUT")
    assert (got[12]["line"], got[12]["error"]["code"]) == (13, "INVALID_JSON")
    assert "line 8: invalid input: visitz" in outcome.stderr
    assert "2 invalid line(s)" in outcome.stderr


def test_given_blank_and_whitespace_lines_then_they_are_skipped_and_not_counted() -> None:
    lines = [b"{}\n", b"\n", b" \t\r\x0b\x0c\n", b"  \n", b'{"a": 1}', b" x \n"]
    numbered = [entry for block in adjudicate_jsonl.blocks(lines) for entry in block]
    assert numbered == [(1, b"{}\n"), (2, b'{"a": 1}'), (3, b" x \n")]
