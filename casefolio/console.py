"""What every CLI module shares: the consoles, loading settings, and failing with a message."""

from __future__ import annotations

from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from base.errors import CasefolioError
from base.settings import Settings, load_settings
from casefolio.logs import configure_logging

out = Console(soft_wrap=True)
err = Console(stderr=True)


def cli_settings() -> Settings:
    """Settings from the environment and casefolio.toml; a bad value exits 2 with the reason."""
    try:
        settings = load_settings()
    except Exception as e:
        err.print(f"[red]casefolio: bad settings:[/] {e}")
        raise typer.Exit(2) from e
    configure_logging(settings.log_level)
    settings.ensure_folders()
    return settings


def die(message: str, code: int = 2) -> NoReturn:
    """Print `casefolio: message` on stderr and exit with code."""
    err.print(f"[red]casefolio:[/] {message}")
    raise typer.Exit(code)


class CommandGroup(TyperGroup):
    """The command tree: an error of the project's tree ends the command with its message and its
    `exit_code` (a bug still shows its traceback)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CasefolioError as e:
            err.print(f"[red]casefolio:[/] {escape(e.message)}")
            raise typer.Exit(e.exit_code) from e
