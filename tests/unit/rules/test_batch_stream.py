"""Streamed file-to-file batches (issue 17): whatever the batch size and the order of the
rows (grouped by claim or in arrival order), the results are the per-claim engine's."""

from __future__ import annotations

import io
import itertools
import random
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from adjudication_generator import claim_rows, random_claim
from batch_oracle import PRODUCTS, assert_same_lines, engine_results

from claimdesk.rules.batch_ahead import ahead
from claimdesk.rules.batch_arrival import PARTITION_BATCHES
from claimdesk.rules.batch_stream import adjudicate_file, count_lines
from claimdesk.rules.errors import InvalidRequest


def generated(seed: int, count: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    claims = [random_claim(rng, f"C-{n:04d}") for n in range(count)]
    for claim in claims:
        claim["visits"] = [visit for visit in claim["visits"] if visit["lines"]]
    return [claim for claim in claims if claim["visits"]]


def in_arrival_order(frame: pl.DataFrame, seed: int) -> pl.DataFrame:
    """Claims interleaved at random, each claim's own rows still in their order."""
    key = pl.Series("_key", np.random.default_rng(seed).random(len(frame)))
    interleaved = frame.with_columns(key).with_columns(pl.col("_key").sort().over("claim_id"))
    return interleaved.sort("_key").drop("_key")


CLAIMS = generated(11, 300)
FRAME = pl.DataFrame([row for claim in CLAIMS for row in claim_rows(claim)])
RESULTS = engine_results(CLAIMS)


@pytest.mark.parametrize("batch_lines", [1, 13, 500, 1_000_000], ids=lambda n: f"batch-{n}")
@pytest.mark.parametrize("order", ["grouped", "arrival"])
def test_given_a_parquet_file_then_the_streamed_results_are_the_engines(
    tmp_path: Path, order: str, batch_lines: int
) -> None:
    source, target = tmp_path / "lines.parquet", tmp_path / "results.parquet"
    frame = FRAME if order == "grouped" else in_arrival_order(FRAME, batch_lines)
    assert order == "grouped" or not frame["claim_id"].equals(FRAME["claim_id"])
    frame.write_parquet(source, row_group_size=97)
    adjudicate_file(source, target, PRODUCTS, order=order, batch_lines=batch_lines)  # type: ignore[arg-type]
    results = pl.read_parquet(target)
    assert len(results) == len(FRAME)
    assert_same_lines(RESULTS, results)


def test_given_csv_in_and_out_then_the_rows_equal_those_of_parquet(tmp_path: Path) -> None:
    FRAME.write_csv(tmp_path / "lines.csv")
    FRAME.write_parquet(tmp_path / "lines.parquet")
    adjudicate_file(tmp_path / "lines.csv", tmp_path / "out.csv", PRODUCTS, batch_lines=50)
    adjudicate_file(tmp_path / "lines.parquet", tmp_path / "out.parquet", PRODUCTS)
    as_csv = pl.read_csv(
        tmp_path / "out.csv", schema=pl.read_parquet_schema(tmp_path / "out.parquet")
    )
    assert as_csv.equals(pl.read_parquet(tmp_path / "out.parquet"))
    assert count_lines(tmp_path / "lines.parquet") == len(FRAME)


def test_given_a_stream_target_then_csv_is_written_once_with_its_header(tmp_path: Path) -> None:
    FRAME.write_parquet(tmp_path / "lines.parquet")
    out = io.BytesIO()
    adjudicate_file(tmp_path / "lines.parquet", out, PRODUCTS, batch_lines=40)
    text = out.getvalue().decode("utf-8").splitlines()
    assert text[0].startswith("claim_id,visit_id,line_id") and len(text) == len(FRAME) + 1


def test_given_a_bad_row_in_a_later_batch_then_its_file_row_is_named_and_no_file_left(
    tmp_path: Path,
) -> None:
    bad = len(FRAME) - 1
    frame = FRAME.with_columns(
        type=pl.when(pl.int_range(pl.len()) == bad).then(pl.lit("massage")).otherwise("type")
    )
    frame.write_parquet(tmp_path / "lines.parquet")
    with pytest.raises(InvalidRequest) as error:
        adjudicate_file(
            tmp_path / "lines.parquet", tmp_path / "out.parquet", PRODUCTS, batch_lines=30
        )
    assert error.value.field == f"rows[{bad}].type"
    assert not (tmp_path / "out.parquet").exists()


@pytest.mark.parametrize("batch_lines", [7, 1_000_000], ids=lambda n: f"batch-{n}")
def test_given_a_bad_row_in_arrival_order_then_its_row_in_the_file_is_named(
    tmp_path: Path, batch_lines: int
) -> None:
    frame = in_arrival_order(FRAME, 5)
    bad = len(frame) // 2
    frame = frame.with_columns(
        type=pl.when(pl.int_range(pl.len()) == bad).then(pl.lit("massage")).otherwise("type")
    )
    frame.write_parquet(tmp_path / "lines.parquet")
    with pytest.raises(InvalidRequest) as error:
        adjudicate_file(
            tmp_path / "lines.parquet", tmp_path / "out.parquet", PRODUCTS, order="arrival",
            batch_lines=batch_lines,
        )  # fmt: skip
    assert error.value.field == f"rows[{bad}].type"


@pytest.mark.parametrize(
    "batch_lines", [300, 100_000], ids=["keys-sorted-batches-gathered", "frame-sorted-whole"]
)
def test_given_a_claims_visits_interleaved_then_each_visit_keeps_its_lines_in_order(
    tmp_path: Path, batch_lines: int
) -> None:
    """V0 L0, V1 L0, V0 L1, …: visits keep the order of their first rows, lines theirs."""
    numbered = FRAME.with_row_index("_row").with_columns(
        _line=pl.int_range(pl.len()).over("claim_id", "visit_id")
    )
    round_robin = numbered.sort("claim_id", "_line", "_row").drop("_row", "_line")
    source = tmp_path / "lines.parquet"
    in_arrival_order(round_robin, 3).write_parquet(source)
    adjudicate_file(
        source, tmp_path / "out.parquet", PRODUCTS, order="arrival", batch_lines=batch_lines
    )
    assert_same_lines(RESULTS, pl.read_parquet(tmp_path / "out.parquet"))


def test_given_a_spilled_arrival_file_then_claims_come_partition_by_partition_by_id(
    tmp_path: Path,
) -> None:
    """The order results always had: partitions in the order of their names' text (0, 1, 10,
    11, …, 2), claims by id within each, each claim's rows together."""
    batch_lines = 13
    parts = -(-len(FRAME) // (PARTITION_BATCHES * batch_lines))
    assert parts > 10  # so that text order is not number order
    in_arrival_order(FRAME, 13).write_parquet(tmp_path / "lines.parquet")
    adjudicate_file(
        tmp_path / "lines.parquet", tmp_path / "out.parquet", PRODUCTS, order="arrival",
        batch_lines=batch_lines,
    )  # fmt: skip
    results = pl.read_parquet(tmp_path / "out.parquet")
    part = (pl.col("claim_id").hash(seed=2026) % parts).cast(pl.String)
    expected = FRAME.select(pl.col("claim_id").unique()).sort(part, "claim_id")["claim_id"]
    runs = results.filter(pl.col("claim_id") != pl.col("claim_id").shift(1).fill_null(""))
    assert runs["claim_id"].to_list() == expected.to_list()
    assert_same_lines(RESULTS, results)


def stage_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "claimdesk-batch-stage"]


def test_given_stages_ahead_then_items_keep_their_order_and_an_error_reaches_the_reader() -> None:
    def failing() -> Iterator[int]:
        yield from range(5)
        raise InvalidRequest("rows[4].type", "unknown", "未知")

    seen: list[int] = []
    with pytest.raises(InvalidRequest, match="unknown"):
        seen.extend(ahead(ahead(failing())))
    assert seen == [0, 1, 2, 3, 4]
    assert not stage_threads()


def test_given_a_reader_that_stops_early_then_the_producers_stop_and_close_their_source() -> None:
    closed: list[bool] = []

    def endless() -> Iterator[int]:
        try:
            yield from itertools.count()
        finally:
            closed.append(True)

    stages = ahead(ahead(endless()))
    assert [next(stages) for _ in range(3)] == [0, 1, 2]
    stages.close()
    assert closed == [True]
    assert not stage_threads()


def test_given_a_target_that_cannot_be_written_then_the_error_is_raised_and_no_stage_is_left(
    tmp_path: Path,
) -> None:
    FRAME.write_parquet(tmp_path / "lines.parquet")
    with pytest.raises(Exception, match="missing"):
        adjudicate_file(
            tmp_path / "lines.parquet", tmp_path / "missing" / "out.parquet", PRODUCTS,
            batch_lines=40,
        )  # fmt: skip
    assert not stage_threads()
