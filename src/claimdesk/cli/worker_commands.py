"""`claimdesk worker`: deliver customer notices from the outbox (SMS, e-mail, in-app)."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Annotated

import typer

Once = Annotated[bool, typer.Option("--once", help="One pass, then exit / 只运行一次")]
Interval = Annotated[float, typer.Option(help="Seconds between passes / 间隔秒数", min=0.1)]
Jobs = Annotated[
    bool,
    typer.Option(help="Also run the scheduled jobs (SLA sweep, report, retrain) / 定时任务"),
]


def worker(once: Once = False, interval: Interval = 5.0, jobs: Jobs = True) -> None:
    """Deliver due notices and run the scheduled jobs; safe beside the servers and other
    workers: each notice is sent once, each job runs once per period. 通知发送与定时任务。"""
    from claimdesk.bootstrap import build_container, migrate  # lazy: `claimdesk --help` stays fast
    from claimdesk.config import Settings
    from claimdesk.services.notices import use_cases as notifications
    from claimdesk.web.scheduled_jobs import pass_every, scheduled_pass

    settings = Settings()
    _configure_logging(settings.log_format)
    migrate(settings)
    container = build_container(settings)
    senders = container.senders
    lease = timedelta(seconds=settings.outbox_lease_seconds)
    jobs_every = pass_every(container) if jobs else 0.0
    jobs_due = time.monotonic() + jobs_every
    while True:
        if jobs_every > 0 and time.monotonic() >= jobs_due:
            scheduled_pass(container)
            jobs_due = time.monotonic() + jobs_every
        result = notifications.worker_pass(container.uow, container.clock, senders, lease)
        if result.sent or result.retried or result.failed or result.unconfirmed or once:
            typer.echo(
                f"已发送 sent {result.sent}, 重试 retry {result.retried}, "
                f"失败 failed {result.failed}, 待核实 unconfirmed {result.unconfirmed}"
            )
        if once:
            return
        time.sleep(interval)


def _configure_logging(log_format: str) -> None:
    """The jobs' log lines (runs, failures) on stderr: JSON lines or plain text."""
    import logging

    if log_format == "json":
        from claimdesk.web.observability import configure_json_logging

        configure_json_logging()
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
