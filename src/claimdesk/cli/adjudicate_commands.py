"""`claimdesk adjudicate FILE`: the adjudication contract on the command line.

FILE is one request (`.json`; a worked-example file's `request` is used), a batch (`.jsonl`,
one request a line, one result a line), or bill lines (`.parquet`/`.csv`, the columnar path).
Exit 0 for any decision, 2 for invalid input with the field named on stderr.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from claimdesk.rules.errors import InvalidRequest, ProductDefinitionError

# Only what one claim needs loads at start-up: the columnar path (polars, numpy), the tables
# (rich) and the auto engine load inside the functions that use them
# (tests/integration/test_cli_import_graph.py guards this).
if TYPE_CHECKING:
    from claimdesk.rules.explain import Explanation
    from claimdesk.rules.terms import Product

COLUMNAR_SUFFIXES = {".parquet", ".csv"}


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class Order(StrEnum):
    grouped = "grouped"
    arrival = "arrival"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("adjudicate")(adjudicate_command)


def adjudicate_command(
    file: Annotated[Path, typer.Argument(help="request .json, batch .jsonl, or .parquet/.csv")],
    explain_table: Annotated[bool, typer.Option("--explain", help="readable table")] = False,
    lang: Annotated[Lang, typer.Option("--lang", help="table language")] = Lang.zh,
    products_dir: Annotated[
        Path | None, typer.Option("--products", help="directory of extra product files")
    ] = None,
    columnar: Annotated[
        bool, typer.Option("--columnar", help="FILE is a table of bill lines")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", help="columnar results file (.parquet/.csv)")
    ] = None,
    order: Annotated[
        Order, typer.Option("--order", help="columnar rows: grouped by claim, or arrival order")
    ] = Order.grouped,
    jobs: Annotated[
        int, typer.Option("--jobs", help=".jsonl: worker processes (0: one per usable CPU)")
    ] = 0,
) -> None:
    """理算: adjudicate claims against the product terms (理算结果输出为 JSON)."""
    from claimdesk.rules.loader import load_products

    try:
        products = load_products(*([products_dir] if products_dir else []))
        if columnar or file.suffix.lower() in COLUMNAR_SUFFIXES:
            run_columnar(file, products, output, order)
        elif file.suffix.lower() == ".jsonl":
            run_batch(file, products, jobs)
        else:
            run_single(file, products, explain_table, lang, products_dir)
    except (InvalidRequest, ProductDefinitionError, OSError) as error:
        fail(error)


def fail(error: Exception) -> None:
    from rich.console import Console

    console = Console(stderr=True)
    if isinstance(error, InvalidRequest):
        console.print(f"invalid input: {error.field}: {error.message_en} ({error.message_zh})")
    else:
        console.print(f"invalid input: {error}")
    raise typer.Exit(2)


def read_request(text: str) -> Any:
    from claimdesk.contract.request_json import loads

    payload = loads(text)
    if isinstance(payload, dict) and "request" in payload and "product" not in payload:
        return payload["request"]  # a worked-example file
    return payload


def run_single(
    file: Path,
    products: Mapping[str, Product],
    as_table: bool,
    lang: Lang,
    products_dir: Path | None = None,
) -> None:
    from claimdesk.contract.adjudicate import adjudicate_json

    payload = read_request(file.read_text(encoding="utf-8"))
    medical = isinstance(payload, dict) and payload.get("product") in products
    if not medical and run_auto(payload, as_table, lang, products_dir):
        return  # a medical product's code skips loading the auto engine
    result = adjudicate_json(payload, products)
    if as_table:
        print_explanation(result, products.get(result["product"]), lang)
    else:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))


def run_auto(payload: Any, as_table: bool, lang: Lang, products_dir: Path | None) -> bool:
    """Dispatch on the line of business: an auto product's request goes to `rules.auto`."""
    from claimdesk.rules.auto.explain import explain_auto
    from claimdesk.rules.auto.json_api import is_auto_request, settle_json
    from claimdesk.rules.auto.loader import load_auto_products

    auto_products = load_auto_products(*([products_dir] if products_dir else []))
    if not is_auto_request(payload, auto_products):
        return False
    result = settle_json(payload, auto_products)
    if as_table:
        show(explain_auto(result, str(lang)))
    else:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    return True


def print_explanation(result: dict[str, Any], product: Product | None, lang: Lang) -> None:
    from claimdesk.rules.explain import explain

    show(explain(result, product, str(lang)))


def show(explanation: Explanation) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for label, value in explanation.summary:
        console.print(f"[bold]{label}[/bold]: {value}")
    table = Table(title=explanation.title)
    for column in explanation.columns:
        table.add_column(column)
    for row in explanation.rows:
        table.add_row(*row)
    console.print(table)


def run_batch(file: Path, products: Mapping[str, Product], jobs: int) -> None:
    from claimdesk.cli.adjudicate_jsonl import run_jsonl, usable_cpus

    run_jsonl(file, products, jobs=jobs if jobs > 0 else usable_cpus())


def run_columnar(
    file: Path, products: Mapping[str, Product], output: Path | None, order: Order
) -> None:
    """Per-line results as CSV on stdout, or to `--output` (Parquet by suffix), streamed a
    batch of whole claims at a time; a progress bar on stderr."""
    import sys

    from rich.console import Console
    from rich.progress import Progress

    from claimdesk.rules.batch_stream import adjudicate_file, count_lines

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("理算 adjudicating lines", total=count_lines(file))
        adjudicate_file(
            file, output or sys.stdout.buffer, products, order=order.value,
            on_batch=lambda lines: progress.advance(task, lines),
        )  # fmt: skip
