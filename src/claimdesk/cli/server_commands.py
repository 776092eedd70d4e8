"""`claimdesk serve` and `claimdesk demo`: run the web server (the demo loads demo data first)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from claimdesk.bootstrap import Container
    from claimdesk.config import Settings

Host = Annotated[str, typer.Option(help="Address to listen on / 监听地址")]
Port = Annotated[int, typer.Option(help="Port / 端口", min=1, max=65535)]
Workers = Annotated[
    int,
    typer.Option(
        help="Server processes on this port (PostgreSQL only) / 服务进程数（仅 PostgreSQL）",
        min=1, max=64,
    ),
]  # fmt: skip


def serve(host: Host = "127.0.0.1", port: Port = 8000, workers: Workers = 1) -> None:
    """Start the web server (migrates the database first). 启动服务。"""
    from claimdesk.config import Settings

    settings = Settings()
    if workers > 1 and settings.database_url.startswith("sqlite"):
        typer.echo(
            "--workers > 1 需要 PostgreSQL（CLAIMDESK_DATABASE_URL）；"
            "内置 SQLite 只运行一个进程。\n"
            "--workers > 1 needs PostgreSQL (CLAIMDESK_DATABASE_URL); the embedded SQLite "
            "database runs as one process.",
            err=True,
        )
        raise typer.Exit(2)
    # After the refusal above: a refused start does not pay for importing the application;
    # nor does the parent of `--workers N`, which only migrates (its workers build the app).
    from claimdesk.adapters.db.migrate import migrate  # lazy: `claimdesk --help` stays fast

    migrate(settings)
    if workers > 1:
        _run_workers(settings, host, port, workers)
        return
    _run(settings, host, port)


def demo(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    load_only: Annotated[
        bool, typer.Option("--load-only", help="Load demo data, do not serve")
    ] = False,
) -> None:
    """Create the demo database with realistic data and start the server. 演示环境。"""
    from rich.console import Console
    from rich.progress import Progress

    from claimdesk.bootstrap import build_container, migrate
    from claimdesk.config import Settings
    from claimdesk.demo.auto import load_auto_demo
    from claimdesk.demo.health import accept_auto_claims, load_demo_data
    from claimdesk.demo.passwords import HashedOnce

    console = Console(stderr=True)
    # Demo data is disposable: skip the per-commit fsync of FULL, loading is much faster.
    settings = Settings(sqlite_synchronous="NORMAL")
    migrate(settings)
    container = build_container(settings)
    hasher = HashedOnce(container.hasher)  # one published password for every demo user
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("正在载入演示数据 Loading demo claims", total=200)
        summary = load_demo_data(
            container.uow, hasher, container.products, files=container.files,
            on_claim=lambda done, total: progress.update(task, completed=done, total=total),
        )  # fmt: skip
        progress.update(task, description="车险演示数据 Auto fleet claims")
        if load_auto_demo(
            container.uow,
            hasher,
            products=container.products,
            auto_products=container.auto_products,
        ):
            accept_auto_claims(container.uow, container.products)
        progress.update(task, description="风险模型 Training the risk model")
        _train_models(container, fresh=summary is not None)
    if summary is None:
        console.print("演示数据已存在 Demo data already loaded.")
    else:
        console.print(f"已载入 Loaded: {summary.insured} insured, {summary.claims} claims.")
    console.print(f"数据库 Database: {settings.database_url}")
    _print_sign_in(console, host, port)
    if not load_only:
        _run(settings, host, port)


def _train_models(container: Container, *, fresh: bool) -> None:
    """The demo's investigator list is ranked from the start: the stored-claims risk model is
    trained (evaluation beside it) and every claim scored; the 预赔 model is fitted and the
    undecided claims loaded get their estimate, as the 2-hour job would have given it."""
    from claimdesk.demo.estimates import estimate_demo_claims
    from claimdesk.services.fraud.retrain import retrain

    path = container.settings.fraud_model_path
    if path is not None and (fresh or not path.is_file()):
        retrain(container.uow, container.clock, path)
        container.reload_fraud_model()
    container.refit_estimator()
    if fresh and container.settings.payout_estimates:
        estimate_demo_claims(container.context(), container.uow)


def _print_sign_in(console: Console, host: str, port: int) -> None:
    from rich.table import Table

    from claimdesk.demo.health import DEMO_PASSWORD, DEMO_USERS

    table = Table(
        title=f"登录 Sign in at http://{host}:{port}/login  (密码 password: {DEMO_PASSWORD})"
    )
    table.add_column("用户名 username")
    table.add_column("岗位 role")
    table.add_column("姓名 name")
    for username, name, role in DEMO_USERS:
        table.add_row(username, str(role), name)
    table.add_row("customer", "customer", "被保险人 E1001")
    console.print(table)


def _run(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    from claimdesk.bootstrap import build_app, build_container

    container = build_container(settings)
    container.refit_estimator()  # 预赔: the quantile model over the settled claims
    app = build_app(container)
    if settings.log_format == "json":
        from claimdesk.web.observability import configure_json_logging

        # One JSON line per request from web/observability.py replaces uvicorn's access log.
        configure_json_logging()
        uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)
        return
    uvicorn.run(app, host=host, port=port, log_level="info")


def _run_workers(settings: Settings, host: str, port: int, workers: int) -> None:
    """N uvicorn worker processes on one socket, each building its app from the environment
    (bootstrap.app_from_environment); the scheduled jobs run once per period across them."""
    import uvicorn

    json_logs = settings.log_format == "json"
    uvicorn.run(
        "claimdesk.bootstrap:app_from_environment", factory=True, host=host, port=port,
        workers=workers, log_config=None if json_logs else uvicorn.config.LOGGING_CONFIG,
        access_log=not json_logs, log_level="info",
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("demo")(demo)
