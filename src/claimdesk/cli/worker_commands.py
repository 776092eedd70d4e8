"""`claimdesk worker`: deliver customer notices from the outbox (SMS, e-mail, in-app)."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Annotated

import typer

Once = Annotated[bool, typer.Option("--once", help="One pass, then exit / 只运行一次")]
Interval = Annotated[float, typer.Option(help="Seconds between passes / 间隔秒数", min=0.1)]


def worker(once: Once = False, interval: Interval = 5.0) -> None:
    """Deliver due notices; safe to run beside the server and beside other workers. 通知发送。"""
    from claimdesk.bootstrap import build_container, migrate  # lazy: `claimdesk --help` stays fast
    from claimdesk.config import Settings
    from claimdesk.services.notices import use_cases as notifications

    settings = Settings()
    migrate(settings)
    container = build_container(settings)
    senders = container.senders
    lease = timedelta(seconds=settings.outbox_lease_seconds)
    while True:
        result = notifications.worker_pass(container.uow, container.clock, senders, lease)
        if result.sent or result.retried or result.failed or result.unconfirmed or once:
            typer.echo(
                f"已发送 sent {result.sent}, 重试 retry {result.retried}, "
                f"失败 failed {result.failed}, 待核实 unconfirmed {result.unconfirmed}"
            )
        if once:
            return
        time.sleep(interval)


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
