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

import queue
import tempfile
import threading
from collections.abc import Callable, Generator, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO, Literal, TypeVar

import polars as pl
from polars.io.plugins import register_io_source

from claimdesk.rules.batch import (
    adjudicate_lines,
    chunks,
    in_processing_order,
    renumbered,
    with_reason_text,
)
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
# In arrival order a file of up to 8 batches is put in claim order in memory; a larger one is
# split into partitions of about 4 batches (gathering rows from a smaller frame is cheaper).
IN_MEMORY_BATCHES, PARTITION_BATCHES = 8, 4
OnBatch = Callable[[int], None]  # told the number of lines of each batch done
T = TypeVar("T")


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


def ahead(items: Iterator[T], depth: int = 1) -> Generator[T, None, None]:
    """`items`, produced on a thread of their own at most `depth` items ahead of the reader.
    An error of the producer is raised to the reader; a reader that stops early (closes this
    generator) stops the producer and closes `items`."""
    slots: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                slots.put(("item", item))
                if stop.is_set():
                    return
            slots.put(("end", None))
        except BaseException as error:  # handed to the reader, raised there
            slots.put(("error", error))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=produce, name="claimdesk-batch-stage", daemon=True)
    worker.start()
    try:
        while True:
            kind, value = slots.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        while worker.is_alive():  # free a producer waiting for a slot, so that it sees stop
            try:
                slots.get_nowait()
            except queue.Empty:
                worker.join(0.05)


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


def arrival_batches(
    lazy: pl.LazyFrame, batch_lines: int, spill: Path
) -> Iterator[tuple[int, pl.DataFrame]]:
    """Batches of whole claims, each claim's rows together; a file of more than
    `IN_MEMORY_BATCHES` batches is first split by a hash of `claim_id` into partitions of about
    `PARTITION_BATCHES` batches."""
    numbered = lazy.with_row_index("_row")
    rows = int(lazy.select(pl.len()).collect().item())
    if rows <= IN_MEMORY_BATCHES * batch_lines:
        yield from claims_together(numbered.collect(), batch_lines)
        return
    parts = -(-rows // (PARTITION_BATCHES * batch_lines))
    directories = spilled(numbered, parts, batch_lines, spill)
    partitions = ahead(pl.scan_ipc(sorted(files.iterdir())).collect() for files in directories)
    try:
        for frame in partitions:
            yield from claims_together(frame, batch_lines)
    finally:
        partitions.close()


def spilled(numbered: pl.LazyFrame, parts: int, batch_lines: int, spill: Path) -> list[Path]:
    """The rows split by a hash of `claim_id` into `parts` partitions, written a batch at a time
    as uncompressed Arrow IPC pieces (one directory a partition); the partitions' directories
    in the order of their names' text (`0, 1, 10, 11, …, 2`), the order results always had.

    Arrow IPC without compression is written and read at about the speed of a copy; the
    partitioned `sink_parquet` (lz4) it replaces cost ≈ 2× the CPU to write and 1.5× to read
    back, for a spill ≈ 5.5× smaller on disk (≈ 150 bytes a line here)."""
    batches = ahead(numbered.collect_batches(chunk_size=batch_lines))
    try:
        for number, batch in enumerate(batches):
            part = (batch["claim_id"].hash(seed=2026) % parts).alias("_part")
            pieces = batch.with_columns(part).partition_by("_part", include_key=False, as_dict=True)
            for (key,), piece in pieces.items():
                directory = spill / str(key)
                directory.mkdir(exist_ok=True)
                piece.write_ipc(directory / f"{number:012d}.arrow")
    finally:
        batches.close()
    return sorted(
        (spill / str(key) for key in range(parts) if (spill / str(key)).is_dir()),
        key=lambda d: d.name,
    )


def claims_together(frame: pl.DataFrame, batch_lines: int) -> Iterator[tuple[int, pl.DataFrame]]:
    """Batches of about `batch_lines` rows of whole claims, a claim's rows together, lines in
    arrival order (the batch path then takes visits by date, as the engine does). A stable
    order by claim is enough when each claim's visits are then contiguous (an export gives a
    visit's lines together); otherwise visits are put in the order of their first row. Rows
    keep their number in the file (`_row`), by which an invalid row is named.

    A frame of up to `PARTITION_BATCHES` batches is sorted whole and sliced (one parallel
    gather of every column: ≈ 20 % less CPU); a larger one sorts only its keys and gathers
    each batch's rows, since a whole sorted copy would add the frame's size to the peak."""
    if len(frame) <= PARTITION_BATCHES * batch_lines:
        frame = frame.sort("claim_id", maintain_order=True)
        if not visits_contiguous(frame):
            frame = frame[by_first_rows(frame)]
        for start, length in chunks(frame, batch_lines):
            yield 0, frame.slice(start, length)
        return
    frame = frame.rechunk()  # gathering from one buffer a column is about twice as fast
    order = frame.select(pl.arg_sort_by("claim_id", maintain_order=True)).to_series()
    keys = frame.select("claim_id", "visit_id")[order]
    if not visits_contiguous(keys):
        order = by_first_rows(frame)
        keys = frame.select("claim_id")[order]
    for start, length in chunks(keys, batch_lines):
        yield 0, frame[order.slice(start, length)]


def by_first_rows(frame: pl.DataFrame) -> pl.Series:
    """The order of rows by their claim's first row, then their visit's, then their own."""
    first_rows = frame.select(
        _claim=pl.col("_row").min().over("claim_id"),
        _visit=pl.col("_row").min().over("claim_id", "visit_id"),
        _row="_row",
    )
    return first_rows.select(pl.arg_sort_by("_claim", "_visit", "_row")).to_series()


def visits_contiguous(frame: pl.DataFrame) -> bool:
    """No (claim, visit) pair starts two runs of rows."""
    keys = frame.select("claim_id", "visit_id")
    changed = pl.any_horizontal(pl.all().ne_missing(pl.all().shift(1)))
    runs = keys.filter(changed.fill_null(True))
    return not bool(runs.is_duplicated().any())


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
