"""Arrival order for the streamed batch (issue 17): rows in any order (a database export in
arrival order) are put a claim's rows together before the engine. A file of more than
`IN_MEMORY_BATCHES` batches is first split by a hash of `claim_id` into partitions of about
`PARTITION_BATCHES` batches, spilled to a temporary directory, so memory stays bounded by the
partition whatever the size of the file; results come out grouped by claim, partition after
partition."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import polars as pl

from claimdesk.rules.batch import chunks
from claimdesk.rules.batch_ahead import ahead

# In arrival order a file of up to 8 batches is put in claim order in memory; a larger one is
# split into partitions of about 4 batches (gathering rows from a smaller frame is cheaper).
IN_MEMORY_BATCHES, PARTITION_BATCHES = 8, 4
SPILL_LINES = 65_536  # rows read at a time for the spill, at the least


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
    # Read for the spill in chunks of at least SPILL_LINES: a partition's rows and their order
    # do not depend on the chunks, but tiny batches would write a file per partition per row.
    batches = ahead(numbered.collect_batches(chunk_size=max(batch_lines, SPILL_LINES)))
    try:
        for number, batch in enumerate(batches):
            for key, piece in pieces(batch, parts):
                directory = spill / str(key)
                directory.mkdir(exist_ok=True)
                piece.write_ipc(directory / f"{number:012d}.arrow")
    finally:
        batches.close()
    return sorted(
        (spill / str(key) for key in range(parts) if (spill / str(key)).is_dir()),
        key=lambda d: d.name,
    )


def pieces(batch: pl.DataFrame, parts: int) -> Iterator[tuple[int, pl.DataFrame]]:
    """(partition, its rows of the batch in file order) for each partition the batch has rows
    of. A stable sort by partition on one thread, then slices: ≈ 20 % less CPU than
    `partition_by` (whose gather alone cost what this gather and the writing of it cost)."""
    part = (batch["claim_id"].hash(seed=2026) % parts).alias("_part")
    batch = batch.with_columns(part).sort("_part", maintain_order=True, multithreaded=False)
    start = 0
    for key, length in enumerate(np.bincount(batch["_part"].to_numpy(), minlength=parts)):
        if length:
            yield key, batch.slice(start, int(length)).drop("_part")
        start += int(length)


def claims_together(frame: pl.DataFrame, batch_lines: int) -> Iterator[tuple[int, pl.DataFrame]]:
    """Batches of about `batch_lines` rows of whole claims, a claim's rows together, lines in
    arrival order (the batch path then takes visits by date, as the engine does). A stable
    order by claim is enough when each claim's visits are then contiguous (an export gives a
    visit's lines together); otherwise visits are put in the order of their first row. Rows
    keep their number in the file (`_row`), by which an invalid row is named.

    A frame of up to `PARTITION_BATCHES` batches is sorted whole and sliced (one
    gather of every column: ≈ 20 % less CPU); a larger one sorts only its keys and gathers
    each batch's rows, since a whole sorted copy would add the frame's size to the peak."""
    if len(frame) <= PARTITION_BATCHES * batch_lines:
        # On one thread: ≈ 20 % less CPU than polars' parallel sort, and this runs in the
        # reading stage beside the engine and the writer, which keep the other core busy.
        frame = frame.sort("claim_id", maintain_order=True, multithreaded=False)
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
