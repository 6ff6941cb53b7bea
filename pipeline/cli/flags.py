"""Help that shows an on/off option as a plain flag (``--quiet``, not ``--quiet <bool>``).

typer 0.29's rich help prints every option's type, flags included (its plain help leaves
flags out), so ``foia-clean --help`` read ``--version <bool>`` as if the option took a value.
These command classes give each flag an empty metavar before help is drawn; parsing is
unchanged (a flag never reads a metavar).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer.core

if TYPE_CHECKING:  # typer 0.29 carries its own click; older ones use the click package
    from typer._click.core import Context


def _plain_flags(params: list[Any]) -> list[Any]:
    """The same parameters, each flag (``is_flag``, no metavar of its own) given ``""``."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


class FlagCommand(typer.core.TyperCommand):
    """A command whose help shows flags without a type (pass as ``app.command(cls=...)``)."""

    def get_params(self, ctx: Context) -> list[Any]:
        return _plain_flags(super().get_params(ctx))


class FlagGroup(typer.core.TyperGroup):
    """The command group (``typer.Typer(cls=...)``): ``--version`` and ``--help`` as flags."""

    def get_params(self, ctx: Context) -> list[Any]:
        return _plain_flags(super().get_params(ctx))
