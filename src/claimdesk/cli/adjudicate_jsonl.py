"""`claimdesk adjudicate claims.jsonl`: one request a line in, one result a line out, streamed
(constant memory), with msgspec at the edge: numbers are read as exact decimals as the
contract's own reader does, results written compact, one buffered write a line."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
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
PROGRESS_EVERY = 256  # lines between progress-bar updates


def run_jsonl(file: Path, products: Mapping[str, Product], out: BinaryIO | None = None) -> None:
    """One result a line; a bad line is reported on stderr (and as an error line), exit 2."""
    from rich.console import Console
    from rich.progress import Progress

    from claimdesk.contract.adjudicate import adjudicate_json

    out = out or sys.stdout.buffer
    errors, stderr = 0, Console(stderr=True)
    with file.open("rb") as lines, Progress(console=stderr, transient=True) as progress:
        task = progress.add_task("理算 adjudicating", total=file.stat().st_size)
        for number, (line, done) in enumerate(requests(lines), start=1):
            try:
                output = adjudicate_json(decode(line), products)
            except InvalidRequest as error:
                stderr.print(f"line {number}: invalid input: {error.field}: {error.message_en}")
                output, errors = {"line": number, "error": error.to_json()}, errors + 1
            out.write(ENCODER.encode(output) + b"\n")
            if number % PROGRESS_EVERY == 0:
                progress.update(task, completed=done)
    out.flush()
    if errors:
        stderr.print(f"{errors} invalid line(s); see messages above")
        raise typer.Exit(2)


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
