"""`claimdesk adjudicate` on auto requests: dispatched on the line of business, explained in
zh or en, bad input refused with exit 2 naming the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimdesk.rules.auto.json_api import settle_json
from claimdesk.rules.auto.loader import load_auto_products
from claimdesk.rules.loader import packaged_products_dir
from tests.integration.test_adjudicate_cli import cli, request_of, write_request

SEVENTY_THIRTY = (
    packaged_products_dir() / "examples/auto-commercial/compulsory-and-vehicle-damage-70-30.json"
)


def test_given_an_auto_request_when_adjudicated_then_stdout_is_the_auto_engine_result(
    tmp_path: Path,
) -> None:
    file = write_request(tmp_path, request_of(SEVENTY_THIRTY))
    outcome = CliRunner().invoke(cli(), ["adjudicate", str(file)])
    assert outcome.exit_code == 0, outcome.output
    result = json.loads(outcome.stdout)
    assert result == settle_json(request_of(SEVENTY_THIRTY), load_auto_products())
    assert result["payable"] == "9200.00"


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", ["车损险", "5100.00", "交强险"]), ("en", ["vehicle damage", "liability share"])],
    ids=["chinese", "english"],
)
def test_given_explain_then_each_amount_is_shown_with_its_working(
    lang: str, words: list[str]
) -> None:
    args = ["adjudicate", str(SEVENTY_THIRTY), "--explain", "--lang", lang]
    outcome = CliRunner().invoke(cli(), args, env={"COLUMNS": "400"})
    assert outcome.exit_code == 0, outcome.output
    for word in words:
        assert word in outcome.stdout


def test_given_a_liability_share_over_100_percent_then_exit_2_names_the_field(
    tmp_path: Path,
) -> None:
    request = request_of(SEVENTY_THIRTY)
    request["accident"]["liability_share"] = "1.50"  # type: ignore[index]
    outcome = CliRunner().invoke(cli(), ["adjudicate", str(write_request(tmp_path, request))])
    assert outcome.exit_code == 2
    assert "accident.liability_share" in outcome.output
    assert "payable" not in outcome.output  # nothing computed


INJURY = (
    packaged_products_dir() / "examples/auto-compulsory/injury-third-party-one-off-settlement.json"
)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", ["人伤", "一次性", "4800.00", "不属于第三者"]),
     ("en", ["bodily injury", "One-off settlement", "not third parties"])],
    ids=["chinese", "english"],
)  # fmt: skip
def test_given_an_injury_request_then_explain_shows_the_review_and_the_settlement(
    lang: str, words: list[str]
) -> None:
    args = ["adjudicate", str(INJURY), "--explain", "--lang", lang]
    outcome = CliRunner().invoke(cli(), args, env={"COLUMNS": "600"})
    assert outcome.exit_code == 0, outcome.output
    for word in words:
        assert word in outcome.stdout, word
