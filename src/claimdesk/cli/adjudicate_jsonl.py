"""`claimdesk adjudicate claims.jsonl`: one request a line in, one result a line out, streamed
a block of lines at a time (bounded memory), with msgspec at the edge: numbers are read as
exact decimals as the contract's own reader does, results written compact. Each block goes
through `contract.batch_json.adjudicate_many` (the claims the columnar path can follow as one
table, the others per claim), with results identical to adjudicating each line alone."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from itertools import islice
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import msgspec
import typer

from claimdesk.rules.errors import InvalidRequest

if TYPE_CHECKING:
    from claimdesk.rules.terms import Product

DECODER = msgspec.json.Decoder(float_hook=Decimal)  # never a binary float, as `contract.loads`
ENCODER = msgspec.json.Encoder()
BLOCK_LINES = 4096  # requests adjudicated together (one table), then written


def run_jsonl(file: Path, products: Mapping[str, Product], out: BinaryIO | None = None) -> None:
    """One result a line; a bad line is reported on stderr (and as an error line), exit 2."""
    from rich.console import Console
    from rich.progress import Progress

    out = out or sys.stdout.buffer
    errors, stderr = 0, Console(stderr=True)
    with file.open("rb") as lines, Progress(console=stderr, transient=True) as progress:
        task = progress.add_task("理算 adjudicating", total=file.stat().st_size)
        numbered = enumerate(requests(lines), start=1)
        while block := list(islice(numbered, BLOCK_LINES)):
            for number, output in adjudicated(block, products):
                if isinstance(output, InvalidRequest):
                    stderr.print(f"line {number}: invalid input: {output.field}: {output.message_en}")
                    output, errors = {"line": number, "error": output.to_json()}, errors + 1
                out.write(ENCODER.encode(output) + b"\n")
            progress.update(task, completed=block[-1][1][1])
    out.flush()
    if errors:
        stderr.print(f"{errors} invalid line(s); see messages above")
        raise typer.Exit(2)


def adjudicated(
    block: list[tuple[int, tuple[bytes, int]]], products: Mapping[str, Product]
) -> Iterator[tuple[int, dict[str, Any] | InvalidRequest]]:
    """(line number, result or refusal) of each line of the block, in order."""
    from claimdesk.contract.batch_json import adjudicate_many

    decoded: list[Any | InvalidRequest] = []
    for _, (line, _) in block:
        try:
            decoded.append(decode(line))
        except InvalidRequest as error:
            decoded.append(error)
    valid = [payload for payload in decoded if not isinstance(payload, InvalidRequest)]
    results = iter(adjudicate_many(valid, products))
    for (number, _), payload in zip(block, decoded, strict=True):
        yield number, payload if isinstance(payload, InvalidRequest) else next(results)


def requests(lines: BinaryIO) -> Iterator[tuple[bytes, int]]:
    """Non-blank lines (numbered as before: blank lines are not counted) and bytes read."""
    done = 0
    for line in lines:
        done += len(line)
        if line.strip():
            yield line, done


def decode(line: bytes) -> Any:
    try:
        return DECODER.decode(line)
    except msgspec.DecodeError as error:
        raise InvalidRequest(
            "<request>", f"not valid JSON: {error}", "不是有效的 JSON", "INVALID_JSON"
        ) from None
