"""Streamed file-to-file batch adjudication: bill lines are read a batch of whole claims at a
time and each batch's results are written before the next is read, so memory stays bounded
whatever the size of the file (issue 17).

Two orders of input rows:
- `grouped`: the rows of a claim are contiguous (as `claimdesk` and most extracts write them).
  Batches are cut between claims; a claim that runs past a batch waits for the next one.
- `arrival`: rows in any order (a database export in arrival order). A file of more than one
  batch is first split by a hash of `claim_id` into partitions of about one batch each
  (spilled to Parquet in a temporary directory), then each partition is adjudicated whole.
  A claim's rows are put together in the order they arrived, so the results are those of the
  same claim given grouped; results come out grouped by claim, partition after partition.

Reading, adjudicating and writing run on three threads, a batch in hand between each (polars
and numpy work without the GIL), so on two cores a batch is read while the one before is
adjudicated and the one before that is written.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO, Literal

import polars as pl
from polars.io.plugins import register_io_source

from claimdesk.rules.batch import (
    adjudicate_lines,
    in_processing_order,
    renumbered,
    with_reason_text,
)
from claimdesk.rules.batch_ahead import ahead
from claimdesk.rules.batch_arrival import arrival_batches
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.terms import Product

Order = Literal["grouped", "arrival"]
ORDERS: tuple[Order, ...] = ("grouped", "arrival")
RESULT_MONEY = ("amount_fen", "eligible_fen", "deductible_fen", "payable_fen")
# Lines of whole claims a streamed batch. Grouped: 100 k (the engine costs the same CPU a line
# from 100 k up, +15 % at 50 k; smaller batches shorten the start, a first batch read before
# the engine starts, and the end, a last batch written after it, and lower the peak). Arrival
# order sorts the file (or a partition) before its first batch anyway, and its per-batch work
# made 100 k cost ≈ 5 % more CPU than 250 k there.
STREAM_LINES: dict[Order, int] = {"grouped": 100_000, "arrival": 250_000}
OnBatch = Callable[[int], None]  # told the number of lines of each batch done


def scan_lines(path: Path) -> pl.LazyFrame:
    if path.suffix.lower() == ".parquet":
        return pl.scan_parquet(path)
    return pl.scan_csv(path, try_parse_dates=True, infer_schema_length=100_000)


def count_lines(path: Path) -> int | None:
    """Rows of a Parquet file from its footer (no data read); None for CSV."""
    if path.suffix.lower() != ".parquet":
        return None
    return int(pl.scan_parquet(path).select(pl.len()).collect().item())


def result_schema(source: pl.Schema) -> dict[str, Any]:
    for name in ("product", "claim_id", "visit_id", "line_id"):
        if name not in source:
            raise InvalidRequest(name, "missing column", "缺少此列")
    keys = {name: source[name] for name in ("claim_id", "visit_id", "line_id")}
    return {**keys, **dict.fromkeys(RESULT_MONEY, pl.Int64), "reasons": pl.String}


def adjudicate_file(
    source: Path,
    target: Path | BinaryIO,
    products: Mapping[str, Product],
    *,
    order: Order = "grouped",
    batch_lines: int | None = None,
    on_batch: OnBatch | None = None,
) -> None:
    """Per-line results of `source` into `target` (Parquet by suffix, else CSV), in batches of
    about `batch_lines` lines (by default the order's `STREAM_LINES`)."""
    if batch_lines is None:
        batch_lines = STREAM_LINES[order]
    lazy = scan_lines(source)
    schema = result_schema(lazy.collect_schema())
    with tempfile.TemporaryDirectory(prefix="claimdesk-batch-") as spill:
        if order == "grouped":
            batches = grouped_batches(lazy, batch_lines)
        else:
            batches = arrival_batches(lazy, batch_lines, Path(spill))
        # Three stages on their own threads, one batch in hand between each: polars reads
        # and writes, and numpy computes, without the GIL, so a batch is read while the one
        # before is adjudicated and the one before that is written (memory: a few batches).
        read = ahead(batches)
        results = ahead(adjudicated(read, products, batch_lines, on_batch))
        try:
            write_results(results, schema, target)
        finally:  # after an error the stages may still be at work (or kept by a traceback)
            results.close()
            read.close()


def adjudicated(
    batches: Iterator[tuple[int, pl.DataFrame]],
    products: Mapping[str, Product],
    chunk_lines: int,
    on_batch: OnBatch | None,
) -> Iterator[pl.DataFrame]:
    for offset, batch in batches:
        file_rows = None
        try:
            if "_row" in batch.columns:  # arrival order: the rows' numbers in the file
                batch = in_processing_order(batch)
                file_rows, batch = batch["_row"], batch.drop("_row")
            # One contiguous buffer per column: the engine's numpy views are then free instead
            # of a copy per read column (a streamed batch arrives in several chunks).
            lines, _ = adjudicate_lines(batch.rechunk(), products, chunk_lines)
        except InvalidRequest as error:
            raise in_file_rows(error, offset, file_rows) from None
        except pl.exceptions.PolarsError as error:  # a missing column, a wrong type
            message = str(error).splitlines()[0]
            raise InvalidRequest(
                "rows", message, f"表格无法按列式批量理算读取：{message}"
            ) from None
        yield with_reason_text(lines)
        if on_batch is not None:
            on_batch(len(batch))


def in_file_rows(error: InvalidRequest, offset: int, file_rows: pl.Series | None) -> InvalidRequest:
    """An error naming `rows[i]` of a batch names the row of the file."""
    if file_rows is None or not error.field.startswith("rows["):
        return renumbered(error, offset)
    index, rest = error.field[5:].split("]", 1)
    field = f"rows[{file_rows[int(index)]}]{rest}"
    return InvalidRequest(field, error.message_en, error.message_zh, error.code)


def grouped_batches(lazy: pl.LazyFrame, batch_lines: int) -> Iterator[tuple[int, pl.DataFrame]]:
    """(first row, rows) of batches of whole claims, in file order."""
    carry: pl.DataFrame | None = None
    offset = 0
    for batch in lazy.collect_batches(chunk_size=batch_lines):
        if carry is not None:
            batch = pl.concat([carry, batch])
        last = last_claim_start(batch["claim_id"])
        if last:
            yield offset, batch.slice(0, last)
            offset += last
        carry = batch.slice(last)
    if carry is not None and len(carry):
        yield offset, carry


def last_claim_start(claim_id: pl.Series) -> int:
    """The first row of the batch's last claim (which may go on in the next batch)."""
    starts = (claim_id != claim_id.shift(1)).fill_null(True).arg_true()
    return int(starts[-1]) if len(starts) else 0


def write_results(
    results: Iterator[pl.DataFrame], schema: dict[str, Any], target: Path | BinaryIO
) -> None:
    """Each batch's results written as they come (Parquet by suffix, else CSV)."""
    if not isinstance(target, Path):
        for number, frame in enumerate(results):
            frame.write_csv(target, include_header=number == 0)
        return
    failure: list[BaseException] = []
    lazy = register_io_source(lambda *_: guarded(results, failure), schema=schema)
    try:
        if target.suffix.lower() == ".parquet":
            lazy.sink_parquet(target)
        else:
            lazy.sink_csv(target)
    except Exception:
        if not failure:
            raise
    if failure:  # an invalid row: the reason is ours, not polars' wrapping of it
        target.unlink(missing_ok=True)
        raise failure[0]


def guarded(
    results: Iterator[pl.DataFrame], failure: list[BaseException]
) -> Iterator[pl.DataFrame]:
    try:
        yield from results
    except (InvalidRequest, OSError) as error:
        failure.append(error)
        raise
