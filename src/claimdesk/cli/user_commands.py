"""`claimdesk user add USERNAME --role ROLE`."""

from __future__ import annotations

from typing import Annotated

import typer

from claimdesk.domain.users import Role

user_app = typer.Typer(help="Users / 用户", no_args_is_help=True)


@user_app.command("add")
def add(
    username: str,
    role: Annotated[Role, typer.Option(help="Role / 岗位")],
    display_name: Annotated[str, typer.Option(help="Display name / 姓名")] = "",
    password: Annotated[
        str,
        typer.Option(
            prompt=True, hide_input=True, confirmation_prompt=True, envvar="CLAIMDESK_NEW_PASSWORD"
        ),
    ] = "",
    insured_person_id: Annotated[
        int | None, typer.Option(help="For customers: their insured id")
    ] = None,
) -> None:
    """Create a user. 新增用户。"""
    from rich.console import Console  # lazy: `claimdesk --help` stays fast

    from claimdesk.bootstrap import build_container, migrate
    from claimdesk.config import Settings
    from claimdesk.domain.errors import DomainError
    from claimdesk.services.users.use_cases import add_user

    console = Console(stderr=True)
    settings = Settings()
    migrate(settings)
    container = build_container(settings)
    try:
        user = add_user(
            container.context(),
            hasher=container.hasher,
            username=username,
            password=password,
            role=role,
            display_name=display_name,
            insured_person_id=insured_person_id,
            actor="cli",
        )
    except DomainError as error:
        console.print(f"[red]{error.message_zh}[/red] / {error.message_en}")
        raise typer.Exit(2) from error
    console.print(f"已创建用户 Created user {user.username} ({user.role}), id {user.id}")


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
