"""`claimdesk adjudicate claims.jsonl`: one request a line in, one result a line out (issue 17).

Streamed a block of lines at a time (bounded memory), with msgspec at the edge: numbers are
read as exact decimals as the contract's own reader does, results written compact; a line
in the standard form is read by msgspec forms (`contract.standard_form.head_from_json`, same
values as pydantic's; its bill lines go to the table as read), any other line is decoded and
validated by pydantic. Each block goes through `contract.batch_json.adjudicate_many` (the
claims the columnar path can follow as one table, their line results written as JSON by
polars; the others per claim), with results identical to adjudicating each line alone.
A file of more than one block is shared among worker processes (`--jobs`, one per usable CPU
by default), at most two blocks ahead of the writer each; results keep the file's order.
Workers are spawned, not forked: a forked copy of a process whose polars threads have started
can hang.
"""

from __future__ import annotations

import gc
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import msgspec
import typer

from claimdesk.rules.errors import InvalidRequest

if TYPE_CHECKING:
    from claimdesk.rules.terms import Product

DECODER = msgspec.json.Decoder(float_hook=Decimal)  # never a binary float, as `contract.loads`
ENCODER = msgspec.json.Encoder()
BLOCK_LINES = 1024  # requests adjudicated together (one table), then written
READ_BUFFER = 1 << 20
Block = list[tuple[int, bytes]]  # (line number, line) of non-blank lines
Done = tuple[bytes, list[str], int]  # results of a block, its error messages, lines given
PRODUCTS: dict[str, Mapping[str, Product]] = {}  # this process's products (see `use`)


def run_jsonl(
    file: Path, products: Mapping[str, Product], out: BinaryIO | None = None, jobs: int = 1
) -> None:
    """One result a line; a bad line is reported on stderr (and as an error line), exit 2."""
    from rich.console import Console
    from rich.progress import Progress

    out = out or sys.stdout.buffer
    errors, stderr = 0, Console(stderr=True)
    # Lines of a few kB: a 1 MB buffer reads them in a third of the CPU of the default 8 kB.
    progress = Progress(console=stderr, transient=True)
    with file.open("rb", buffering=READ_BUFFER) as lines, progress:
        task = progress.add_task("理算 adjudicating", total=None)
        for results, messages, count in adjudicated(blocks(lines), products, jobs):
            out.write(results)
            for message in messages:
                stderr.print(message)
            errors += len(messages)
            progress.advance(task, count)
    out.flush()
    if errors:
        stderr.print(f"{errors} invalid line(s); see messages above")
        raise typer.Exit(2)


def usable_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def blocks(lines: Iterable[bytes]) -> Iterator[Block]:
    """Blocks of non-blank lines, numbered as before (blank lines are not counted)."""
    # `isspace` is `not strip()` (the same ASCII whitespace) without copying each line.
    numbered = enumerate((line for line in lines if not line.isspace()), start=1)
    while block := list(islice(numbered, BLOCK_LINES)):
        yield block


def adjudicated(
    source: Iterator[Block], products: Mapping[str, Product], jobs: int
) -> Iterator[Done]:
    """Each block's results in order: in this process for one block or one job, else by a
    pool of spawned workers."""
    first, second = next(source, None), next(source, None)
    given = (block for block in (first, second) if block is not None)
    if second is None or jobs <= 1:
        use(products)
        yield from map(adjudicate_block, chain(given, source))
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with context.Pool(jobs, initializer=use, initargs=(products,)) as pool:
        pending: deque[Any] = deque()
        for block in chain(given, source):
            pending.append(pool.apply_async(adjudicate_block, (block,)))
            if len(pending) > 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def use(products: Mapping[str, Product]) -> None:
    PRODUCTS["products"] = products


def adjudicate_block(block: Block) -> Done:
    """A block's result lines (encoded) and error messages. The garbage collector waits for
    the end of the block: a block makes millions of short-lived objects and no cycles."""
    from claimdesk.contract.batch_json import adjudicate_many

    gc.disable()
    try:
        decoded = [decode_or_refusal(line) for _, line in block]
        valid = [payload for payload in decoded if not isinstance(payload, InvalidRequest)]
        results = iter(adjudicate_many(valid, PRODUCTS["products"], encoded=True))
        outputs, messages = [], []
        for (number, _), payload in zip(block, decoded, strict=True):
            output = payload if isinstance(payload, InvalidRequest) else next(results)
            if isinstance(output, InvalidRequest):
                messages.append(
                    f"line {number}: invalid input: {output.field}: {output.message_en}"
                )
                output = {"line": number, "error": output.to_json()}
            outputs.append(ENCODER.encode(output))
        outputs.append(b"")
        return b"\n".join(outputs), messages, len(block)
    finally:
        gc.enable()


def decode_or_refusal(line: bytes) -> Any:
    """The request read straight from the line when it is in the standard form (msgspec
    forms, same values as pydantic's), else the decoded JSON for pydantic, or the refusal."""
    from claimdesk.contract.standard_form import head_from_json

    read = head_from_json(line)  # its bill lines go to the table as read (no `Line` objects)
    if read is not None:
        return read
    try:
        return decode(line)
    except InvalidRequest as error:
        return error


def decode(line: bytes) -> Any:
    try:
        return DECODER.decode(line)
    except (msgspec.DecodeError, UnicodeDecodeError) as error:  # not JSON, not UTF-8
        raise InvalidRequest(
            "<request>", f"not valid JSON: {error}", "不是有效的 JSON", "INVALID_JSON"
        ) from None
